"""A resident's file as one timeline: signals, trajectories, notes, documents, participations.

``casework.selectors.resident_timeline`` reads each kind (inside the gate); this module only
merges them into one list, newest first, for the page (P01).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "signal", "trajectory", "note", "document" or "participation"
    day: dt.date
    moment: dt.datetime | None
    item: object


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _entries(timeline: dict) -> list[TimelineEntry]:
    entries = [
        TimelineEntry("signal", _local_day(s.received_at), s.received_at, s)
        for s in timeline["signals"]
    ]
    entries += [
        TimelineEntry("trajectory", t.start_date, t.created_at, t) for t in timeline["trajectories"]
    ]
    entries += [TimelineEntry("note", n.occurred_on, n.created_at, n) for n in timeline["notes"]]
    entries += [
        TimelineEntry("document", _local_day(d.uploaded_at), d.uploaded_at, d)
        for d in timeline["documents"]
    ]
    entries += [
        TimelineEntry("participation", p.joined_on, None, p) for p in timeline["participations"]
    ]
    return entries


def timeline_entries(timeline: dict) -> list[TimelineEntry]:
    """Every item of the file in one list, newest day first (and newest within a day)."""
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)

    def key(entry: TimelineEntry):
        return (entry.day, entry.moment or oldest)

    return sorted(_entries(timeline), key=key, reverse=True)
