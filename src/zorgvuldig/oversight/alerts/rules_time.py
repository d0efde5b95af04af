"""Rules that need only the log itself: emergency access, failed emergency lookups, outside
hours, bulk access (P14).

Each takes a batch of new log records and returns the number of alerts it made, per kind. Only
employees are watched: system actors are code, reviewed like code -- except the emergency
lookup, which acts on an employee's behalf (``on_behalf_of_ref``): its refusals are that
employee's failed attempts at emergency access.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from zorgvuldig.audit.selectors import log_actor_between, log_for_actor
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.oversight.alerts.raising import Links, latest_alert, raise_keyed, ref_pk
from zorgvuldig.oversight.alerts.workhours import (
    AMSTERDAM,
    local_day,
    parse_working_hours,
    within_working_hours,
)
from zorgvuldig.oversight.models import Alert, AlertKind, AlertStatus
from zorgvuldig.staff.models import EmergencyAccess

EMERGENCY_ACTION = "emergency_access"
# The grant is stored in the same transaction as its log record, whose time is the start of
# that processing context: a few milliseconds apart. Seconds of slack are plenty.
GRANT_SLACK = dt.timedelta(seconds=5)
# The system actor that looks up the resident for emergency access (people.emergency), and
# the reason code of a lookup that found no single resident.
LOOKUP_ACTOR_REF = "system:emergency-lookup"
NOT_IDENTIFIED = "resident_not_identified"
# Failed lookups by one employee on one (Dutch) day that make an alert.
FAILED_LOOKUPS_PER_DAY = 3
# What counts towards bulk access: looking at residents, not changing their data.
BULK_ACTIONS = ("read", "search", "export", "print")


def is_employee(record) -> bool:
    return ref_pk(record.actor_ref, "employee") is not None


def _grants_for(records: list, links: Links) -> dict[int, int]:
    """Record id -> the emergency-access grant it reports, matched without personal data.

    A grant belongs to a record when it is of the record's employee and purpose, for the
    resident whose log reference (:func:`~zorgvuldig.core.gate.subject_ref` of the grant's
    resident id) is the record's, and started within :data:`GRANT_SLACK` of it; the closest.
    """
    employees = {ref_pk(r.actor_ref, "employee") for r in records} - {None}
    if not employees:
        return {}
    grants = EmergencyAccess.objects.filter(
        employee_id__in=employees,
        started_at__gte=min(r.at for r in records) - GRANT_SLACK,
        started_at__lte=max(r.at for r in records) + GRANT_SLACK,
    ).values_list("pk", "employee_id", "resident_id", "activity_id", "started_at")
    by_person: dict[tuple[int, str], list] = defaultdict(list)
    for pk, employee_id, resident_id, activity_id, started_at in grants:
        by_person[(employee_id, subject_ref(resident_id))].append((pk, activity_id, started_at))
    found: dict[int, int] = {}
    for record in records:
        activity_id = links.activities.get(record.activity_version_id)
        candidates = [
            (abs(started_at - record.at), pk)
            for pk, grant_activity, started_at in by_person.get(
                (ref_pk(record.actor_ref, "employee"), record.subject_ref), []
            )
            if grant_activity == activity_id and abs(started_at - record.at) <= GRANT_SLACK
        ]
        if candidates:
            found[record.id] = min(candidates)[1]
    return found


def emergency_access_rule(records: list, links: Links) -> Counter[str]:
    """Every granted emergency access is an alert, open until a reviewer judged it (P13, P14).

    The alert is linked to the grant, so the reviewer can read the stated reason and a "not
    justified" review can end the grant.
    """
    granted = [r for r in records if r.action == EMERGENCY_ACTION and r.status == "ok"]
    grants = _grants_for(granted, links) if granted else {}
    created: Counter[str] = Counter()
    for record in granted:
        created[AlertKind.EMERGENCY_ACCESS] += raise_keyed(
            AlertKind.EMERGENCY_ACCESS,
            key=f"record:{record.id}",
            records=[record],
            links=links,
            subject_ref=record.subject_ref,
            extra={"emergency_access_id": grants.get(record.id)},
        )
    return created


def _is_failed_lookup(record) -> bool:
    return (
        record.actor_ref == LOOKUP_ACTOR_REF
        and record.status == "refused"
        and record.reason_code == NOT_IDENTIFIED
        and ref_pk(record.on_behalf_of_ref, "employee") is not None
    )


def _failed_lookups_on(employee_ref: str, day: dt.date) -> list:
    """All of the employee's failed emergency lookups on one Dutch calendar day, by id."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=AMSTERDAM)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=AMSTERDAM)
    return list(
        log_for_actor(actor_ref=LOOKUP_ACTOR_REF)
        .filter(
            on_behalf_of_ref=employee_ref,
            status="refused",
            reason_code=NOT_IDENTIFIED,
            at__gte=start,
            at__lt=end,
        )
        .order_by("id")
    )


def failed_emergency_lookups_rule(records: list, links: Links) -> Counter[str]:
    """:data:`FAILED_LOOKUPS_PER_DAY` or more failed emergency lookups by one employee on one
    day: one alert per employee per day (trying names and birth dates until one fits).

    The lookup is the system actor ``emergency-lookup``; the employee is its ``on_behalf_of``.
    The day's earlier failures may lie in earlier batches, so the day is counted from the log.
    An open alert takes in later failures; after a "justified" review the day's later failures
    are covered; after "not justified", as many new failures again make a new alert.
    """
    days = {(r.on_behalf_of_ref, local_day(r.at)) for r in records if _is_failed_lookup(r)}
    kind = AlertKind.FAILED_EMERGENCY_LOOKUPS
    made = 0
    for employee_ref, day in sorted(days):
        key = f"day:{day.isoformat()}"
        alert = latest_alert(kind, actor_ref=employee_ref, key=key)
        failures = [
            r
            for r in _failed_lookups_on(employee_ref, day)
            if alert is None or r.id > alert.last_record_id
        ]
        if not failures:
            continue
        if (alert is None or alert.status == AlertStatus.NOT_JUSTIFIED) and len(
            failures
        ) < FAILED_LOOKUPS_PER_DAY:
            continue
        made += raise_keyed(
            kind,
            key=key,
            records=failures,
            links=Links.for_records(failures),  # earlier batches' records too
            actor_ref=employee_ref,
        )
    return Counter({kind: made})


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
