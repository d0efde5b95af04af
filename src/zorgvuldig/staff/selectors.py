"""Reads for staff: the actor behind a login and what they are assigned to."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from zorgvuldig.registry.models import ProcessingActivity
from zorgvuldig.staff.models import (
    CASEWORK_ROLES,
    Assignment,
    ConfidentialityDeclaration,
    EmergencyAccess,
    Employee,
)


def employee_for_user(user) -> Employee | None:
    """The employee behind a login, with the declaration check loaded in the same query.

    Whether any emergency access is active is loaded too: without one (the usual case) the
    gate leaves the emergency branch out of the scope it adds to every query.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    current = ConfidentialityDeclaration.objects.current().filter(employee=OuterRef("pk"))
    granted = EmergencyAccess.objects.active().filter(employee=OuterRef("pk"))
    employee = (
        Employee.objects.select_related("user", "team")
        .annotate(_decl=Exists(current), _emergency=Exists(granted))
        .filter(user=user)
        .first()
    )
    if employee is not None:
        employee._has_current_declaration = employee._decl
        employee._has_emergency_access = employee._emergency
    return employee


def activities_for_employee(*, employee: Employee) -> list[ProcessingActivity]:
    """Purposes this employee can work under, each with the number of residents reached."""
    result = []
    for activity in ProcessingActivity.objects.filter(is_active=True):
        # A UNION of distinct resident ids (assignments and emergency access): count() is exact.
        count = employee.resident_scope(activity).count()
        if count:
            activity.resident_count = count
            result.append(activity)
    return result


def team_assignments(*, team_id: int):
    """Assignments of a team and its members (for the team lead's assignment screen)."""
    return Assignment.objects.filter(
        Q(team_id=team_id) | Q(employee__team_id=team_id)
    ).select_related("employee__user", "team", "activity")


def team_members(*, team_id: int):
    """Active employees of a team who do casework (they can be assigned residents)."""
    return (
        Employee.objects.filter(team_id=team_id, role__in=CASEWORK_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
