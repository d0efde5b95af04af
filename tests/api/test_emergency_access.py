"""P13/P14 over the API: POST .../emergency-access/ with the back-office's rules."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from drf_spectacular.generators import SchemaGenerator

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.staff.models import EmergencyAccess, Role

pytestmark = pytest.mark.django_db

REASON = "Buurvrouw belt: meneer doet niet open en zijn vaste hulpverlener is ziek."
OPEN = "/api/purposes/{p}/emergency-access/"


@pytest.fixture
def stranger(other_worker):
    return factories.resident(assign_to=other_worker, surname="Zwanenburg", birth_date="1951-06-07")


def _body(resident=None, **overrides):
    body = {"reason": REASON}
    if resident is not None:
        body.update(surname=resident.surname, birth_date=resident.birth_date.isoformat())
    body.update(overrides)
    return body


def _open(client, body, purpose="hulptrajecten"):
    return client.post(OPEN.format(p=purpose), body, format="json")


def _detail(client, resident, purpose="hulptrajecten"):
    return client.get(f"/api/purposes/{purpose}/residents/{resident.public_id}/")


def test_p13_emergency_access_opens_the_file_for_a_limited_time(
    support, worker, stranger, client_for, settings
):
    settings.EMERGENCY_ACCESS_MINUTES = 60
    client = client_for(worker)
    assert _detail(client, stranger).status_code == 404

    response = _open(client, _body(stranger))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["resident"] == str(stranger.public_id)
    assert body["activity"] == "hulptrajecten"
    assert body["ended_at"] is None
    assert "reason" not in body
    assert response["Location"].endswith(f"/residents/{stranger.public_id}/")
    assert _detail(client, stranger).status_code == 200
    access = EmergencyAccess.objects.get(pk=body["id"])
    assert access.expires_at - access.started_at == dt.timedelta(minutes=60)
    with time_machine.travel(access.expires_at + dt.timedelta(seconds=1), tick=False):
        assert _detail(client, stranger).status_code == 404


def test_p14_emergency_access_writes_an_emergency_log_record(support, worker, stranger, client_for):
    client = client_for(worker)
    _open(client, _body(stranger))

    _detail(client, stranger)

    records = ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref, subject_ref=subject_ref(stranger.pk), status="ok"
    )
    opened = records.get(action="emergency_access")
    assert opened.emergency is True
    assert {r.emergency for r in records.filter(action="read")} == {True}


@pytest.mark.parametrize(
    "overrides,field",
    [({"reason": ""}, "reason"), ({"reason": "Te kort."}, "reason"), ({"surname": ""}, "surname")],
)
def test_p13_emergency_access_requires_a_reason_and_identification(
    support, worker, stranger, client_for, overrides, field
):
    response = _open(client_for(worker), _body(stranger, **overrides))

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    assert field in response.json()["fields"]
    assert not EmergencyAccess.objects.exists()


def test_unknown_fields_are_rejected(support, worker, stranger, client_for):
    response = _open(client_for(worker), _body(stranger, voornaam="Piet"))

    assert response.status_code == 400
    assert "voornaam" in response.json()["fields"]


def test_p13_lookup_gives_no_hint_whether_a_resident_exists(
    support, worker, other_worker, client_for
):
    factories.resident(assign_to=other_worker, surname="Bakker", birth_date="1970-05-05")
    factories.resident(assign_to=other_worker, surname="Bakker", birth_date="1970-05-05")
    client = client_for(worker)

    nobody = _open(client, _body(surname="Bestaatniet", birth_date="1970-05-05"))
    twins = _open(client, _body(surname="Bakker", birth_date="1970-05-05"))

    assert nobody.status_code == twins.status_code == 400
    assert nobody.json() == twins.json()
    assert nobody.json()["code"] == "resident_not_identified"
    assert "Geen eenduidige inwoner gevonden" in nobody.json()["detail"]
    assert b"Bakker" not in twins.content and b"Bestaatniet" not in nobody.content
    assert not EmergencyAccess.objects.exists()


def test_p13_no_emergency_access_for_an_assigned_resident(support, worker, client_for):
    own = factories.resident(assign_to=worker)

    response = _open(client_for(worker), _body(own))

    assert response.status_code == 400
    assert response.json()["code"] == "emergency_access_not_needed"


def test_p13_no_second_grant_while_one_is_active(support, worker, stranger, client_for):
    client = client_for(worker)
    assert _open(client, _body(stranger)).status_code == 201

    response = _open(client, _body(stranger))

    assert response.status_code == 400
    assert response.json()["code"] == "emergency_access_already_active"
    assert EmergencyAccess.objects.count() == 1


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.ADMINISTRATOR])
def test_p13_only_casework_roles_break_the_glass(support, stranger, client_for, role):
    response = _open(client_for(factories.employee(role=role)), _body(stranger))

    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"
    assert not EmergencyAccess.objects.exists()


def test_p09_employee_without_declaration_is_refused_by_the_gate(
    support, north, stranger, client_for
):
    undeclared = factories.employee(team_obj=north, declared=False)

    response = _open(client_for(undeclared), {})

    assert response.status_code == 403
    assert response.json()["code"] == "no_confidentiality_declaration"


def test_p08_unknown_purpose_is_refused_by_the_gate(support, worker, stranger, client_for):
    response = _open(client_for(worker), _body(stranger), purpose="bestaat-niet")

    assert response.status_code == 403
    assert response.json()["code"] == "unknown_purpose"


def test_p13_bsn_only_under_a_purpose_that_uses_it(
    support, bsn_activity, worker, other_worker, client_for
):
    bsn = factories.fake_bsn()
    resident = factories.resident(purpose="wmo-toegang", assign_to=other_worker, bsn=bsn)
    client = client_for(worker)

    refused = _open(client, _body(bsn=bsn), purpose="hulptrajecten")
    opened = _open(client, _body(bsn=bsn), purpose="wmo-toegang")

    assert refused.status_code == 400 and "bsn" in refused.json()["fields"]
    assert bsn.encode() not in refused.content
    assert opened.status_code == 201
    assert opened.json()["resident"] == str(resident.public_id)


def test_p13_ending_early_closes_the_file(support, worker, other_worker, stranger, client_for):
    client = client_for(worker)
    access_id = _open(client, _body(stranger)).json()["id"]
    end = f"/api/emergency-access/{access_id}/end/"

    assert client_for(other_worker).post(end).status_code == 404
    response = client.post(end)

    assert response.status_code == 200
    assert response.json()["ended_at"] is not None
    assert _detail(client, stranger).status_code == 404
    assert client.post(end).status_code == 404
    assert client.post("/api/emergency-access/geen-getal/end/").json()["code"] == "not_found"


def test_emergency_access_operations_document_their_error_codes():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/purposes/{activity_code}/emergency-access/"]["post"]

    for code in (
        "no_confidentiality_declaration",
        "unknown_purpose",
        "role_not_allowed",
        "validation_failed",
        "resident_not_identified",
        "emergency_access_not_needed",
        "emergency_access_already_active",
        "log_unavailable",
    ):
        assert f"`{code}`" in operation["description"], code
    assert {"201", "400", "401", "403", "503"} <= set(operation["responses"])
    end = schema["paths"]["/api/emergency-access/{id}/end/"]["post"]
    assert "`not_found`" in end["description"]
