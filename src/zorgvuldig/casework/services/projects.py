"""Community projects, their activities and participants (P01, P04).

Projects describe a group effort, not a person. Participation is personal data on the
basis of consent: without an active consent record under the project purpose the gate refuses.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgvuldig.casework.models import Participation, Project, ProjectActivity
from zorgvuldig.casework.services._checks import Errors, years_ago
from zorgvuldig.core.errors import GateRefused, ValidationFailed
from zorgvuldig.core.gate import processing_atomic
from zorgvuldig.people.models import ConsentRecord, Resident
from zorgvuldig.staff.models import CASEWORK_ROLES, Employee, Role


def _may_manage(actor, project: Project | None = None, team=None) -> bool:
    if not isinstance(actor, Employee):
        return True
    if actor.role == Role.TEAM_LEAD and actor.team_id == (
        project.team_id if project else getattr(team, "pk", None)
    ):
        return True
    return project is not None and project.coordinators.filter(pk=actor.pk).exists()


@transaction.atomic
def project_create(
    *,
    actor,
    name: str,
    description: str,
    team,
    start_date: dt.date,
    coordinators=(),
    end_date: dt.date | None = None,
) -> Project:
    """Start a community project (team leads of the team)."""
    if not _may_manage(actor, team=team):
        raise GateRefused("only the team lead starts projects", code="role_not_allowed")
    errors = Errors()
    name = errors.text("name", name, limit=200)
    description = errors.text("description", description, limit=5000)
    if start_date is None:
        errors.add("start_date", _("Vul een datum in."))
    elif start_date < years_ago(5):
        errors.add("start_date", _("Deze datum ligt te ver in het verleden."))
    if end_date is not None and start_date is not None and end_date < start_date:
        errors.add("end_date", _("De einddatum ligt vóór de startdatum."))
    coordinators = list(coordinators)
    if any(c.role not in CASEWORK_ROLES or c.team_id != team.pk for c in coordinators):
        errors.add("coordinators", _("Coördinatoren komen uit het eigen team."))
    errors.raise_if_any()
    project = Project.objects.create(
        name=name, description=description, team=team, start_date=start_date, end_date=end_date
    )
    project.coordinators.set(coordinators)
    return project


@transaction.atomic
def project_activity_add(
    *, actor, project: Project, date: dt.date, title: str, description: str = ""
) -> ProjectActivity:
    if not _may_manage(actor, project):
        raise GateRefused("only coordinators plan activities", code="role_not_allowed")
    errors = Errors()
    title = errors.text("title", title, limit=200)
    description = errors.text("description", description, limit=5000, required=False)
    if date is None:
        errors.add("date", _("Vul een datum in."))
    elif date < project.start_date:
        errors.add("date", _("De activiteit ligt vóór de start van het project."))
    errors.raise_if_any()
    return ProjectActivity.objects.create(
        project=project, date=date, title=title, description=description
    )


def participation_add(
    *,
    actor,
    purpose,
    resident: Resident,
    project: Project,
    consent: ConsentRecord,
    may_contact: bool = False,
    joined_on: dt.date | None = None,
) -> Participation:
    """Add a resident as participant; their consent for the project purpose is required."""
    with processing_atomic(actor=actor, purpose=purpose) as ctx:
        errors = Errors()
        joined_on = joined_on or timezone.localdate()
        errors.date_not_future("joined_on", joined_on, earliest=project.start_date)
        if consent.resident_id != resident.pk or consent.activity_id != ctx.activity.pk:
            errors.add("consent", _("Deze toestemming hoort niet bij deze inwoner en dit doel."))
        elif consent.withdrawn_at is not None:
            errors.add("consent", _("Deze toestemming is ingetrokken."))
        if Participation.objects.filter(resident=resident, project=project).exists():
            errors.add("project", _("Deze inwoner doet al mee aan dit project."))
        errors.raise_if_any()
        participation = Participation(
            resident=resident,
            project=project,
            joined_on=joined_on,
            may_contact=may_contact,
            consent=consent,
        )
        # The check above sees only participations under this purpose (a participation is
        # bound to its consent's purpose), and another request may add one in between: the
        # constraint ``participation_once`` decides. The savepoint keeps the transaction usable
        # (PostgreSQL) for the processing log and the error answer.
        try:
            with transaction.atomic():
                participation.save()
        except IntegrityError as exc:
            if not _violates_participation_once(exc):
                raise
            raise ValidationFailed(
                _("Controleer de gemarkeerde velden."),
                fields={"project": [_("Deze inwoner doet al mee aan dit project.")]},
            ) from exc
        return participation


def _violates_participation_once(exc: IntegrityError) -> bool:
    """Whether the insert failed on the unique (resident, project) pair, not on another rule."""
    diag = getattr(exc.__cause__, "diag", None)  # psycopg names the constraint
    name = getattr(diag, "constraint_name", None)
    if name:
        return name == "participation_once"
    return "unique" in str(exc).lower()  # SQLite: "UNIQUE constraint failed: ..."


def project_may_manage(*, actor, project: Project) -> bool:
    """Whether ``actor`` may plan the project's activities (its coordinators, the team lead)."""
    return _may_manage(actor, project)
