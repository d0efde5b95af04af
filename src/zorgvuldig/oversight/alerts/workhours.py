"""Working hours for the outside-hours alert (P14): parsed from ``ZORGVULDIG_WORKING_HOURS``.

Format: parts separated by commas or semicolons; each part names days and a time span::

    mon-fri 07:00-19:00, sat 09:00-13:00
    mon,wed,fri 08:30-17:00

Days are ``mon`` ... ``sun`` (Dutch ``ma`` ... ``zo`` are accepted too), as a range or a list.
A day that no part names has no working hours. Times are Dutch local time (Europe/Amsterdam);
a span includes its start and excludes its end.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_DAYS = {
    **{name: i for i, name in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])},
    **{name: i for i, name in enumerate(["ma", "di", "wo", "do", "vr", "za", "zo"])},
}
_PART = re.compile(r"^(?P<days>[a-z,\-]+)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$")

Schedule = dict[int, tuple[tuple[dt.time, dt.time], ...]]


def _days(text: str, spec: str) -> list[int]:
    days: list[int] = []
    for item in text.split(","):
        first, _sep, last = item.partition("-")
        if first not in _DAYS or (last and last not in _DAYS):
            raise ImproperlyConfigured(f"ZORGVULDIG_WORKING_HOURS: unknown day in {spec!r}")
        start, end = _DAYS[first], _DAYS[last or first]
        if end < start:
            raise ImproperlyConfigured(f"ZORGVULDIG_WORKING_HOURS: day range backwards: {spec!r}")
        days.extend(range(start, end + 1))
    return days


def _time(text: str, spec: str) -> dt.time:
    hours, minutes = (int(n) for n in text.split(":"))
    if hours == 24 and minutes == 0:
        return dt.time.max
    if hours > 23 or minutes > 59:
        raise ImproperlyConfigured(f"ZORGVULDIG_WORKING_HOURS: impossible time in {spec!r}")
    return dt.time(hours, minutes)


@lru_cache(maxsize=8)
def parse_working_hours(spec: str) -> Schedule:
    """Return weekday (0 = Monday) -> spans of working time; raise on a malformed setting."""
    schedule: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for part in re.split(r"(?<=\d)\s*[;,]\s*", spec.strip().lower()):
        match = _PART.match(part.strip())
        if match is None:
            raise ImproperlyConfigured(
                f"ZORGVULDIG_WORKING_HOURS: expected e.g. 'mon-fri 07:00-19:00', got {spec!r}"
            )
        start, end = _time(match["start"], spec), _time(match["end"], spec)
        if end <= start:
            raise ImproperlyConfigured(
                f"ZORGVULDIG_WORKING_HOURS: a span ends before it starts: {spec!r}"
            )
        for day in _days(match["days"], spec):
            schedule.setdefault(day, []).append((start, end))
    return {day: tuple(spans) for day, spans in schedule.items()}


def local_day(moment: dt.datetime) -> dt.date:
    """The Dutch calendar date of an aware moment."""
    return moment.astimezone(AMSTERDAM).date()


def within_working_hours(moment: dt.datetime, schedule: Schedule) -> bool:
    """Whether an aware moment falls inside the working hours (in Dutch local time)."""
    local = moment.astimezone(AMSTERDAM)
    clock = local.time().replace(tzinfo=None)
    return any(start <= clock < end for start, end in schedule.get(local.weekday(), ()))
