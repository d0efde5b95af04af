"""P14 in the back office: team leads and the privacy officer review snooping alerts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests import factories
from tests.oversight.alerts_data import (
    OFFICE,
    REASON,
    break_the_glass,
    emergency_alert_for,
    relation_alert,
)
from zorgvuldig.audit.selectors import log_for_actor
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.oversight.alerts import run_rules
from zorgvuldig.oversight.models import Alert, AlertKind, AlertStatus
from zorgvuldig.staff.models import Role
from zorgvuldig.staff.services import assignment_create

pytestmark = pytest.mark.django_db

LIST = reverse("backoffice:alert_list")


def detail(alert) -> str:
    return reverse("backoffice:alert_detail", args=[alert.pk])


@pytest.fixture(autouse=True)
def _office_hours(time_machine):
    time_machine.move_to(OFFICE, tick=False)


@pytest.fixture
def resident(support):
    # Assigned to nobody: the worker uses emergency access. A surname no employee can have,
    # so that "not in the page" cannot fail on a Faker name collision.
    return factories.resident(surname="Noodgeval-Achternaam")


@pytest.fixture
def alert(worker, resident):
    return emergency_alert_for(worker, resident)


def test_p14_case_worker_cannot_see_alerts(as_employee, alert, worker):
    client = as_employee(worker)

    for url in (LIST, detail(alert)):
        response = client.get(url)
        assert response.status_code == 403
        assert "Uw rol geeft geen toegang" in response.content.decode()
    assert client.post(detail(alert), {"decision": "justified"}).status_code == 403
    assert "Meldingen</a>" not in client.get(reverse("backoffice:dashboard")).content.decode()


def test_p14_team_lead_lists_open_alerts_of_the_team(as_employee, alert, team_lead, worker):
    body = as_employee(team_lead).get(LIST).content.decode()

    assert "Noodtoegang" in body
    assert escape(worker.user.get_full_name()) in body
    assert detail(alert) in body
    assert "1 melding" in body
    assert 'aria-current="page">Meldingen' in body


def test_p14_team_lead_of_another_team_gets_the_same_404_as_a_missing_alert(
    as_employee, alert, south
):
    other_lead = factories.employee(role=Role.TEAM_LEAD, team_obj=south)
    client = as_employee(other_lead)

    assert "Er zijn geen open meldingen" in client.get(LIST).content.decode()
    hidden, missing = client.get(detail(alert)), client.get(f"{LIST}999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_p14_dashboard_shows_open_alert_count_to_reviewers(
    as_employee, alert, team_lead, privacy_officer
):
    for reviewer in (team_lead, privacy_officer):
        body = as_employee(reviewer).get(reverse("backoffice:dashboard")).content.decode()
        assert "Er is 1 melding over opvallende toegang" in body
        assert LIST in body


def test_p14_review_page_shows_pseudonym_unless_reviewer_may_see_resident(
    as_employee, alert, team_lead, resident, support
):
    client = as_employee(team_lead)
    page = client.get(detail(alert)).content.decode()
    assert "inwoner (gepseudonimiseerd)" in page
    assert escape(resident.surname) not in page
    assert not log_for_actor(actor_ref=team_lead.actor_ref).filter(status="ok").exists()

    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=support,
        team=team_lead.team,
    )
    page = client.get(detail(alert)).content.decode()
    assert escape(resident.full_name) in page
    read = log_for_actor(actor_ref=team_lead.actor_ref).get(status="ok")  # the gate logged it
    assert read.subject_ref == subject_ref(resident.pk)


def test_p14_justified_review_is_recorded_with_who_and_when(as_employee, alert, team_lead):
    client = as_employee(team_lead)

    response = client.post(detail(alert), {"decision": "justified", "note": ""})

    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.reviewed_by, alert.reviewed_at) == (
        AlertStatus.JUSTIFIED,
        team_lead,
        OFFICE,
    )
    page = client.get(detail(alert)).content.decode()
    assert "Uw beoordeling is vastgelegd" in page
    assert "Oordeel vastleggen" not in page
    assert "Er zijn geen open meldingen" in client.get(LIST).content.decode()
    assert detail(alert) in client.get(LIST, {"toon": "alle"}).content.decode()


def test_p14_not_justified_needs_a_note_and_points_to_the_breach_register(
    as_employee, alert, privacy_officer
):
    client = as_employee(privacy_officer)

    refused = client.post(detail(alert), {"decision": "not_justified", "note": ""})
    assert refused.status_code == 200
    assert "Licht toe waarom" in refused.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN

    client.post(detail(alert), {"decision": "not_justified", "note": "Geen werkrelatie."})
    page = client.get(detail(alert)).content.decode()
    assert "Niet gerechtvaardigd" in page
    assert "Meld dit als mogelijk datalek (het datalekregister volgt)" in page
    assert "Geen werkrelatie." in page


def test_p14_reviewed_alert_cannot_be_reviewed_again(
    as_employee, alert, team_lead, privacy_officer
):
    as_employee(team_lead).post(detail(alert), {"decision": "justified"})
    client = as_employee(privacy_officer)

    response = client.post(detail(alert), {"decision": "not_justified", "note": "Toch niet."})

    assert response.status_code == 302
    assert "al beoordeeld" in client.get(detail(alert)).content.decode()
    alert.refresh_from_db()
    assert (alert.status, alert.reviewed_by) == (AlertStatus.JUSTIFIED, team_lead)


def test_p14_privacy_officer_cannot_judge_own_alert(as_employee, privacy_officer, resident):
    own = emergency_alert_for(privacy_officer, resident)
    client = as_employee(privacy_officer)

    page = client.get(detail(own)).content.decode()
    assert "Deze melding gaat over uzelf" in page
    assert "Oordeel vastleggen" not in page
    client.post(detail(own), {"decision": "justified"})
    own.refresh_from_db()
    assert own.status == AlertStatus.OPEN


def test_p14_alert_list_is_paginated_and_keeps_the_filter(
    as_employee, worker, resident, privacy_officer
):
    for _ in range(26):
        emergency_alert_for(worker, resident)
    client = as_employee(privacy_officer)

    first = client.get(LIST, {"toon": "alle"}).content.decode()
    assert "Pagina 1 van 2" in first
    assert "?page=2&amp;toon=alle" in first
    assert "Pagina 2 van 2" in client.get(LIST, {"toon": "alle", "page": 2}).content.decode()


# -- relation alerts are for the privacy officer (P13) ---------------------------------------------


@pytest.mark.parametrize(
    "kind", [AlertKind.SHARED_SURNAME, AlertKind.SHARED_ADDRESS, AlertKind.COLLEAGUE_FILE]
)
def test_p13_team_lead_does_not_see_relation_alerts(
    as_employee, support, worker, team_lead, privacy_officer, kind
):
    relation = relation_alert(worker, kind, factories.resident(assign_to=worker), support)
    client = as_employee(team_lead)

    assert "Er zijn geen open meldingen" in client.get(LIST).content.decode()
    assert detail(relation) not in client.get(LIST, {"toon": "alle"}).content.decode()
    assert client.get(detail(relation)).status_code == 404
    assert client.post(detail(relation), {"decision": "justified"}).status_code == 404
    dashboard = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "Er zijn geen open meldingen over toegang" in dashboard
    relation.refresh_from_db()
    assert relation.status == AlertStatus.OPEN

    officer = as_employee(privacy_officer)
    assert detail(relation) in officer.get(LIST).content.decode()
    assert officer.get(detail(relation)).status_code == 200
    dashboard = officer.get(reverse("backoffice:dashboard")).content.decode()
    assert "Er is 1 melding over opvallende toegang" in dashboard


# -- the emergency access behind an alert (P14) ---------------------------------------------------


@pytest.fixture
def grant(support, worker, other_worker):
    """Real emergency access by ``worker`` to a resident of another team, and its alert."""
    access = break_the_glass(worker, factories.resident(assign_to=other_worker))
    run_rules()
    return access


def grant_alert(grant) -> Alert:
    return Alert.objects.get(kind=AlertKind.EMERGENCY_ACCESS, emergency_access=grant)


def test_p14_emergency_reason_shown_to_reviewer_who_may_see_the_resident(
    as_employee, grant, team_lead, support
):
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=grant.resident_id,
        activity=support,
        team=team_lead.team,
    )

    page = as_employee(team_lead).get(detail(grant_alert(grant))).content.decode()

    assert escape(REASON) in page
    assert "Reden alleen zichtbaar" not in page
    assert "4 maart 2026, 10:00" in page  # started
    assert "loopt nog, tot" in page
    assert "4 maart 2026, 14:00" in page  # ends by itself after 240 minutes
    assert "wordt die direct beëindigd" in page


def test_p14_emergency_reason_hidden_from_reviewer_who_may_not_see_the_resident(
    as_employee, grant, team_lead, privacy_officer
):
    for reviewer in (team_lead, privacy_officer):
        page = as_employee(reviewer).get(detail(grant_alert(grant))).content.decode()

        assert "inwoner (gepseudonimiseerd)" in page
        assert escape(REASON) not in page
        assert REASON[:20] not in page
        assert "Reden alleen zichtbaar voor wie het dossier mag inzien" in page
        assert "4 maart 2026, 10:00" in page  # start and end are no secret


def test_p14_not_justified_review_in_the_back_office_ends_the_emergency_access(
    as_employee, grant, team_lead
):
    client = as_employee(team_lead)
    alert = grant_alert(grant)

    response = client.post(
        detail(alert), {"decision": "not_justified", "note": "Geen spoed."}, follow=True
    )

    page = response.content.decode()
    assert "De noodtoegang is direct beëindigd." in page
    assert "beëindigd bij de beoordeling op" in page
    grant.refresh_from_db()
    assert grant.ended_at == OFFICE


def test_p14_justified_review_in_the_back_office_leaves_the_emergency_access(
    as_employee, grant, team_lead
):
    response = as_employee(team_lead).post(
        detail(grant_alert(grant)), {"decision": "justified"}, follow=True
    )

    assert "De noodtoegang is direct beëindigd." not in response.content.decode()
    grant.refresh_from_db()
    assert grant.ended_at is None
