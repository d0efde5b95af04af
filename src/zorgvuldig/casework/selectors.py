"""Reads of the welfare work; personal data only inside an open processing context (P01, P13).

Lists hold only what the actor may process for the open purpose; a record outside it answers
NotFound exactly like a missing one.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zorgvuldig.casework.models import (
    Document,
    Goal,
    NeighbourhoodSignal,
    Note,
    Outcome,
    Participation,
    Project,
    Signal,
    Trajectory,
)
from zorgvuldig.core.errors import NotFound
from zorgvuldig.core.gate import require_open
from zorgvuldig.core.models import gate_internal
from zorgvuldig.people.models import Resident
from zorgvuldig.vault.fields import unsealed


def _get(qs: QuerySet, **lookup):
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise NotFound() from exc
    except (ValueError, TypeError) as exc:
        raise NotFound() from exc


def signal_list(*, actor, purpose, open_only: bool = False, search: str = "") -> QuerySet[Signal]:
    require_open(actor=actor, purpose=purpose)
    qs = Signal.objects.select_related("resident", "team")
    if open_only:
        qs = qs.filter(outcome=Outcome.OPEN)
    term = search.strip().casefold()
    if term:
        # Encrypted text cannot be searched by the database: compare in memory within the
        # actor's scope (nothing is shown or logged for the rows that do not match).
        with gate_internal():
            signals = list(
                qs.select_related(None).only("id", "row_uid", "resident_id", "description")
            )
            residents = Resident.objects.only("id", "row_uid", "surname")
            surnames = {
                r.pk: r.surname.casefold()
                for r in residents.filter(pk__in={s.resident_id for s in signals})
                if unsealed(r, "surname")
            }
            matching = [
                s.pk
                for s in signals
                if (unsealed(s, "description") and term in s.description.casefold())
                or term in surnames.get(s.resident_id, "")
            ]
        qs = qs.filter(pk__in=matching)
    return qs


def signal_get(*, actor, purpose, pk) -> Signal:
    require_open(actor=actor, purpose=purpose)
    return _get(Signal.objects.select_related("resident", "team"), pk=pk)


def trajectory_list(*, actor, purpose, status: str = "") -> QuerySet[Trajectory]:
    require_open(actor=actor, purpose=purpose)
    qs = Trajectory.objects.select_related("resident").prefetch_related("workers__user")
    return qs.filter(status=status) if status else qs


def trajectory_get(*, actor, purpose, pk) -> Trajectory:
    require_open(actor=actor, purpose=purpose)
    return _get(
        Trajectory.objects.select_related("resident").prefetch_related("workers__user"), pk=pk
    )


def resident_timeline(*, actor, purpose, resident: Resident) -> dict:
    """Everything in the resident's file under the open purpose, each list newest first."""
    require_open(actor=actor, purpose=purpose)
    return {
        "signals": list(Signal.objects.filter(resident=resident)),
        "trajectories": list(
            Trajectory.objects.filter(resident=resident).prefetch_related("goals", "workers__user")
        ),
        "notes": list(Note.objects.filter(resident=resident).select_related("author__user")),
        "documents": list(Document.objects.filter(resident=resident)),
        "participations": list(
            Participation.objects.filter(resident=resident).select_related("project")
        ),
    }


def note_list(*, actor, purpose, resident: Resident) -> QuerySet[Note]:
    require_open(actor=actor, purpose=purpose)
    return Note.objects.filter(resident=resident).select_related("author__user")


def document_get(*, actor, purpose, public_id) -> Document:
    require_open(actor=actor, purpose=purpose)
    return _get(Document.objects.all(), pk=public_id)


def project_list() -> QuerySet[Project]:
    """Projects are not personal data: every employee sees them."""
    return Project.objects.select_related("team").prefetch_related("coordinators__user")


def project_get(*, pk) -> Project:
    try:
        return project_list().get(pk=pk)
    except (Project.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def project_participants(*, actor, purpose, project: Project) -> QuerySet[Participation]:
    require_open(actor=actor, purpose=purpose)
    return Participation.objects.filter(project=project).select_related("resident")


def neighbourhood_signal_list() -> QuerySet[NeighbourhoodSignal]:
    return NeighbourhoodSignal.objects.select_related("team", "project")


def trajectory_contents(*, actor, purpose, trajectory: Trajectory) -> dict:
    """The goals, notes and documents of one trajectory, under the open purpose only."""
    ctx = require_open(actor=actor, purpose=purpose)
    return {
        "goals": list(Goal.objects.filter(trajectory=trajectory)),
        "notes": list(
            Note.objects.filter(trajectory=trajectory, activity=ctx.activity).select_related(
                "author__user"
            )
        ),
        "documents": list(Document.objects.filter(trajectory=trajectory, activity=ctx.activity)),
    }


def goal_get(*, actor, purpose, trajectory: Trajectory, pk) -> Goal:
    """One goal of ``trajectory``; NotFound when it is missing or belongs to another one."""
    require_open(actor=actor, purpose=purpose)
    return _get(Goal.objects.filter(trajectory=trajectory), pk=pk)


def document_list(*, actor, purpose, resident: Resident) -> QuerySet[Document]:
    """The resident's documents (metadata only; the file is read by a download), newest first."""
    require_open(actor=actor, purpose=purpose)
    return Document.objects.filter(resident=resident)
