"""Support trajectories and their goals (P01). The end date is the retention trigger."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from zorgvuldig.casework.models import Goal, Trajectory
from zorgvuldig.casework.services._checks import Errors, years_ago
from zorgvuldig.core.gate import processing_atomic
from zorgvuldig.people.models import Resident
from zorgvuldig.staff.models import CASEWORK_ROLES, Employee

# Status changes a trajectory may make; closing is final.
TRANSITIONS = {
    Trajectory.Status.REGISTERED: {Trajectory.Status.INTAKE, Trajectory.Status.CLOSED},
    Trajectory.Status.INTAKE: {Trajectory.Status.ONGOING, Trajectory.Status.CLOSED},
    Trajectory.Status.ONGOING: {Trajectory.Status.CLOSED},
    Trajectory.Status.CLOSED: set(),
}


def _check_workers(errors: Errors, workers, *, actor, activity, resident) -> list[Employee]:
    workers = list(workers)
    if not workers:
        errors.add("workers", _("Kies minstens één hulpverlener."))
    if any(w.role not in CASEWORK_ROLES for w in workers):
        errors.add("workers", _("Alleen hulpverleners en teamleiders kunnen een traject doen."))
    for worker in workers:
        # An assignment, not emergency access: a trajectory is planned, lasting work.
        reach = worker.assignment_scope(activity).filter(resident_id=resident.pk)
        if worker.pk != getattr(actor, "pk", None) and not reach.exists():
            errors.add(
                "workers",
                _(
                    "%(name)s is niet aan deze inwoner toegewezen; laat de "
                    "teamleider eerst toewijzen."
                )
                % {"name": worker},
            )
    return workers


def trajectory_open(
    *, actor, purpose, resident: Resident, question: str, start_date: dt.date, workers=()
) -> Trajectory:
    """Open a trajectory for a resident the actor may process; workers must be assigned."""
    with processing_atomic(actor=actor, purpose=purpose) as ctx:
        errors = Errors()
        question = errors.text("question", question, limit=5000)
        if start_date is None:
            errors.add("start_date", _("Vul een datum in."))
        elif start_date > timezone.localdate() + dt.timedelta(days=90):
            errors.add("start_date", _("Een startdatum ligt hoogstens drie maanden vooruit."))
        elif start_date < years_ago(2):
            errors.add("start_date", _("Deze datum ligt te ver in het verleden."))
        workers = _check_workers(
            errors, workers or [actor], actor=actor, activity=ctx.activity, resident=resident
        )
        errors.raise_if_any()
        trajectory = Trajectory(
            resident=resident, activity=ctx.activity, question=question, start_date=start_date
        )
        trajectory.save()
        trajectory.workers.set(workers)
        return trajectory


def trajectory_set_status(
    *, actor, purpose, trajectory: Trajectory, status: str, end_date: dt.date | None = None
) -> Trajectory:
    """Move a trajectory on; closing needs an end date between start and today."""
    with processing_atomic(actor=actor, purpose=purpose):
        errors = Errors()
        if status not in TRANSITIONS.get(trajectory.status, set()):
            errors.add("status", _("Deze statuswijziging is niet mogelijk."))
        if status == Trajectory.Status.CLOSED:
            if end_date is None:
                errors.add("end_date", _("Vul de einddatum in om het traject af te sluiten."))
            elif end_date < trajectory.start_date:
                errors.add("end_date", _("De einddatum ligt vóór de startdatum."))
            elif end_date > timezone.localdate():
                errors.add("end_date", _("De einddatum kan niet in de toekomst liggen."))
        errors.raise_if_any()
        trajectory.status = status
        if status == Trajectory.Status.CLOSED:
            trajectory.end_date = end_date
        trajectory.save()
        return trajectory


def goal_add(*, actor, purpose, trajectory: Trajectory, description: str) -> Goal:
    with processing_atomic(actor=actor, purpose=purpose):
        errors = Errors()
        description = errors.text("description", description, limit=300)
        if trajectory.status == Trajectory.Status.CLOSED:
            errors.add("description", _("Een afgesloten traject krijgt geen nieuwe doelen."))
        errors.raise_if_any()
        goal = Goal(
            trajectory=trajectory, resident_id=trajectory.resident_id, description=description
        )
        goal.save()
        return goal


def goal_update(*, actor, purpose, goal: Goal, progress: str, progress_note: str = "") -> Goal:
    with processing_atomic(actor=actor, purpose=purpose):
        errors = Errors()
        errors.choice("progress", progress, Goal.Progress)
        progress_note = errors.text("progress_note", progress_note, limit=5000, required=False)
        errors.raise_if_any()
        goal.progress = progress
        goal.progress_note = progress_note
        goal.save()
        return goal
