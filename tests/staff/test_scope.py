"""P13: the scope the gate adds to every query (hand-written SQL) equals the ORM definition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tests import factories
from zorgvuldig.staff.models import Assignment, Role
from zorgvuldig.staff.services import assignment_create

pytestmark = pytest.mark.django_db


def _sql_scope(employee, activity) -> set[int]:
    sql, params = employee.resident_scope_sql(activity)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _orm_scope(employee, activity) -> set[int]:
    return set(employee.resident_scope(activity).values_list("resident_id", flat=True))


def test_p13_sql_scope_matches_orm_scope_for_every_role(support, north, south):
    other = factories.activity("buurtbemiddeling")
    staff = [
        factories.employee(team_obj=north),
        factories.employee(team_obj=north),
        factories.employee(role=Role.TEAM_LEAD, team_obj=north),
        factories.employee(team_obj=south),
        factories.employee(role=Role.TEAM_LEAD, team_obj=south),
        factories.employee(role=Role.PRIVACY_OFFICER),
    ]
    factories.resident(assign_to=staff[0])
    factories.resident(assign_to=staff[1])
    factories.resident(team_obj=north)
    factories.resident(assign_to=staff[3])
    factories.resident(purpose="buurtbemiddeling", assign_to=staff[0])
    ended = factories.resident(assign_to=staff[1])
    Assignment.objects.filter(resident_id=ended.pk).update(
        valid_until=timezone.now() - dt.timedelta(hours=1)
    )
    seen_any = False
    for employee in staff:
        for activity in (support, other):
            expected = _orm_scope(employee, activity)
            assert _sql_scope(employee, activity) == expected
            seen_any = seen_any or bool(expected)
    assert seen_any
    lead = staff[2]
    assert len(_orm_scope(lead, support)) == 3  # two members' residents and the team's


def test_p13_only_team_leads_assign_and_only_within_their_team(support, north, south):
    from zorgvuldig.core.errors import GateRefused, ValidationFailed

    lead = factories.employee(role=Role.TEAM_LEAD, team_obj=north)
    member = factories.employee(team_obj=north)
    outsider = factories.employee(team_obj=south)
    resident = factories.resident(assign_to=member)
    with pytest.raises(GateRefused):
        assignment_create(
            assigned_by=member, resident_id=resident.pk, activity=support, employee=member
        )
    with pytest.raises(ValidationFailed):
        assignment_create(
            assigned_by=lead, resident_id=resident.pk, activity=support, employee=outsider
        )
    with pytest.raises(ValidationFailed):
        assignment_create(assigned_by=lead, resident_id=resident.pk, activity=support, team=south)
    assert Assignment.objects.filter(resident_id=resident.pk).count() == 1
    assignment_create(assigned_by=lead, resident_id=resident.pk, activity=support, team=north)
    assert Assignment.objects.filter(resident_id=resident.pk).count() == 2
