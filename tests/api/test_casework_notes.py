"""Notes over the API: contact moments, special categories (P04) and consent grounds (P06)."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Note
from zorgvuldig.core.gate import subject_ref

pytestmark = pytest.mark.django_db


def _notes_url(resident, purpose="hulptrajecten"):
    public_id = getattr(resident, "public_id", resident)
    return f"/api/purposes/{purpose}/residents/{public_id}/notes/"


def _consents_url(resident, purpose):
    return f"/api/purposes/{purpose}/residents/{resident.public_id}/consents/"


def _note(**overrides) -> dict:
    payload = {
        "occurred_on": timezone.localdate().isoformat(),
        "kind": "home_visit",
        "text": "Huisbezoek: keuken opgeruimd, afspraak over post gemaakt",
    }
    payload.update(overrides)
    return payload


def _consent(*categories, explicit=False) -> dict:
    return {
        "categories": list(categories),
        "method": "written",
        "notice_version": "2026-1",
        "explicit": explicit,
    }


def test_p01_write_and_list_notes_with_author_and_log(support, worker, client_for):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)

    response = client.post(_notes_url(resident), _note(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["author"]["id"] == worker.pk
    assert (body["kind"], body["special_kind"], body["trajectory"]) == ("home_visit", "", None)
    record = ProcessingLogRecord.objects.get(action="create", object_type="casework.note")
    assert record.actor_ref == f"employee:{worker.pk}"
    assert record.subject_ref == subject_ref(resident.pk)
    listed = client.get(_notes_url(resident)).json()
    assert listed["results"] == [body]
    assert ProcessingLogRecord.objects.filter(
        action="read", object_type="casework.note", actor_ref=f"employee:{worker.pk}"
    ).exists()


def test_p01_note_belongs_to_a_trajectory_of_the_same_resident(support, worker, client_for):
    resident = factories.resident(assign_to=worker)
    other = factories.resident(assign_to=worker)
    client = client_for(worker)
    trajectory = client.post(
        "/api/purposes/hulptrajecten/trajectories/",
        {
            "resident": str(resident.public_id),
            "question": "Administratie",
            "start_date": timezone.localdate().isoformat(),
        },
        format="json",
    ).json()

    linked = client.post(_notes_url(resident), _note(trajectory=trajectory["id"]), "json")
    wrong_resident = client.post(_notes_url(other), _note(trajectory=trajectory["id"]), "json")
    missing = client.post(_notes_url(resident), _note(trajectory=999999), "json")

    assert linked.status_code == 201
    assert linked.json()["trajectory"] == trajectory["id"]
    assert wrong_resident.status_code == 400
    assert list(wrong_resident.json()["fields"]) == ["trajectory"]
    assert missing.status_code == 404


def test_p04_health_note_without_consent_is_refused_then_allowed_with_explicit_consent(
    health, worker, client_for, rows, writes
):
    resident = factories.resident(purpose="zorgcontact", assign_to=worker)
    client = client_for(worker)
    health_note = _note(special_kind="health", text="Diabetes; insuline")
    before = (rows(Note), writes())

    refused = client.post(_notes_url(resident, "zorgcontact"), health_note, format="json")

    assert refused.status_code == 403
    assert refused.json()["code"] == "no_art9_ground"
    assert "uitdrukkelijke toestemming" in refused.json()["detail"]
    assert "insuline" not in refused.content.decode()
    assert (rows(Note), writes()) == before
    assert ProcessingLogRecord.objects.filter(
        actor_ref=f"employee:{worker.pk}",
        status="refused",
        reason_code="no_art9_ground",
        subject_ref=subject_ref(resident.pk),
    ).exists()

    consent = client.post(
        _consents_url(resident, "zorgcontact"), _consent("gezondheid", explicit=True), "json"
    )
    allowed = client.post(_notes_url(resident, "zorgcontact"), health_note, format="json")

    assert consent.status_code == 201, consent.json()
    assert allowed.status_code == 201, allowed.json()
    assert allowed.json()["special_kind"] == "health"
    assert client.get(_notes_url(resident, "zorgcontact")).json()["count"] == 1


def test_p04_plain_consent_is_not_enough_for_a_health_note(health, worker, client_for):
    resident = factories.resident(purpose="zorgcontact", assign_to=worker)
    client = client_for(worker)
    plain = client.post(_consents_url(resident, "zorgcontact"), _consent("naw"), "json")

    response = client.post(
        _notes_url(resident, "zorgcontact"), _note(special_kind="health"), format="json"
    )

    assert plain.status_code == 201
    assert response.status_code == 403
    assert response.json()["code"] == "no_art9_ground"


def test_p06_withdrawn_consent_stops_notes_under_a_consent_ground(
    by_consent, worker, client_for, rows
):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    client = client_for(worker)
    url = _notes_url(resident, "projecten")

    before_consent = client.post(url, _note(), format="json")
    consent = client.post(_consents_url(resident, "projecten"), _consent("naw"), "json").json()
    with_consent = client.post(url, _note(), format="json")
    withdrawn = client.post(f"/api/purposes/projecten/consents/{consent['id']}/withdraw/")
    stored = rows(Note)
    after = client.post(url, _note(), format="json")

    assert before_consent.status_code == 403
    assert before_consent.json()["code"] == "no_consent"
    assert with_consent.status_code == 201
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None
    assert after.status_code == 403
    assert (after.json()["code"], after.json()["fields"]) == ("no_consent", {})
    assert "toestemming" in after.json()["detail"]
    assert rows(Note) == stored
    # The note written with consent is no longer shown: processing stopped at once.
    assert client.get(url).json()["count"] == 0
    assert (
        ProcessingLogRecord.objects.filter(
            actor_ref=f"employee:{worker.pk}", status="refused", reason_code="no_consent"
        ).count()
        == 2
    )


BAD_INPUT = {
    "future_date": ({"occurred_on": "2999-01-01"}, {"occurred_on"}),
    "long_ago": ({"occurred_on": "2001-01-01"}, {"occurred_on"}),
    "not_a_date": ({"occurred_on": "vorige week"}, {"occurred_on"}),
    "bad_kind": ({"kind": "roddel"}, {"kind"}),
    "empty_text": ({"text": "   "}, {"text"}),
    "missing_text": ({"text": None}, {"text"}),
    "bad_special_kind": ({"special_kind": "hobby"}, {"special_kind"}),
    "text_not_a_string": ({"text": {"a": 1}}, {"text"}),
    "unknown_field": ({"author": 1}, {"author"}),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_p12_bad_note_input_is_400_and_stores_nothing(
    support, worker, client_for, rows, writes, case
):
    changes, expected = case
    resident = factories.resident(assign_to=worker)
    payload = {k: v for k, v in _note(**changes).items() if v is not None}
    before = (rows(Note), writes())

    response = client_for(worker).post(_notes_url(resident), payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    assert set(response.json()["fields"]) == expected
    assert (rows(Note), writes()) == before
    for value in ("roddel", "hobby", "vorige week"):
        assert value not in response.content.decode()


def test_p13_notes_of_unassigned_resident_are_404_like_missing(
    support, worker, other_worker, client_for, rows
):
    foreign = factories.resident(assign_to=other_worker)
    client_for(other_worker).post(_notes_url(foreign), _note(), format="json")
    client = client_for(worker)
    stored = rows(Note)

    answers = [
        client.get(_notes_url(foreign)),
        client.post(_notes_url(foreign), _note(), format="json"),
        client.post(_notes_url(foreign), _note(kind="fout"), format="json"),
        client.get(_notes_url(uuid.uuid4())),
    ]

    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert rows(Note) == stored


def test_p04_schema_documents_the_refusals_of_a_note(client_for, worker):
    schema = client_for(worker).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/purposes/{activity_code}/residents/{public_id}/notes/"][
        "post"
    ]

    for code in ("no_art9_ground", "no_consent", "not_found", "validation_failed"):
        assert f"`{code}`" in operation["description"]
    assert {"201", "400", "403", "404", "503"} <= set(operation["responses"])


def test_note_dates_today_and_five_years_back_are_accepted(support, worker, client_for):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    long_ago = timezone.localdate() - dt.timedelta(days=365 * 4)

    assert client.post(_notes_url(resident), _note(), "json").status_code == 201
    response = client.post(_notes_url(resident), _note(occurred_on=long_ago.isoformat()), "json")
    assert response.status_code == 201
