"""Turning matching log records into alerts, idempotently (P14).

Records that match a rule are grouped by a key (a resident reference, a day, one record). For
each group the newest alert with that key decides what happens to a record:

- the alert is **open**: the record joins it (the alert's window and count grow);
- the alert was judged **justified**: the record is covered by that judgement (a worker who
  was rightly assigned to a relative's file is not flagged again for it);
- the alert was judged **not justified**: the record opens a new alert (it happened again);
- a record at or below the alert's last record id was seen before: nothing happens.

Each new alert's fingerprint names its kind, actor, key and first record, and is unique in
the database, so running the rules twice over the same records raises nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from zorgvuldig.oversight.models import Alert, AlertStatus
from zorgvuldig.registry.models import ActivityVersion
from zorgvuldig.staff.models import Employee, Team


def ref_pk(ref: str, prefix: str) -> int | None:
    """The number in ``employee:12`` (prefix ``employee``); None for other references."""
    kind, _sep, pk = (ref or "").partition(":")
    return int(pk) if kind == prefix and pk.isdigit() else None


@dataclass
class Links:
    """The employees, teams and purposes a batch of records refers to, looked up once.

    ``employees`` maps each existing employee the records name -- as actor, or as the one a
    system job acted for (``on_behalf_of_ref``) -- to their current team.
    """

    employees: dict[int, int | None] = field(default_factory=dict)
    teams: set[int] = field(default_factory=set)
    activities: dict[int, int] = field(default_factory=dict)

    @classmethod
    def for_records(cls, records: Iterable) -> Links:
        records = list(records)
        employees = {ref_pk(r.actor_ref, "employee") for r in records}
        employees |= {ref_pk(r.on_behalf_of_ref, "employee") for r in records}
        employees -= {None}
        teams = {ref_pk(r.actor_unit, "team") for r in records} - {None}
        versions = {r.activity_version_id for r in records} - {None}
        return cls(
            employees=dict(Employee.objects.filter(pk__in=employees).values_list("pk", "team_id")),
            teams=set(Team.objects.filter(pk__in=teams).values_list("pk", flat=True)),
            activities=dict(
                ActivityVersion.objects.filter(pk__in=versions).values_list("pk", "activity_id")
            ),
        )

    def alert_fields(self, record, *, actor_ref: str = "") -> dict:
        """The alert's employee, team and purpose from a record.

        ``actor_ref`` names the employee when it is not the record's actor: a system job that
        acted on their behalf. Its record has no team of theirs, so their current team is used.
        """
        actor_ref = actor_ref or record.actor_ref
        employee = ref_pk(actor_ref, "employee")
        team = ref_pk(record.actor_unit, "team")
        if team not in self.teams:
            team = self.employees.get(employee) if actor_ref != record.actor_ref else None
        return {
            "actor_ref": actor_ref,
            "employee_id": employee if employee in self.employees else None,
            "team_id": team,
            "activity_id": self.activities.get(record.activity_version_id),
        }


def _alert_for(
    kind: str, key: str, record, links: Links, *, subject_ref: str, actor_ref: str, extra: dict
):
    """The alert this record opens: made now (True), or made by an earlier run (False)."""
    return Alert.objects.get_or_create(
        fingerprint=f"{kind}:{actor_ref}:{key}:{record.id}",
        defaults={
            "kind": kind,
            "key": key,
            "subject_ref": subject_ref,
            "first_record_id": record.id,
            "last_record_id": record.id,
            "window_start": record.at,
            "window_end": record.at,
            "count": 1,
            **links.alert_fields(record, actor_ref=actor_ref),
            **extra,
        },
    )


def _save_joined(alert: Alert) -> None:
    # Only while still open: a review that landed meanwhile is not overwritten.
    Alert.objects.filter(pk=alert.pk, status=AlertStatus.OPEN).update(
        last_record_id=alert.last_record_id,
        window_start=alert.window_start,
        window_end=alert.window_end,
        count=alert.count,
        updated_at=timezone.now(),
    )


def latest_alert(kind: str, *, actor_ref: str, key: str) -> Alert | None:
    """The newest alert of this kind, employee and key: the one that decides (module doc)."""
    return Alert.objects.filter(kind=kind, actor_ref=actor_ref, key=key).order_by("-id").first()


def raise_keyed(
    kind: str,
    *,
    key: str,
    records: list,
    links: Links,
    subject_ref: str = "",
    actor_ref: str = "",
    extra: dict | None = None,
) -> int:
    """Apply one group of matching records (one actor, one key); return new alerts made.

    ``actor_ref`` is the employee the alert is about when the records' actor is a system job
    acting for them; ``extra`` holds further fields of a new alert.
    """
    records = sorted(records, key=lambda r: r.id)
    actor_ref = actor_ref or records[0].actor_ref
    alert = latest_alert(kind, actor_ref=actor_ref, key=key)
    created = 0
    joined = False
    for record in records:
        if alert is not None and record.id <= alert.last_record_id:
            continue  # seen before
        if alert is not None and alert.status == AlertStatus.JUSTIFIED:
            continue  # covered by the judgement
        if alert is not None and alert.status == AlertStatus.OPEN:
            alert.last_record_id = record.id
            alert.window_start = min(alert.window_start, record.at)
            alert.window_end = max(alert.window_end, record.at)
            alert.count += 1
            joined = True
            continue
        alert, made = _alert_for(
            kind,
            key,
            record,
            links,
            subject_ref=subject_ref,
            actor_ref=actor_ref,
            extra=extra or {},
        )
        created += made
    if joined:
        _save_joined(alert)
    return created
