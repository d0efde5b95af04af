"""P13: the scope the gate adds to every query (hand-written SQL) equals the ORM definition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tests import factories
from zorgvuldig.staff.models import Assignment, EmergencyAccess, Role
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
    # Emergency access (P13): active, expired, ended early, under another purpose, and one
    # for a resident the worker is also assigned to (counted once).
    southern = factories.resident(assign_to=staff[3])
    own = factories.resident(assign_to=staff[0])
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    for who, resident, activity, start, end, ended_at in [
        (staff[0], southern, support, now - hour, now + hour, None),
        (staff[0], own, support, now - hour, now + hour, None),
        (staff[1], southern, support, now - 3 * hour, now - hour, None),
        (staff[2], southern, support, now - hour, now + hour, now - dt.timedelta(minutes=5)),
        (staff[5], southern, other, now - hour, now + hour, None),
    ]:
        EmergencyAccess.objects.create(
            employee=who,
            resident=resident,
            activity=activity,
            reason="Testreden van voldoende lengte.",
            started_at=start,
            expires_at=end,
            ended_at=ended_at,
        )
    seen_any = False
    for employee in staff:
        for activity in (support, other):
            expected = _orm_scope(employee, activity)
            assert _sql_scope(employee, activity) == expected
            seen_any = seen_any or bool(expected)
    assert seen_any
    lead = staff[2]
    # staff[0]'s two residents, staff[1]'s one and the team's; not the grant ended early.
    assert len(_orm_scope(lead, support)) == 4
    assert southern.pk in _orm_scope(staff[0], support)
    assert southern.pk not in _orm_scope(staff[1], support)  # expired
    assert southern.pk in _orm_scope(staff[5], other)
    assert staff[0].emergency_resident_ids(support) == {southern.pk}  # not ``own``
    assert staff[5].emergency_resident_ids(other) == {southern.pk}
    assert staff[2].emergency_resident_ids(support) == set()


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
