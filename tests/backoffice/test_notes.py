"""Writing notes on the file: bad input, and the gate's Art. 9 and consent refusals (P04, P06)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.backoffice import casework_data as data
from tests.backoffice.conftest import file_url
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Note
from zorgvuldig.core.gate import processing, subject_ref

HEALTH_REFUSAL = (
    "Gezondheidsgegevens mogen alleen worden vastgelegd met uitdrukkelijke toestemming van de "
    "inwoner of een wettelijke uitzondering die bij dit doel in het register staat. Leg eerst "
    "de toestemming vast."
)
CONSENT_REFUSAL = (
    "De inwoner heeft de toestemming voor dit doel ingetrokken of niet gegeven; verwerking is "
    "gestopt."
)


def note_url(resident, code: str = "hulptrajecten") -> str:
    return reverse("backoffice:note_create", args=[code, resident.public_id])


def note_input(**overrides) -> dict:
    values = {
        "occurred_on": timezone.localdate().isoformat(),
        "kind": "home_visit",
        "text": "Huisbezoek: mevrouw slaapt slecht sinds de operatie.",
        "special_kind": "",
    }
    values.update(overrides)
    return values


def test_note_form_defaults_to_no_special_category(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    body = as_employee(worker).get(note_url(resident)).content.decode()
    assert '<option value="" selected>Geen bijzonder persoonsgegeven</option>' in body
    assert 'for="id_text"' in body


def test_p01_note_is_written_and_shown_on_the_file(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    client = as_employee(worker)
    response = client.post(note_url(resident), note_input())
    assert response.status_code == 302
    assert response["Location"] == file_url(resident.public_id)
    with processing(actor=factories.FIXTURE_ACTOR, purpose="hulptrajecten"):
        note = Note.objects.get(resident=resident)
    assert (note.kind, note.author_id, note.special_kind) == ("home_visit", worker.pk, "")
    body = client.get(response["Location"]).content.decode()
    assert "De notitie is opgeslagen." in body
    assert "mevrouw slaapt slecht" in body


def test_note_bad_input_gets_field_errors_and_stores_nothing(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    client = as_employee(worker)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    future = client.post(note_url(resident), note_input(occurred_on=tomorrow))
    assert "Deze datum ligt in de toekomst." in future.content.decode()
    assert "mevrouw slaapt slecht" in future.content.decode()  # input kept
    empty = client.post(note_url(resident), note_input(text="  ", kind="brief", special_kind="x"))
    body = empty.content.decode()
    assert "Dit veld is verplicht." in body
    assert body.count("Kies een geldige waarde.") == 4  # two fields, in summary and at field
    old = client.post(note_url(resident), note_input(occurred_on="2001-01-01"))
    assert "Deze datum ligt te ver in het verleden." in old.content.decode()
    assert data.stored(Note) == 0


def test_p04_health_note_without_consent_is_refused_with_the_message(as_employee, worker, north):
    data.health_activity()
    resident = factories.resident(purpose=data.HEALTH_PURPOSE, assign_to=worker)
    data.give_consent(resident, data.HEALTH_PURPOSE)  # consent as basis, not explicit for health
    client = as_employee(worker)

    response = client.post(
        note_url(resident, data.HEALTH_PURPOSE), note_input(special_kind="health")
    )

    body = response.content.decode()
    assert response.status_code == 200  # on the form, not a refusal page
    assert HEALTH_REFUSAL in body
    assert "De notitie is niet opgeslagen" in body
    assert "Hiervoor is eerst uitdrukkelijke toestemming nodig." in body  # at the field
    assert 'aria-invalid="true"' in body
    assert "mevrouw slaapt slecht" in body  # input kept
    assert reverse("backoffice:consent_create", args=[data.HEALTH_PURPOSE, resident.public_id]) in (
        body
    )
    assert data.stored(Note) == 0
    assert ProcessingLogRecord.objects.filter(
        subject_ref=subject_ref(resident.pk), status="refused", reason_code="no_art9_ground"
    ).exists()
    # A note without special-category data is fine under the same consent.
    assert client.post(note_url(resident, data.HEALTH_PURPOSE), note_input()).status_code == 302


def test_p04_health_note_with_explicit_consent_is_allowed(as_employee, worker):
    data.health_activity()
    resident = factories.resident(purpose=data.HEALTH_PURPOSE, assign_to=worker)
    data.give_consent(resident, data.HEALTH_PURPOSE, explicit=True, codes=("naw", "gezondheid"))
    client = as_employee(worker)
    response = client.post(
        note_url(resident, data.HEALTH_PURPOSE), note_input(special_kind="health")
    )
    assert response.status_code == 302
    assert data.stored(Note) == 1
    body = client.get(response["Location"]).content.decode()
    assert "bijzonder persoonsgegeven: gezondheid" in body
    assert "mevrouw slaapt slecht" in body


def test_p04_religion_note_under_a_purpose_without_that_ground_is_refused(
    as_employee, support, worker
):
    resident = factories.resident(assign_to=worker)
    response = as_employee(worker).post(note_url(resident), note_input(special_kind="religion"))
    body = response.content.decode()
    assert "Bijzondere persoonsgegevens (religie of levensovertuiging) mogen alleen" in body
    assert data.stored(Note) == 0


def test_p06_note_without_any_consent_under_a_consent_purpose_is_refused(as_employee, worker):
    data.health_activity()
    resident = factories.resident(purpose=data.HEALTH_PURPOSE, assign_to=worker)
    client = as_employee(worker)
    form = client.get(note_url(resident, data.HEALTH_PURPOSE)).content.decode()
    assert "verwerking is gestopt" in form  # said before anything is typed
    response = client.post(note_url(resident, data.HEALTH_PURPOSE), note_input())
    assert response.status_code == 200
    assert CONSENT_REFUSAL in response.content.decode()
    assert data.stored(Note) == 0


def test_p13_note_form_of_other_workers_resident_is_404(as_employee, support, worker, other_worker):
    theirs = factories.resident(assign_to=other_worker)
    client = as_employee(worker)
    assert client.get(note_url(theirs)).status_code == 404
    assert client.post(note_url(theirs), note_input()).status_code == 404
    assert data.stored(Note) == 0
