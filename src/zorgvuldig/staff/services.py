"""Writes for staff: assignments and confidentiality declarations (P09, P13)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgvuldig.core.errors import GateRefused, ValidationFailed
from zorgvuldig.staff.models import (
    CASEWORK_ROLES,
    Assignment,
    ConfidentialityDeclaration,
    Employee,
    Role,
    Team,
)


def assignment_create_for_actor(*, actor, resident_id: int, activity) -> Assignment | None:
    """Assign a resident to the employee who registered them (system actors need none)."""
    if not isinstance(actor, Employee):
        return None
    return Assignment.objects.create(
        resident_id=resident_id, activity=activity, employee=actor, assigned_by=actor.actor_ref
    )


def _check_assigner(*, assigned_by, employee: Employee | None, team: Team | None) -> None:
    """Team leads assign within their own team; named system jobs (demo, fixtures) anywhere."""
    if not isinstance(assigned_by, Employee):
        return
    if assigned_by.role != Role.TEAM_LEAD or not assigned_by.team_id:
        raise GateRefused("only team leads assign residents", code="role_not_allowed")
    target_team = team.pk if team is not None else employee.team_id
    if target_team != assigned_by.team_id:
        raise ValidationFailed(
            _("U kunt alleen toewijzen binnen uw eigen team."),
            fields={"employee": [_("Kies een medewerker of team van uw eigen team.")]},
        )


@transaction.atomic
def assignment_create(
    *,
    assigned_by,
    resident_id: int,
    activity,
    employee: Employee | None = None,
    team: Team | None = None,
) -> Assignment:
    """Assign a resident to a worker or a team for one purpose (team leads, P13)."""
    if (employee is None) == (team is None):
        raise ValidationFailed(
            _("Kies een medewerker of een team."),
            fields={"employee": [_("Kies een medewerker of een team.")]},
        )
    if employee is not None and employee.role not in CASEWORK_ROLES:
        raise ValidationFailed(
            _("Alleen hulpverleners en teamleiders kunnen worden toegewezen."),
            fields={"employee": [_("Deze medewerker doet geen casuswerk.")]},
        )
    _check_assigner(assigned_by=assigned_by, employee=employee, team=team)
    return Assignment.objects.create(
        resident_id=resident_id,
        activity=activity,
        employee=employee,
        team=team,
        assigned_by=assigned_by.actor_ref,
    )


@transaction.atomic
def assignment_end(*, ended_by, assignment: Assignment) -> Assignment:
    assignment.valid_until = timezone.now()
    assignment.save(update_fields=["valid_until"])
    return assignment


@transaction.atomic
def declaration_sign(
    *, employee: Employee, version: str | None = None
) -> ConfidentialityDeclaration:
    """Record that the employee signed the (current) confidentiality declaration (P09)."""
    version = version or settings.CONFIDENTIALITY_DECLARATION_VERSION
    declaration, _created = ConfidentialityDeclaration.objects.get_or_create(
        employee=employee, version=version, defaults={"signed_at": timezone.now()}
    )
    if declaration.revoked_at is not None:
        declaration.revoked_at = None
        declaration.signed_at = timezone.now()
        declaration.save(update_fields=["revoked_at", "signed_at"])
    return declaration


@transaction.atomic
def declaration_revoke(*, employee: Employee) -> int:
    return employee.declarations.current().update(revoked_at=timezone.now())
