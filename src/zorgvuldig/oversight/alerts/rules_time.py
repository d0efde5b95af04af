"""Rules that need only the log itself: emergency access, outside hours, bulk access (P14).

Each takes a batch of new log records and returns the number of alerts it made, per kind. Only
employees are watched: system actors are code, reviewed like code.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from zorgvuldig.audit.selectors import log_actor_between
from zorgvuldig.oversight.alerts.raising import Links, raise_keyed, ref_pk
from zorgvuldig.oversight.alerts.workhours import (
    local_day,
    parse_working_hours,
    within_working_hours,
)
from zorgvuldig.oversight.models import Alert, AlertKind, AlertStatus

EMERGENCY_ACTION = "emergency_access"
# What counts towards bulk access: looking at residents, not changing their data.
BULK_ACTIONS = ("read", "search", "export", "print")


def is_employee(record) -> bool:
    return ref_pk(record.actor_ref, "employee") is not None


def emergency_access_rule(records: list, links: Links) -> Counter[str]:
    """Every granted emergency access is an alert, open until a reviewer judged it (P13, P14)."""
    created: Counter[str] = Counter()
    for record in records:
        if record.action == EMERGENCY_ACTION and record.status == "ok":
            created[AlertKind.EMERGENCY_ACCESS] += raise_keyed(
                AlertKind.EMERGENCY_ACCESS,
                key=f"record:{record.id}",
                records=[record],
                links=links,
                subject_ref=record.subject_ref,
            )
    return created


def outside_hours_rule(records: list, links: Links) -> Counter[str]:
    """An employee's processing outside working hours: one alert per employee per day."""
    schedule = parse_working_hours(settings.ALERT_WORKING_HOURS)
    groups: dict[tuple[str, dt.date], list] = defaultdict(list)
    for record in records:
        if is_employee(record) and not within_working_hours(record.at, schedule):
            groups[(record.actor_ref, local_day(record.at))].append(record)
    made = sum(
        raise_keyed(
            AlertKind.OUTSIDE_HOURS, key=f"day:{day.isoformat()}", records=group, links=links
        )
        for (_actor, day), group in groups.items()
    )
    return Counter({AlertKind.OUTSIDE_HOURS: made})


# -- bulk access ---------------------------------------------------------------------------------


@dataclass
class Burst:
    """A stretch of one actor's records in which some window held too many residents."""

    rows: list[tuple[int, dt.datetime, str]]

    @property
    def start(self) -> dt.datetime:
        return self.rows[0][1]

    @property
    def end(self) -> dt.datetime:
        return self.rows[-1][1]

    @property
    def first_id(self) -> int:
        return min(row[0] for row in self.rows)

    @property
    def last_id(self) -> int:
        return max(row[0] for row in self.rows)

    @property
    def residents(self) -> int:
        return len({row[2] for row in self.rows})


def bursts(rows: list, *, threshold: int, window: dt.timedelta) -> list[Burst]:
    """Stretches of ``rows`` (``(id, at, subject_ref)`` by time) where a sliding ``window``
    held more than ``threshold`` different residents; overlapping windows make one burst."""
    found: list[tuple[int, int]] = []
    counts: Counter[str] = Counter()
    left = 0
    for right, (_id, at, ref) in enumerate(rows):
        counts[ref] += 1
        while rows[left][1] < at - window:
            gone = rows[left][2]
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            left += 1
        if len(counts) > threshold:
            if found and left <= found[-1][1]:
                found[-1] = (found[-1][0], right)
            else:
                found.append((left, right))
    return [Burst(rows[lo : hi + 1]) for lo, hi in found]


def _rows(actor_ref: str, start: dt.datetime, end: dt.datetime) -> list:
    return log_actor_between(actor_ref=actor_ref, start=start, end=end, actions=BULK_ACTIONS)


def _apply_burst(burst: Burst, *, record, links: Links, window: dt.timedelta) -> int:
    """Grow an open bulk alert of this actor that the burst touches, or raise a new one."""
    actor_ref = record.actor_ref
    alert = (
        Alert.objects.filter(
            kind=AlertKind.BULK_ACCESS,
            actor_ref=actor_ref,
            status=AlertStatus.OPEN,
            window_start__lte=burst.end + window,
            window_end__gte=burst.start - window,
        )
        .order_by("-id")
        .first()
    )
    if alert is None:
        _alert, created = Alert.objects.get_or_create(
            fingerprint=f"{AlertKind.BULK_ACCESS}:{actor_ref}:{burst.first_id}",
            defaults={
                "kind": AlertKind.BULK_ACCESS,
                "first_record_id": burst.first_id,
                "last_record_id": burst.last_id,
                "window_start": burst.start,
                "window_end": burst.end,
                "count": burst.residents,
                **links.alert_fields(record),
            },
        )
        return int(created)
    start, end = min(alert.window_start, burst.start), max(alert.window_end, burst.end)
    merged = Burst(_rows(actor_ref, start, end))
    Alert.objects.filter(pk=alert.pk, status=AlertStatus.OPEN).update(
        first_record_id=min(alert.first_record_id, merged.first_id),
        last_record_id=max(alert.last_record_id, merged.last_id),
        window_start=start,
        window_end=end,
        count=merged.residents,
        updated_at=timezone.now(),
    )
    return 0


def bulk_access_rule(records: list, links: Links) -> Counter[str]:
    """More than N residents within T minutes by one employee: one alert per burst."""
    threshold = settings.ALERT_BULK_RESIDENTS
    window = dt.timedelta(minutes=settings.ALERT_BULK_MINUTES)
    by_actor: dict[str, list] = defaultdict(list)
    for record in records:
        if (
            is_employee(record)
            and record.action in BULK_ACTIONS
            and record.status == "ok"
            and record.subject_ref
        ):
            by_actor[record.actor_ref].append(record)
    created = 0
    for actor_ref, mine in by_actor.items():
        low = min(r.at for r in mine) - window
        high = max(r.at for r in mine) + window
        reviewed = list(
            Alert.objects.filter(
                kind=AlertKind.BULK_ACCESS, actor_ref=actor_ref, window_start__lte=high
            )
            .filter(window_end__gte=low)
            .exclude(status=AlertStatus.OPEN)
            .values_list("window_start", "window_end")
        )
        # Records a reviewer has already judged do not count again.
        rows = [
            row
            for row in _rows(actor_ref, low, high)
            if not any(start <= row[1] <= end for start, end in reviewed)
        ]
        for burst in bursts(rows, threshold=threshold, window=window):
            created += _apply_burst(burst, record=mine[0], links=links, window=window)
    return Counter({AlertKind.BULK_ACCESS: created})
