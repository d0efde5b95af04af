"""Who processed this resident's data, over the API (P17)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from drf_spectacular.generators import SchemaGenerator

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import log_writes, processing, subject_ref
from zorgvuldig.people.emergency import emergency_access_open
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.staff.models import Employee
from zorgvuldig.staff.services import assignment_create

pytestmark = pytest.mark.django_db

PURPOSE = "/api/purposes/hulptrajecten/"
MARCH = dt.datetime(2026, 3, 12, 10, 30, tzinfo=dt.UTC)
ENTRY_FIELDS = {
    "at",
    "activity",
    "purpose",
    "action",
    "action_label",
    "team",
    "role",
    "system",
    "employee_name",
    "emergency",
    "disclosure",
    "via",
    "by",
}


def url(resident, purpose: str = PURPOSE) -> str:
    public_id = getattr(resident, "public_id", resident)
    return f"{purpose}residents/{public_id}/processing-history/"


def read(actor, *residents, purpose="hulptrajecten", focus=None) -> None:
    with processing(actor=actor, purpose=purpose) as ctx:
        if focus is not None:
            ctx.focus(focus.pk)
        for resident in residents:
            resident_get(actor=actor, purpose=purpose, public_id=resident.public_id)


def test_p17_resident_sees_purpose_team_and_action_of_each_processing(
    support, worker, team_lead, client_for
):
    with time_machine.travel(MARCH, tick=False):
        resident = factories.resident(assign_to=worker)
    with time_machine.travel(MARCH + dt.timedelta(hours=1), tick=False):
        read(worker, resident)

    response = client_for(team_lead).get(url(resident))

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    assert body["incidental_months"] == []
    assert body["shows_employee_names"] is False
    newest, registered = body["results"]
    assert set(newest) == ENTRY_FIELDS
    assert newest == {
        "at": "2026-03-12T12:30:00+01:00",
        "activity": "Hulptrajecten",
        "purpose": support.purpose,
        "action": "read",
        "action_label": "inzien",
        "team": "Team Noord",
        "role": "Hulpverlener",
        "system": False,
        "employee_name": "",
        "emergency": False,
        "disclosure": False,
        "via": "",
        "by": "Hulpverlener, Team Noord",
    }
    assert (registered["action"], registered["system"], registered["team"]) == (
        "create",
        True,
        "",
    )
    assert registered["role"] == "Systeem (automatische verwerking)"


def test_p17_employee_name_hidden_by_default_and_shown_when_configured(
    support, worker, team_lead, client_for, settings
):
    resident = factories.resident(assign_to=worker)
    read(worker, resident)
    name = worker.user.get_full_name()
    client = client_for(team_lead)

    hidden = client.get(url(resident)).json()
    settings.AUDIT_SHOW_EMPLOYEE_NAMES = True
    shown = client.get(url(resident)).json()

    assert name not in str(hidden)
    assert shown["shows_employee_names"] is True
    assert name in [e["employee_name"] for e in shown["results"]]


def test_p17_line_about_another_residents_file_is_filtered(support, worker, client_for):
    with time_machine.travel(MARCH - dt.timedelta(days=30), tick=False):
        a = factories.resident(assign_to=worker)
        b = factories.resident(assign_to=worker)
    with time_machine.travel(MARCH, tick=False):
        read(worker, a, b, focus=b)
    client = client_for(worker)

    a_body = client.get(url(a)).json()
    b_body = client.get(url(b)).json()

    assert [e["action"] for e in a_body["results"]] == ["create"]
    assert a_body["incidental_months"] == [
        {
            "month": "2026-03",
            "count": 1,
            "text": "In maart 2026 zijn uw gegevens 1 keer ingezien of gebruikt in het dossier "
            "van iemand anders.",
        }
    ]
    assert [e["action"] for e in b_body["results"]] == ["read", "create"]
    assert b_body["incidental_months"] == []


def test_p17_no_entry_carries_a_reference_to_another_resident(support, worker, client_for):
    a = factories.resident(assign_to=worker)
    b = factories.resident(assign_to=worker)
    read(worker, a, b)  # one operation that touched both (say, a search with two hits)

    text = client_for(worker).get(url(a)).content.decode()

    assert subject_ref(b.pk) not in text
    assert str(b.public_id) not in text
    trace_ids = set(ProcessingLogRecord.objects.values_list("trace_id", flat=True))
    operation_ids = set(ProcessingLogRecord.objects.values_list("operation_id", flat=True))
    assert not any(ref in text for ref in (trace_ids | operation_ids) - {""})


def test_p17_emergency_access_and_disclosure_are_marked(support, worker, client_for, monkeypatch):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support) as ctx:
        log_writes(ctx, "disclose", "people.resident", [resident.pk])  # as a disclosure would
    with monkeypatch.context() as patch:
        patch.setattr(
            Employee, "emergency_resident_ids", lambda self, a: {resident.pk}, raising=False
        )
        read(worker, resident)

    emergency, disclosed, _registered = client_for(worker).get(url(resident)).json()["results"]

    assert (emergency["emergency"], emergency["disclosure"]) == (True, False)
    assert (disclosed["emergency"], disclosed["disclosure"]) == (False, True)
    assert disclosed["action_label"] == "verstrekken"


def test_p17_paginated_newest_first_with_links(support, worker, client_for):
    with time_machine.travel(MARCH, tick=False):
        resident = factories.resident(assign_to=worker)
    for minute in (1, 2):
        with time_machine.travel(MARCH + dt.timedelta(minutes=minute), tick=False):
            read(worker, resident)
    client = client_for(worker)

    first = client.get(url(resident), {"page_size": 2}).json()
    # Every call is processing too: by now the first call is the newest entry.
    second = client.get(first["next"]).json()

    assert [e["at"][11:16] for e in first["results"]] == ["11:32", "11:31"]
    assert first["previous"] is None
    assert first["next"].endswith("page=2&page_size=2") or first["next"].endswith(
        "page_size=2&page=2"
    )
    assert second["count"] == 4
    assert [e["at"][11:16] for e in second["results"]] == ["11:31", "11:30"]
    assert "page=" not in second["previous"]
    assert client.get(url(resident), {"page": 9}).json()["code"] == "not_found"


def test_p17_only_this_purpose(support, worker, client_for):
    other = factories.activity("schuldhulp", purpose="Schulden regelen")
    resident = factories.resident(assign_to=worker)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=other,
        employee=worker,
    )
    read(worker, resident, purpose="schuldhulp")
    client = client_for(worker)

    here = client.get(url(resident)).json()
    there = client.get(url(resident, "/api/purposes/schuldhulp/")).json()

    assert {e["activity"] for e in here["results"]} == {"Hulptrajecten"}
    assert {e["activity"] for e in there["results"]} == {"Schuldhulp"}


def test_p17_the_call_is_logged_as_a_read(support, worker, client_for):
    resident = factories.resident(assign_to=worker)

    client_for(worker).get(url(resident))

    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref,
        subject_ref=subject_ref(resident.pk),
        action="read",
        status="ok",
    ).exists()


def test_p13_unassigned_worker_cannot_open_processing_history(
    support, worker, other_worker, client_for
):
    theirs = factories.resident(assign_to=other_worker)
    client = client_for(worker)

    unassigned = client.get(url(theirs))
    missing = client.get(url(uuid.uuid4()))

    assert unassigned.status_code == missing.status_code == 404
    assert unassigned.json() == missing.json()
    assert unassigned.json()["code"] == "not_found"
    assert ProcessingLogRecord.objects.filter(
        subject_ref=subject_ref(theirs.pk), status="refused", reason_code="need_to_know"
    ).exists()


def test_p09_employee_without_declaration_is_refused(support, north, client_for):
    undeclared = factories.employee(team_obj=north, declared=False)
    resident = factories.resident(assign_to=undeclared)

    response = client_for(undeclared).get(url(resident))

    assert response.status_code == 403
    assert response.json()["code"] == "no_confidentiality_declaration"


def test_p17_operation_is_documented_with_its_error_codes():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    path = "/api/purposes/{activity_code}/residents/{public_id}/processing-history/"

    operation = schema["paths"][path]["get"]

    assert set(schema["paths"][path]) == {"get"}
    for code in ("not_authenticated", "no_confidentiality_declaration", "not_found"):
        assert f"`{code}`" in operation["description"]
    assert "`log_unavailable`" in operation["description"]
    assert {"200", "401", "403", "404", "503"} <= set(operation["responses"])
    answer = schema["components"]["schemas"]["ProcessingHistory"]
    assert {"count", "next", "previous", "results", "incidental_months"} <= set(
        answer["properties"]
    )


def test_p17_times_are_shown_to_the_minute(support, worker, client_for):
    with time_machine.travel(MARCH, tick=False):
        resident = factories.resident(assign_to=worker)
    with time_machine.travel(MARCH + dt.timedelta(seconds=17, microseconds=123456), tick=False):
        read(worker, resident)

    body = client_for(worker).get(url(resident)).json()

    assert [e["at"] for e in body["results"]] == [
        "2026-03-12T11:30:00+01:00",
        "2026-03-12T11:30:00+01:00",
    ]


def test_p17_lookup_for_an_employee_shows_their_team_and_role(
    support, worker, other_worker, client_for
):
    stranger = factories.resident(assign_to=other_worker)
    emergency_access_open(
        employee=worker,
        purpose=support,
        reason="Buurvrouw belt: meneer reageert niet, zijn hulpverlener is ziek.",
        surname=stranger.surname,
        birth_date=stranger.birth_date,
    )

    body = client_for(other_worker).get(url(stranger)).json()

    lookup = next(e for e in body["results"] if e["system"] and e["action"] == "read")
    assert (lookup["role"], lookup["team"], lookup["via"]) == (
        "Hulpverlener",
        "Team Noord",
        "automatische zoekactie",
    )
    assert lookup["by"] == "Hulpverlener, Team Noord (via automatische zoekactie)"
