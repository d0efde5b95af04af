"""Reviewing snooping alerts: who sees which, and the one-time judgement (P14).

- The **privacy officer** sees every alert; a **team lead** sees the alerts about employees
  of their own team (at the time of the records, or now), except alerts about themselves and
  the relation alerts (shared surname, shared address, colleague's file): those tell who in
  the team has a relative, housemate or colleague among the clients, and for which help, so
  only the privacy officer sees them (P13). Everyone else sees none. A reviewer needs a current
  confidentiality declaration (P09).
- An alert is judged once: justified, or not justified with a note. The judgement keeps who
  and when and cannot be changed afterwards; nobody judges an alert about themselves.
- Emergency access judged not justified is ended at once, in the same transaction, if it
  still runs: the worker loses the file as soon as the reviewer has spoken.
- Not justified may be a data breach. The breach register does not exist yet: the pages say
  so and ask the reviewer to report it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgvuldig.core.errors import ApplicationError, GateRefused, NotFound, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.oversight.alerts.matching import resident_id_for_ref
from zorgvuldig.oversight.models import RELATION_KINDS, Alert, AlertKind, AlertStatus
from zorgvuldig.people.models import Resident
from zorgvuldig.staff.emergency import emergency_access_end_by_review
from zorgvuldig.staff.models import Employee, Role

REVIEWER_ROLES = frozenset({Role.TEAM_LEAD, Role.PRIVACY_OFFICER})
NOTE_MAX_LENGTH = 2000


class AlreadyReviewed(ApplicationError):
    code = "already_reviewed"


class OwnAlert(ApplicationError):
    code = "own_alert"


def may_review_alerts(employee: Employee) -> bool:
    """Whether this employee's role reviews alerts at all (a team lead needs a team)."""
    if employee.role == Role.PRIVACY_OFFICER:
        return True
    return employee.role == Role.TEAM_LEAD and employee.team_id is not None


def alerts_for_reviewer(*, reviewer: Employee, include_reviewed: bool = False) -> QuerySet[Alert]:
    """The alerts this reviewer may see, newest first; open ones only unless asked."""
    if not may_review_alerts(reviewer):
        raise GateRefused("this role does not review alerts", code="role_not_allowed")
    if not reviewer.has_current_declaration():
        raise GateRefused("no current declaration", code="no_confidentiality_declaration")
    alerts = Alert.objects.select_related(
        "employee__user", "team", "activity", "reviewed_by__user", "emergency_access"
    )
    if reviewer.role == Role.TEAM_LEAD:
        team = Q(team_id=reviewer.team_id) | Q(employee__team_id=reviewer.team_id)
        alerts = (
            alerts.filter(team)
            .exclude(actor_ref=reviewer.actor_ref)
            .exclude(kind__in=sorted(RELATION_KINDS))
        )
    if not include_reviewed:
        alerts = alerts.filter(status=AlertStatus.OPEN)
    return alerts.order_by("-created_at", "-id")


def open_alert_count(*, reviewer: Employee) -> int | None:
    """Open alerts for the dashboard; None for employees who do not review alerts."""
    if not may_review_alerts(reviewer) or not reviewer.has_current_declaration():
        return None
    return alerts_for_reviewer(reviewer=reviewer).count()


def alert_get(*, reviewer: Employee, pk) -> Alert:
    """One alert the reviewer may see, or NotFound (missing and out of sight alike)."""
    try:
        return alerts_for_reviewer(reviewer=reviewer, include_reviewed=True).get(pk=int(pk))
    except (Alert.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def _check_judgement(decision: str, note: str) -> None:
    fields: dict[str, list[str]] = {}
    if decision not in (AlertStatus.JUSTIFIED, AlertStatus.NOT_JUSTIFIED):
        fields["decision"] = [_("Kies gerechtvaardigd of niet gerechtvaardigd.")]
    if decision == AlertStatus.NOT_JUSTIFIED and not note:
        fields["note"] = [
            _("Licht toe waarom de toegang niet gerechtvaardigd was (zonder namen van inwoners).")
        ]
    if len(note) > NOTE_MAX_LENGTH:
        fields["note"] = [_("Gebruik ten hoogste %(n)s tekens.") % {"n": NOTE_MAX_LENGTH}]
    if fields:
        raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=fields)


@transaction.atomic
def alert_review(*, reviewer: Employee, pk, decision: str, note: str = "") -> Alert:
    """Judge an open alert once: justified, or not justified with a note.

    Emergency access judged not justified is ended now if it is still active (its ``ended_at``
    is then the review's time), in the same transaction as the review.
    """
    alert = alert_get(reviewer=reviewer, pk=pk)
    if alert.actor_ref == reviewer.actor_ref:
        raise OwnAlert(_("Een melding over uzelf beoordeelt een ander."))
    if not alert.is_open:
        raise AlreadyReviewed(_("Deze melding is al beoordeeld; een beoordeling blijft staan."))
    note = (note or "").strip()
    _check_judgement(decision, note)
    now = timezone.now()
    judged = Alert.objects.filter(pk=alert.pk, status=AlertStatus.OPEN).update(
        status=decision, reviewed_by=reviewer, reviewed_at=now, review_note=note
    )
    if not judged:
        raise AlreadyReviewed(_("Deze melding is al beoordeeld; een beoordeling blijft staan."))
    if (
        decision == AlertStatus.NOT_JUSTIFIED
        and alert.kind == AlertKind.EMERGENCY_ACCESS
        and alert.emergency_access_id is not None
    ):
        emergency_access_end_by_review(access=alert.emergency_access, reviewer=reviewer, at=now)
    alert.refresh_from_db()
    return alert


def grant_ended_by_review(alert: Alert) -> bool:
    """Whether the alert's emergency access was ended by its "not justified" review."""
    access = alert.emergency_access
    return (
        access is not None
        and alert.status == AlertStatus.NOT_JUSTIFIED
        and access.ended_at is not None
        and access.ended_at == alert.reviewed_at
    )


def alert_resident_name(*, reviewer: Employee, alert: Alert) -> str | None:
    """The resident's name, if the reviewer may process this resident for the alert's purpose.

    Read through the gate, so the reviewer's read is logged. The reviewer's need-to-know scope
    is searched in memory for the alert's pseudonymous reference: only the one matching
    resident is read. None when there is no resident, or the reviewer may not see them.
    """
    if not alert.subject_ref or alert.activity is None:
        return None
    try:
        with processing(actor=reviewer, purpose=alert.activity.code) as ctx:
            reach = ctx.permitted_resident_ids()
            found = resident_id_for_ref(alert.subject_ref, among=sorted(reach or ()))
            if found is None:
                return None
            resident = Resident.objects.filter(pk=found).first()
            return resident.full_name if resident is not None else None
    except GateRefused:
        return None
