"""Recording and withdrawing consent on the file (P04, P06)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.backoffice import casework_data as data
from tests.backoffice.conftest import file_url
from tests.backoffice.test_notes import CONSENT_REFUSAL, note_input, note_url
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Note, Signal
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import ConsentRecord

CODE = data.HEALTH_PURPOSE
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def health(db):
    return data.health_activity()


@pytest.fixture
def resident(health, worker):
    return factories.resident(purpose=CODE, assign_to=worker, surname="Toestemming")


def consent_url(resident) -> str:
    return reverse("backoffice:consent_create", args=[CODE, resident.public_id])


def withdraw_url(resident, consent) -> str:
    return reverse("backoffice:consent_withdraw", args=[CODE, resident.public_id, consent.pk])


def consent_input(*codes, **overrides) -> dict:
    values = {
        "categories": [str(factories.category(code).pk) for code in codes or ("naw",)],
        "method": "written",
        "notice_version": "gezondheid v1",
        "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    values.update(overrides)
    return values


def consents(resident) -> list[ConsentRecord]:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=CODE):
        return list(ConsentRecord.objects.filter(resident=resident).prefetch_related("categories"))


def test_consent_form_offers_the_purposes_categories(as_employee, resident, worker):
    body = as_employee(worker).get(consent_url(resident)).content.decode()
    assert "Naw" in body or "naw" in body
    assert "(bijzonder persoonsgegeven: gezondheid)" in body
    assert 'enctype="multipart/form-data"' in body
    assert 'value="gezondheid v1"' in body  # the register version as the notice version


def test_p04_explicit_consent_with_evidence_is_recorded(as_employee, resident, worker):
    client = as_employee(worker)
    evidence = SimpleUploadedFile("formulier.pdf", PDF, content_type="application/pdf")
    response = client.post(
        consent_url(resident),
        consent_input("naw", "gezondheid", explicit="on", evidence=evidence),
    )
    assert response.status_code == 302
    assert response["Location"] == file_url(resident.public_id, CODE)
    [consent] = consents(resident)
    assert consent.explicit
    assert consent.method == "written"
    assert consent.recorded_by == worker.actor_ref
    assert {c.code for c in consent.categories.all()} == {"naw", "gezondheid"}
    assert consent.evidence.name.endswith(".pdf")
    consent.evidence.delete(save=False)
    body = client.get(response["Location"]).content.decode()
    assert "De toestemming is vastgelegd." in body
    assert "Uitdrukkelijke toestemming" in body
    assert "Toestemming intrekken" in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"categories": []}, "Kies voor welke gegevens de toestemming geldt."),
        (
            {"categories": ["999999"]},
            "Kies alleen gegevens die bij dit doel in het register staan.",
        ),
        ({"method": "telepathie"}, "Kies een geldige waarde."),
        ({"notice_version": ""}, "Vermeld welke versie van de informatietekst is getoond."),
        (
            {"given_at": (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
            "Het moment van toestemming kan niet in de toekomst liggen.",
        ),
        ({"given_at": "gisteren"}, "Vul een geldige datum en tijd in"),
    ],
)
def test_consent_bad_input_gets_a_field_error_and_stores_nothing(
    as_employee, resident, worker, overrides, message
):
    response = as_employee(worker).post(consent_url(resident), consent_input(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert data.stored(ConsentRecord) == 0


def test_p04_health_consent_must_be_explicit(as_employee, resident, worker):
    response = as_employee(worker).post(consent_url(resident), consent_input("naw", "gezondheid"))
    body = response.content.decode()
    assert "Voor bijzondere persoonsgegevens is uitdrukkelijke toestemming nodig." in body
    assert 'href="#id_explicit"' in body
    assert data.stored(ConsentRecord) == 0


def test_consent_with_a_disguised_upload_stores_nothing(as_employee, resident, worker):
    fake = SimpleUploadedFile(
        "formulier.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = as_employee(worker).post(consent_url(resident), consent_input(evidence=fake))
    assert "De inhoud van het bestand past niet bij de extensie .pdf." in response.content.decode()
    assert data.stored(ConsentRecord) == 0
    exe = SimpleUploadedFile(
        "formulier.exe", b"MZ\x90\x00", content_type="application/octet-stream"
    )
    response = as_employee(worker).post(consent_url(resident), consent_input(evidence=exe))
    assert "Dit bestandstype is niet toegestaan." in response.content.decode()
    assert data.stored(ConsentRecord) == 0


def test_p04_p06_withdrawing_consent_stops_processing(as_employee, resident, worker):
    consent = data.give_consent(resident, CODE)
    data.signal(resident, CODE, description="Signaal onder toestemming")
    client = as_employee(worker)
    assert client.post(note_url(resident, CODE), note_input()).status_code == 302
    before = client.get(file_url(resident.public_id, CODE)).content.decode()
    assert "Signaal onder toestemming" in before
    assert "verwerking voor dit doel is gestopt" not in before

    response = client.post(withdraw_url(resident, consent))  # one action, no questions

    assert response.status_code == 302
    assert response["Location"] == file_url(resident.public_id, CODE)
    [withdrawn] = consents(resident)
    assert withdrawn.withdrawn_at is not None
    assert ProcessingLogRecord.objects.filter(
        action="update", object_type="people.consentrecord", actor_ref=worker.actor_ref
    ).exists()
    after = client.get(response["Location"]).content.decode()
    assert "De toestemming is ingetrokken." in after
    assert "De verwerking voor dit doel is gestopt." in after
    assert "Signaal onder toestemming" not in after  # the work data is out of reach at once
    assert ">Ingetrokken<" in after
    assert "Toestemming intrekken" not in after
    notes_before = data.stored(Note)
    refused = client.post(note_url(resident, CODE), note_input())
    assert refused.status_code == 200
    assert CONSENT_REFUSAL in refused.content.decode()
    assert data.stored(Note) == notes_before
    assert data.stored(Signal) == 1  # stopped, not erased: retention handles it


def test_p06_signal_page_after_withdrawal_says_why(as_employee, resident, worker):
    consent = data.give_consent(resident, CODE)
    signal = data.signal(resident, CODE)
    client = as_employee(worker)
    client.post(withdraw_url(resident, consent))
    response = client.get(reverse("backoffice:signal_detail", args=[CODE, signal.pk]))
    assert response.status_code == 403
    assert "toestemming voor dit doel ingetrokken" in response.content.decode()


def test_withdrawing_twice_says_it_was_already_withdrawn(as_employee, resident, worker):
    consent = data.give_consent(resident, CODE)
    client = as_employee(worker)
    client.post(withdraw_url(resident, consent))
    response = client.post(withdraw_url(resident, consent), follow=True)
    assert "Deze toestemming is al ingetrokken." in response.content.decode()


def test_withdraw_is_a_post(as_employee, resident, worker):
    consent = data.give_consent(resident, CODE)
    assert as_employee(worker).get(withdraw_url(resident, consent)).status_code == 405
    assert consents(resident)[0].withdrawn_at is None


def test_p13_other_worker_cannot_withdraw_or_record_consent(
    as_employee, resident, worker, other_worker
):
    consent = data.give_consent(resident, CODE)
    client = as_employee(other_worker)
    assert client.post(withdraw_url(resident, consent)).status_code == 404
    assert client.get(consent_url(resident)).status_code == 404
    assert client.post(consent_url(resident), consent_input()).status_code == 404
    assert consents(resident)[0].withdrawn_at is None
    assert data.stored(ConsentRecord) == 1


def test_consent_of_another_resident_cannot_be_withdrawn_through_this_file(
    as_employee, resident, worker
):
    other = factories.resident(purpose=CODE, assign_to=worker)
    consent = data.give_consent(other, CODE)
    response = as_employee(worker).post(withdraw_url(resident, consent))
    assert response.status_code == 404
    assert consents(other)[0].withdrawn_at is None


def test_p12_consent_evidence_downloads_as_attachment_for_the_assigned_worker_only(
    as_employee, resident, worker, other_worker
):
    client = as_employee(worker)
    evidence = SimpleUploadedFile("Toestemming_formulier.pdf", PDF, content_type="application/pdf")
    client.post(consent_url(resident), {**consent_input(), "evidence": evidence})
    [consent] = consents(resident)
    url = reverse("backoffice:consent_evidence", args=[CODE, resident.public_id, consent.pk])
    assert url in client.get(file_url(resident.public_id, CODE)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert "Toestemming_formulier" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    reads = ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref, action="read", object_type="people.consentrecord"
    )
    assert reads.exists()
    outsider = as_employee(other_worker).get(url)
    missing = as_employee(other_worker).get(
        reverse("backoffice:consent_evidence", args=[CODE, resident.public_id, consent.pk + 99])
    )
    assert outsider.status_code == missing.status_code == 404
