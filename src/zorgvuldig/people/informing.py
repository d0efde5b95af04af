"""Informing residents (Art. 13/14 AVG, P06, P07): tasks with a legal deadline, and how they
were completed -- informed, or an Art. 14(5) exception with its reason."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgvuldig.core.context import SystemActor
from zorgvuldig.core.errors import GateRefused, NotFound, ValidationFailed
from zorgvuldig.core.gate import processing, processing_atomic, require_open
from zorgvuldig.people.deadlines import informing_deadline
from zorgvuldig.people.models import InformingTask, Resident
from zorgvuldig.registry.models import ProcessingActivity

MONITOR = SystemActor("informing-monitor")


def informing_task_open(
    *,
    ctx,
    resident: Resident,
    reason: str,
    source_description: str = "",
    obtained_at: dt.datetime | None = None,
) -> InformingTask:
    """Open an informing task unless one for the same resident, purpose and reason is open."""
    existing = InformingTask.objects.filter(
        resident=resident,
        activity=ctx.activity,
        reason=reason,
        status=InformingTask.Status.OPEN,
    ).first()
    obtained_at = obtained_at or timezone.now()
    if existing is not None:
        if obtained_at < existing.obtained_at:
            # Data obtained earlier than the open task knew: the deadline moves forward.
            existing.obtained_at = obtained_at
            existing.deadline = informing_deadline(
                obtained_at=obtained_at,
                first_contact_at=existing.first_contact_at,
                first_disclosure_at=existing.first_disclosure_at,
            )
            existing.save()
        return existing
    task = InformingTask(
        resident=resident,
        activity=ctx.activity,
        reason=reason,
        source_description=source_description[:200],
        obtained_at=obtained_at,
        deadline=informing_deadline(obtained_at=obtained_at),
    )
    task.save()
    return task


def _check_moment(field: str, moment, *, not_before=None) -> dict:
    now = timezone.now()
    if moment is None:
        return {field: [_("Vul een datum en tijd in.")]}
    if moment > now + dt.timedelta(minutes=5):
        return {field: [_("Dit moment ligt in de toekomst.")]}
    if not_before is not None and moment < not_before:
        return {field: [_("Dit moment ligt vóór het verkrijgen van de gegevens.")]}
    return {}


def _open_task(task: InformingTask) -> None:
    if task.status != InformingTask.Status.OPEN:
        raise ValidationFailed(
            _("Deze taak is al afgerond."), fields={"status": [_("Deze taak is al afgerond.")]}
        )


def informing_record_contact(
    *, actor, purpose, task: InformingTask, first_contact_at=None, first_disclosure_at=None
) -> InformingTask:
    """Record a first contact or disclosure; the deadline moves forward when earlier (14(3))."""
    with processing_atomic(actor=actor, purpose=purpose):
        _open_task(task)
        errors = {}
        if first_contact_at is not None:
            errors |= _check_moment(
                "first_contact_at", first_contact_at, not_before=task.obtained_at
            )
        if first_disclosure_at is not None:
            errors |= _check_moment(
                "first_disclosure_at", first_disclosure_at, not_before=task.obtained_at
            )
        if errors:
            raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=errors)
        task.first_contact_at = first_contact_at or task.first_contact_at
        task.first_disclosure_at = first_disclosure_at or task.first_disclosure_at
        task.deadline = informing_deadline(
            obtained_at=task.obtained_at,
            first_contact_at=task.first_contact_at,
            first_disclosure_at=task.first_disclosure_at,
        )
        task.save()
        return task


def informing_complete(
    *, actor, purpose, task: InformingTask, informed_at, method: str
) -> InformingTask:
    """Record how and when the resident was informed of the processing and its source."""
    with processing_atomic(actor=actor, purpose=purpose):
        _open_task(task)
        errors = _check_moment("informed_at", informed_at, not_before=task.obtained_at)
        if method not in InformingTask.Method.values:
            errors["method"] = [_("Kies hoe de inwoner is geïnformeerd.")]
        if errors:
            raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=errors)
        task.status = InformingTask.Status.INFORMED
        task.informed_at = informed_at
        task.method = method
        task.completed_by = actor.actor_ref
        task.save()
        return task


def informing_exempt(
    *, actor, purpose, task: InformingTask, exemption: str, reason: str
) -> InformingTask:
    """Record the Art. 14(5) exception that applies, with its reason."""
    with processing_atomic(actor=actor, purpose=purpose):
        _open_task(task)
        errors = {}
        if exemption not in InformingTask.Exemption.values:
            errors["exemption"] = [
                _("Kies de uitzondering van art. 14 lid 5 die van toepassing is.")
            ]
        if task.reason != InformingTask.Reason.SOURCE and exemption:
            errors["exemption"] = [_("Art. 14 lid 5 geldt alleen voor gegevens van een ander.")]
        if len(reason.strip()) < 10:
            errors["exemption_reason"] = [_("Motiveer de uitzondering (minstens 10 tekens).")]
        if errors:
            raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=errors)
        task.status = InformingTask.Status.EXEMPTED
        task.exemption = exemption
        task.exemption_reason = reason.strip()
        task.completed_by = actor.actor_ref
        task.save()
        return task


def informing_tasks(*, actor, purpose, resident: Resident | None = None, overdue_only=False):
    """Informing tasks the actor may see under ``purpose`` (open first, by deadline)."""
    require_open(actor=actor, purpose=purpose)
    qs = InformingTask.objects.select_related("activity")
    if resident is not None:
        qs = qs.filter(resident=resident)
    if overdue_only:
        qs = qs.filter(status=InformingTask.Status.OPEN, deadline__lt=timezone.now())
    return qs.order_by("status", "deadline")


def informing_overdue_summary() -> list[dict]:
    """Overdue informing tasks per processing activity, counts only (privacy officer, P07).

    Runs as the named system actor ``informing-monitor``: it aggregates and reads no
    resident's data, so nothing identifying reaches the privacy officer's dashboard.
    """
    rows = []
    for activity in ProcessingActivity.objects.filter(is_active=True):
        try:
            with processing(actor=MONITOR, purpose=activity):
                summary = InformingTask.objects.filter(
                    status=InformingTask.Status.OPEN, deadline__lt=timezone.now()
                ).aggregate(n=Count("id"), oldest=Min("deadline"))
        except GateRefused:
            # A purpose the gate will not open (e.g. a special category without its Art. 9
            # ground) must not hide the others; its refusal is in the processing log.
            continue
        if summary["n"]:
            rows.append(
                {"activity": activity, "count": summary["n"], "oldest_deadline": summary["oldest"]}
            )
    return rows


def informing_task_get(*, actor, purpose, pk) -> InformingTask:
    """One informing task the actor may see under ``purpose``, or NotFound (missing alike)."""
    require_open(actor=actor, purpose=purpose)
    try:
        return InformingTask.objects.select_related("activity", "resident").get(pk=pk)
    except (InformingTask.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
