"""Consent records over the API: giving (with evidence), listing and withdrawing (P04, P06)."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.people.models import ConsentRecord

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _url(resident, purpose="projecten"):
    public_id = getattr(resident, "public_id", resident)
    return f"/api/purposes/{purpose}/residents/{public_id}/consents/"


def _withdraw_url(consent_id, purpose="projecten"):
    return f"/api/purposes/{purpose}/consents/{consent_id}/withdraw/"


def _payload(**overrides) -> dict:
    payload = {"categories": ["naw"], "method": "written", "notice_version": "2026-1"}
    payload.update(overrides)
    return payload


def _files(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_p04_give_consent_and_list_it_with_log(by_consent, worker, client_for):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    client = client_for(worker)

    response = client.post(_url(resident), _payload(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["categories"] == ["naw"]
    assert (body["method"], body["explicit"], body["is_active"]) == ("written", False, True)
    assert body["withdrawn_at"] is None
    assert body["has_evidence"] is False
    record = ProcessingLogRecord.objects.get(action="create", object_type="people.consentrecord")
    assert record.actor_ref == f"employee:{worker.pk}"
    assert record.subject_ref == subject_ref(resident.pk)
    assert client.get(_url(resident)).json()["results"] == [body]


def test_p04_consent_with_signed_form_as_evidence(by_consent, worker, client_for, media):
    resident = factories.resident(purpose="projecten", assign_to=worker)

    response = client_for(worker).post(
        _url(resident),
        {**_payload(), "evidence": SimpleUploadedFile("formulier.pdf", PDF)},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["has_evidence"] is True
    assert response.json()["categories"] == ["naw"]
    assert len(_files(media)) == 1


def test_p12_bad_evidence_is_refused_and_nothing_stored(
    by_consent, worker, client_for, media, rows, writes
):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    before = (rows(ConsentRecord), writes())

    response = client_for(worker).post(
        _url(resident),
        {**_payload(), "evidence": SimpleUploadedFile("formulier.pdf", b"MZ\x90\x00" * 20)},
        format="multipart",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["evidence"]
    assert "past niet bij" in response.json()["fields"]["evidence"][0]
    assert (rows(ConsentRecord), writes()) == before
    assert _files(media) == []


def test_p06_withdraw_is_one_request_and_twice_is_a_field_error(by_consent, worker, client_for):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    client = client_for(worker)
    consent = client.post(_url(resident), _payload(), format="json").json()

    withdrawn = client.post(_withdraw_url(consent["id"]))
    again = client.post(_withdraw_url(consent["id"]))

    assert withdrawn.status_code == 200
    assert withdrawn.json()["is_active"] is False
    assert withdrawn.json()["withdrawn_at"] is not None
    assert again.status_code == 400
    assert list(again.json()["fields"]) == ["consent"]
    # The record stays visible (and the resident reachable) for retention handling.
    listed = client.get(_url(resident)).json()["results"]
    assert [c["id"] for c in listed] == [consent["id"]]
    assert listed[0]["is_active"] is False
    assert ProcessingLogRecord.objects.filter(
        action="update", object_type="people.consentrecord", actor_ref=f"employee:{worker.pk}"
    ).exists()


BAD_INPUT = {
    "unknown_category": ({"categories": ["bestaat-niet"]}, {"categories"}),
    "no_categories": ({"categories": []}, {"categories"}),
    "category_not_of_this_purpose": ({"categories": ["inkomen"]}, {"categories"}),
    "bsn_never_by_consent": ({"categories": ["bsn"]}, {"categories"}),
    "bad_method": ({"method": "knipoog"}, {"method"}),
    "empty_notice_version": ({"notice_version": " "}, {"notice_version"}),
    "future_given_at": ({"given_at": "2999-01-01T10:00:00+01:00"}, {"given_at"}),
    "unknown_recipient": ({"recipients": ["Geheime Dienst"]}, {"recipients"}),
    "unknown_field": ({"purpose": "alles"}, {"purpose"}),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_p12_bad_consent_input_is_400_and_stores_nothing(
    by_consent, worker, client_for, rows, writes, case
):
    factories.category("inkomen")
    factories.category("bsn", is_bsn=True)
    changes, expected = case
    resident = factories.resident(purpose="projecten", assign_to=worker)
    before = (rows(ConsentRecord), writes())

    response = client_for(worker).post(_url(resident), _payload(**changes), format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == expected
    assert (rows(ConsentRecord), writes()) == before
    for value in ("bestaat-niet", "knipoog", "Geheime Dienst"):
        assert value not in response.content.decode()


def test_p04_special_categories_need_explicit_consent(health, worker, client_for, rows):
    resident = factories.resident(purpose="zorgcontact", assign_to=worker)
    client = client_for(worker)

    implicit = client.post(
        _url(resident, "zorgcontact"), _payload(categories=["gezondheid"]), "json"
    )
    explicit = client.post(
        _url(resident, "zorgcontact"), _payload(categories=["gezondheid"], explicit=True), "json"
    )

    assert implicit.status_code == 400
    assert list(implicit.json()["fields"]) == ["explicit"]
    assert explicit.status_code == 201
    assert rows(ConsentRecord) == 1


def test_p04_given_at_in_the_past_is_kept(by_consent, worker, client_for):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    given = timezone.localtime() - dt.timedelta(days=3)

    response = client_for(worker).post(
        _url(resident), _payload(given_at=given.isoformat()), format="json"
    )

    assert response.status_code == 201
    assert dt.datetime.fromisoformat(response.json()["given_at"]) == given


def test_p13_consents_of_unassigned_resident_are_404_like_missing(
    by_consent, support, worker, other_worker, client_for, rows
):
    foreign = factories.resident(purpose="projecten", assign_to=other_worker)
    foreign_consent = client_for(other_worker).post(_url(foreign), _payload(), "json").json()
    mine = factories.resident(purpose="projecten", assign_to=worker)
    my_consent = client_for(worker).post(_url(mine), _payload(), "json").json()
    client = client_for(worker)
    stored = rows(ConsentRecord)

    answers = [
        client.get(_url(foreign)),
        client.post(_url(foreign), _payload(), "json"),
        client.get(_url(uuid.uuid4())),
        client.post(_withdraw_url(foreign_consent["id"])),
        client.post(_withdraw_url(999999)),
        client.post(_withdraw_url("geen-getal")),
        # A consent is withdrawn under its own purpose; under another it is not found.
        client.post(_withdraw_url(my_consent["id"], purpose="hulptrajecten")),
    ]

    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert rows(ConsentRecord) == stored
    assert client.get(_url(mine)).json()["results"][0]["is_active"] is True
