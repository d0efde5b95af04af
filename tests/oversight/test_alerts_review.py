"""P14: who sees which alerts, and judging an alert once (justified / not justified)."""

from __future__ import annotations

import pytest

from tests import factories
from tests.oversight.alerts_data import OFFICE, emergency_alert_for, relation_alert
from zorgvuldig.core.errors import GateRefused, NotFound, ValidationFailed
from zorgvuldig.oversight.alerts.review import (
    AlreadyReviewed,
    OwnAlert,
    alert_get,
    alert_resident_name,
    alert_review,
    alerts_for_reviewer,
    open_alert_count,
)
from zorgvuldig.oversight.models import AlertKind, AlertStatus
from zorgvuldig.staff.models import Role
from zorgvuldig.staff.services import assignment_create, declaration_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _office_hours(time_machine):
    time_machine.move_to(OFFICE, tick=False)


@pytest.fixture
def south_lead(south):
    return factories.employee(role=Role.TEAM_LEAD, team_obj=south)


@pytest.fixture
def alert(support, worker):
    return emergency_alert_for(worker, factories.resident())


def test_p14_team_lead_sees_own_team_privacy_officer_sees_all(
    alert, team_lead, south_lead, privacy_officer, other_worker
):
    elsewhere = emergency_alert_for(other_worker, factories.resident())

    assert list(alerts_for_reviewer(reviewer=team_lead)) == [alert]
    assert list(alerts_for_reviewer(reviewer=south_lead)) == [elsewhere]
    assert set(alerts_for_reviewer(reviewer=privacy_officer)) == {alert, elsewhere}
    assert open_alert_count(reviewer=team_lead) == 1
    assert open_alert_count(reviewer=privacy_officer) == 2
    with pytest.raises(NotFound):
        alert_get(reviewer=south_lead, pk=alert.pk)


def test_p14_case_worker_cannot_see_alerts(alert, worker):
    with pytest.raises(GateRefused) as refused:
        alerts_for_reviewer(reviewer=worker)
    assert refused.value.code == "role_not_allowed"
    assert open_alert_count(reviewer=worker) is None


def test_p14_reviewer_needs_a_current_declaration(alert, team_lead):
    declaration_revoke(employee=team_lead)
    team_lead.refresh_from_db()
    with pytest.raises(GateRefused) as refused:
        alerts_for_reviewer(reviewer=team_lead)
    assert refused.value.code == "no_confidentiality_declaration"


def test_p14_team_lead_does_not_see_alerts_about_themselves(support, team_lead, privacy_officer):
    about_lead = emergency_alert_for(team_lead, factories.resident())

    assert list(alerts_for_reviewer(reviewer=team_lead)) == []
    assert list(alerts_for_reviewer(reviewer=privacy_officer)) == [about_lead]


def test_p14_nobody_judges_an_alert_about_themselves(support, privacy_officer):
    about_officer = emergency_alert_for(privacy_officer, factories.resident())

    with pytest.raises(OwnAlert):
        alert_review(reviewer=privacy_officer, pk=about_officer.pk, decision=AlertStatus.JUSTIFIED)


def test_p14_justified_alert_keeps_who_and_when(alert, team_lead):
    reviewed = alert_review(reviewer=team_lead, pk=alert.pk, decision=AlertStatus.JUSTIFIED)

    assert reviewed.status == AlertStatus.JUSTIFIED
    assert reviewed.reviewed_by == team_lead
    assert reviewed.reviewed_at == OFFICE
    assert not reviewed.suggests_breach_report
    assert open_alert_count(reviewer=team_lead) == 0
    assert list(alerts_for_reviewer(reviewer=team_lead, include_reviewed=True)) == [reviewed]


def test_p14_not_justified_needs_a_note_and_suggests_a_breach_report(alert, team_lead):
    with pytest.raises(ValidationFailed) as failed:
        alert_review(reviewer=team_lead, pk=alert.pk, decision=AlertStatus.NOT_JUSTIFIED, note="  ")
    assert "note" in failed.value.fields

    reviewed = alert_review(
        reviewer=team_lead,
        pk=alert.pk,
        decision=AlertStatus.NOT_JUSTIFIED,
        note="Geen relatie met het werk.",
    )
    assert reviewed.suggests_breach_report
    assert reviewed.review_note == "Geen relatie met het werk."


@pytest.mark.parametrize("decision", ["", "open", "misschien"])
def test_p14_a_decision_must_be_one_of_the_two(alert, team_lead, decision):
    with pytest.raises(ValidationFailed) as failed:
        alert_review(reviewer=team_lead, pk=alert.pk, decision=decision)
    assert "decision" in failed.value.fields


def test_p14_reviewed_alert_cannot_be_reviewed_again(alert, team_lead, privacy_officer):
    alert_review(reviewer=team_lead, pk=alert.pk, decision=AlertStatus.JUSTIFIED)

    with pytest.raises(AlreadyReviewed):
        alert_review(
            reviewer=privacy_officer, pk=alert.pk, decision=AlertStatus.NOT_JUSTIFIED, note="x"
        )
    alert.refresh_from_db()
    assert (alert.status, alert.reviewed_by) == (AlertStatus.JUSTIFIED, team_lead)


def test_p14_resident_name_only_for_a_reviewer_who_may_see_the_resident(
    support, worker, team_lead, privacy_officer
):
    resident = factories.resident()  # not assigned: reached through emergency access
    alert = emergency_alert_for(worker, resident)

    assert alert_resident_name(reviewer=team_lead, alert=alert) is None
    assert alert_resident_name(reviewer=privacy_officer, alert=alert) is None

    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=support,
        team=team_lead.team,
    )
    assert alert_resident_name(reviewer=team_lead, alert=alert) == resident.full_name


@pytest.mark.parametrize(
    "kind", [AlertKind.SHARED_SURNAME, AlertKind.SHARED_ADDRESS, AlertKind.COLLEAGUE_FILE]
)
def test_p13_team_lead_does_not_see_relation_alerts(
    support, worker, team_lead, privacy_officer, alert, kind
):
    # Who in the team has a relative, housemate or colleague among the clients, and for which
    # help, is not the team lead's business: the privacy officer reviews these.
    relation = relation_alert(worker, kind, factories.resident(assign_to=worker), support)

    assert list(alerts_for_reviewer(reviewer=team_lead, include_reviewed=True)) == [alert]
    assert open_alert_count(reviewer=team_lead) == 1
    with pytest.raises(NotFound):
        alert_get(reviewer=team_lead, pk=relation.pk)
    with pytest.raises(NotFound):
        alert_review(reviewer=team_lead, pk=relation.pk, decision=AlertStatus.JUSTIFIED)
    assert set(alerts_for_reviewer(reviewer=privacy_officer)) == {alert, relation}
    assert open_alert_count(reviewer=privacy_officer) == 2
    reviewed = alert_review(
        reviewer=privacy_officer, pk=relation.pk, decision=AlertStatus.JUSTIFIED
    )
    assert reviewed.reviewed_by == privacy_officer
