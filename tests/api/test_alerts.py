"""P14 over the API: snooping alerts listed per role and reviewed once."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests import factories
from tests.oversight.alerts_data import (
    OFFICE,
    REASON,
    break_the_glass,
    emergency_alert_for,
    failed_lookup,
    relation_alert,
)
from zorgvuldig.oversight.alerts import run_rules
from zorgvuldig.oversight.models import Alert, AlertKind, AlertStatus
from zorgvuldig.staff.models import Role

pytestmark = pytest.mark.django_db

LIST = "/api/alerts/"


def review_url(alert) -> str:
    return f"/api/alerts/{alert.pk}/review/"


@pytest.fixture(autouse=True)
def _office_hours(time_machine):
    time_machine.move_to(OFFICE, tick=False)


@pytest.fixture
def alert(support, worker):
    return emergency_alert_for(worker, factories.resident())


def test_p14_case_worker_cannot_see_alerts(client_for, alert, worker):
    client = client_for(worker)

    for response in (
        client.get(LIST),
        client.post(review_url(alert), {"decision": "justified"}, format="json"),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_p14_alerts_are_listed_per_role_without_resident_names(
    client_for, alert, team_lead, privacy_officer, south, worker
):
    body = client_for(team_lead).get(LIST).json()

    assert body["count"] == 1
    item = body["results"][0]
    assert item["kind"] == "emergency_access"
    assert item["employee"] == {"id": worker.pk, "name": worker.user.get_full_name()}
    assert item["subject_ref"] == alert.subject_ref
    assert item["activity"] == "hulptrajecten"
    assert item["status"] == "open"
    assert "full_name" not in str(item)
    assert client_for(privacy_officer).get(LIST).json()["count"] == 1
    other_lead = factories.employee(role=Role.TEAM_LEAD, team_obj=south)
    assert client_for(other_lead).get(LIST).json()["count"] == 0


def test_p14_review_over_the_api(client_for, alert, team_lead):
    client = client_for(team_lead)

    missing_note = client.post(review_url(alert), {"decision": "not_justified"}, format="json")
    assert missing_note.status_code == 400
    assert missing_note.json()["code"] == "validation_failed"
    assert "note" in missing_note.json()["fields"]

    done = client.post(
        review_url(alert), {"decision": "not_justified", "note": "Geen reden."}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "not_justified"
    assert done.json()["reviewed_by"]["id"] == team_lead.pk
    assert done.json()["breach_report_suggested"] is True

    again = client.post(review_url(alert), {"decision": "justified"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_reviewed"
    assert client.get(LIST).json()["count"] == 0
    assert client.get(LIST, {"status": "all"}).json()["count"] == 1
    alert.refresh_from_db()
    assert alert.status == AlertStatus.NOT_JUSTIFIED


def test_p14_out_of_sight_alert_is_not_found_and_own_alert_is_refused(
    client_for, support, alert, privacy_officer, south
):
    other_lead = factories.employee(role=Role.TEAM_LEAD, team_obj=south)
    hidden = client_for(other_lead).post(review_url(alert), {"decision": "x"}, format="json")
    missing = client_for(other_lead).post("/api/alerts/999999/review/", {}, format="json")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()

    own = emergency_alert_for(privacy_officer, factories.resident())
    refused = client_for(privacy_officer).post(
        review_url(own), {"decision": "justified"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "own_alert"


def test_p14_unknown_fields_and_filters_are_refused(client_for, alert, team_lead):
    client = client_for(team_lead)

    assert client.get(LIST, {"status": "gesloten"}).json()["code"] == "validation_failed"
    typo = client.post(review_url(alert), {"decision": "justified", "nota": "x"}, format="json")
    assert typo.status_code == 400
    assert "nota" in typo.json()["fields"]


def test_p14_alert_operations_document_their_error_codes():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    listing = schema["paths"]["/api/alerts/"]["get"]
    review = schema["paths"]["/api/alerts/{id}/review/"]["post"]

    for code in ("permission_denied", "no_confidentiality_declaration"):
        assert f"`{code}`" in listing["description"]
    for code in ("own_alert", "already_reviewed", "not_found", "validation_failed"):
        assert f"`{code}`" in review["description"]
    assert {"403", "404", "409"} <= set(review["responses"])


@pytest.mark.parametrize(
    "kind", [AlertKind.SHARED_SURNAME, AlertKind.SHARED_ADDRESS, AlertKind.COLLEAGUE_FILE]
)
def test_p13_team_lead_does_not_see_relation_alerts(
    client_for, support, alert, team_lead, privacy_officer, worker, kind
):
    relation = relation_alert(worker, kind, factories.resident(assign_to=worker), support)

    listed = client_for(team_lead).get(LIST, {"status": "all"}).json()
    assert [item["id"] for item in listed["results"]] == [alert.pk]
    hidden = client_for(team_lead).post(
        review_url(relation), {"decision": "justified"}, format="json"
    )
    assert hidden.status_code == 404
    assert {item["id"] for item in client_for(privacy_officer).get(LIST).json()["results"]} == {
        alert.pk,
        relation.pk,
    }


def test_p14_emergency_access_alert_shows_the_grant_without_its_reason(
    client_for, support, worker, other_worker, team_lead
):
    grant = break_the_glass(worker, factories.resident(assign_to=other_worker))
    run_rules()
    alert = Alert.objects.get(kind=AlertKind.EMERGENCY_ACCESS, emergency_access=grant)
    client = client_for(team_lead)

    (item,) = client.get(LIST).json()["results"]
    assert item["emergency_access"] == {
        "id": grant.pk,
        "started_at": "2026-03-04T10:00:00+01:00",
        "expires_at": "2026-03-04T14:00:00+01:00",
        "ended_at": None,
    }
    assert REASON not in str(item)

    done = client.post(
        review_url(alert), {"decision": "not_justified", "note": "Geen spoed."}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["emergency_access"]["ended_at"] == "2026-03-04T10:00:00+01:00"
    grant.refresh_from_db()
    assert grant.ended_at == OFFICE


def test_p14_failed_emergency_lookups_alert_over_the_api(client_for, support, worker, team_lead):
    for _ in range(3):
        failed_lookup(worker)
    run_rules()

    (item,) = client_for(team_lead).get(LIST).json()["results"]
    assert (item["kind"], item["kind_label"]) == (
        "failed_emergency_lookups",
        "Herhaald mislukte noodtoegang",
    )
    assert (item["employee"]["id"], item["count"], item["subject_ref"]) == (worker.pk, 3, "")
    assert item["emergency_access"] is None
