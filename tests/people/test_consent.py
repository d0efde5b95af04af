"""P04 and P06: consent as a basis, special categories, and withdrawal that stops processing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Note
from zorgvuldig.casework.services.notes import note_write
from zorgvuldig.core.errors import GateRefused, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.consent import consent_give, consent_withdraw
from zorgvuldig.people.models import Resident
from zorgvuldig.registry.models import LawfulGround

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(db):
    """A consent-based purpose whose register entry names religion (Art. 9(2)(a))."""
    return factories.activity(
        "projecten",
        ground=LawfulGround.CONSENT,
        lawful_ground_detail="",
        categories=[
            factories.category("naw"),
            factories.category("religie", special_kind="religion"),
        ],
        art9_exemption="a",
    )


@pytest.fixture
def care(db):
    """A public-task purpose with health data under the Art. 9(2)(h) exemption."""
    return factories.activity(
        "zorg",
        categories=[
            factories.category("naw"),
            factories.category("gezondheid", special_kind="health"),
        ],
        art9_exemption="h",
    )


def _note(actor, purpose, resident, **extra):
    data = {"occurred_on": timezone.localdate(), "kind": "phone", "text": "Gesprek gevoerd"}
    data.update(extra)
    return note_write(actor=actor, purpose=purpose, resident=resident, **data)


def _notes(purpose) -> int:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return Note.objects.count()


def _give(worker, purpose, resident, *codes, explicit=False):
    from zorgvuldig.registry.models import DataCategory

    return consent_give(
        actor=worker,
        purpose=purpose,
        resident=resident,
        categories=DataCategory.objects.filter(code__in=codes),
        method="written",
        notice_version="2026-1",
        explicit=explicit,
    )


def _load(worker, purpose, resident):
    with processing(actor=worker, purpose=purpose):
        return Resident.objects.get(pk=resident.pk)


def test_p06_consent_ground_without_consent_stops_work_data(projects, worker):
    resident = _load(worker, projects, factories.resident(purpose="projecten", assign_to=worker))
    with pytest.raises(GateRefused) as exc:
        _note(worker, projects, resident)
    assert exc.value.code == "no_consent"
    assert _notes(projects) == 0
    refused = ProcessingLogRecord.objects.filter(actor_ref=worker.actor_ref, status="refused")
    assert list(refused.values_list("reason_code", flat=True)) == ["no_consent"]


def test_p06_withdrawing_consent_stops_processing_at_once(projects, worker):
    resident = _load(worker, projects, factories.resident(purpose="projecten", assign_to=worker))
    consent = _give(worker, projects, resident, "naw")
    note = _note(worker, projects, resident)
    with processing(actor=worker, purpose=projects):
        assert list(Note.objects.all()) == [note]
    consent_withdraw(actor=worker, purpose=projects, consent=consent)
    with processing(actor=worker, purpose=projects):
        assert list(Note.objects.all()) == []
        with pytest.raises(GateRefused) as exc:
            Note.objects.get(pk=note.pk)
    assert exc.value.code == "no_consent"
    with pytest.raises(GateRefused):
        _note(worker, projects, resident)
    with processing(actor=worker, purpose=projects):  # identity stays for retention handling
        assert Resident.objects.filter(pk=resident.pk).exists()


def test_p06_withdrawing_twice_is_a_field_error(projects, worker):
    resident = _load(worker, projects, factories.resident(purpose="projecten", assign_to=worker))
    consent = _give(worker, projects, resident, "naw")
    consent_withdraw(actor=worker, purpose=projects, consent=consent)
    with pytest.raises(ValidationFailed) as exc:
        consent_withdraw(actor=worker, purpose=projects, consent=consent)
    assert "consent" in exc.value.fields


def test_p04_special_category_note_needs_explicit_consent(projects, worker):
    resident = _load(worker, projects, factories.resident(purpose="projecten", assign_to=worker))
    _give(worker, projects, resident, "naw")  # plain consent: not enough for religion
    with pytest.raises(GateRefused) as exc:
        _note(worker, projects, resident, special_kind="religion", text="Gaat naar de moskee")
    assert exc.value.code == "no_art9_ground"
    assert _notes(projects) == 0
    _give(worker, projects, resident, "religie", explicit=True)
    note = _note(worker, projects, resident, special_kind="religion", text="Koor in de kerk")
    with processing(actor=worker, purpose=projects):
        assert list(Note.objects.all()) == [note]


def test_p04_special_notes_become_unreadable_when_explicit_consent_is_withdrawn(projects, worker):
    resident = _load(worker, projects, factories.resident(purpose="projecten", assign_to=worker))
    _give(worker, projects, resident, "naw")
    explicit = _give(worker, projects, resident, "religie", explicit=True)
    special = _note(worker, projects, resident, special_kind="religion")
    plain = _note(worker, projects, resident)
    consent_withdraw(actor=worker, purpose=projects, consent=explicit)
    with processing(actor=worker, purpose=projects):
        assert list(Note.objects.all()) == [plain]
        with pytest.raises(GateRefused) as exc:
            Note.objects.get(pk=special.pk)
    assert exc.value.code == "no_art9_ground"


def test_p04_exemption_on_the_activity_allows_its_special_kinds_only(care, worker):
    resident = _load(worker, care, factories.resident(purpose="zorg", assign_to=worker))
    note = _note(worker, care, resident, special_kind="health", text="Diabetes, insuline")
    with processing(actor=worker, purpose=care):
        assert list(Note.objects.all()) == [note]
    with pytest.raises(GateRefused) as exc:
        _note(worker, care, resident, special_kind="religion")
    assert exc.value.code == "no_art9_ground"


def test_p04_explicit_consent_needed_for_special_categories_and_never_for_bsn(projects, worker):
    resident = _load(worker, projects, factories.resident(purpose="projecten", assign_to=worker))
    with pytest.raises(ValidationFailed) as exc:
        _give(worker, projects, resident, "religie", explicit=False)
    assert "explicit" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        _give(worker, projects, resident, "gezondheid-elders")
    assert "categories" in exc.value.fields


def test_p04_consent_cannot_be_dated_in_the_future(projects, worker):
    from zorgvuldig.registry.models import DataCategory

    resident = _load(worker, projects, factories.resident(purpose="projecten", assign_to=worker))
    with pytest.raises(ValidationFailed) as exc:
        consent_give(
            actor=worker,
            purpose=projects,
            resident=resident,
            categories=DataCategory.objects.filter(code="naw"),
            method="written",
            notice_version="2026-1",
            given_at=timezone.now() + dt.timedelta(days=2),
        )
    assert "given_at" in exc.value.fields


def test_p04_withdrawn_consent_is_handed_to_retention(projects, worker):
    from zorgvuldig.people.consent import consent_withdrawals_due_for_retention

    resident = _load(worker, projects, factories.resident(purpose="projecten", assign_to=worker))
    consent = _give(worker, projects, resident, "naw")
    assert consent_withdrawals_due_for_retention() == []
    consent_withdraw(actor=worker, purpose=projects, consent=consent)
    [due] = consent_withdrawals_due_for_retention()
    assert (due["consent_id"], due["resident_id"], due["activity"]) == (
        consent.pk,
        resident.pk,
        "projecten",
    )
    assert (
        ProcessingLogRecord.objects.filter(
            actor_ref="system:retention-monitor", action="read"
        ).count()
        == 1
    )
