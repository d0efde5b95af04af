"""Residents: validation that stores nothing on bad input, and a source per datum (P03, P07)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.demo.bsn import fake_bsn as generate_bsn
from zorgvuldig.people.models import DataSource, Resident
from zorgvuldig.people.services import resident_register, resident_update
from zorgvuldig.people.validation import resident_clean

pytestmark = pytest.mark.django_db

GOOD = {"given_names": "Anna", "surname": "Jansen", "postcode": "8011 AB", "city": "Zwolle"}


@pytest.fixture
def with_bsn(db):
    bsn = factories.category("bsn", is_bsn=True)
    return factories.activity(
        "hulptrajecten-bsn", categories=[bsn], bsn_legal_basis="Wmo 2015 art. 5.2.1"
    )


def _count(purpose) -> int:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return Resident.objects.count()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("surname", ""),
        ("given_names", "   "),
        ("birth_date", "2999-01-01"),
        ("birth_date", "1800-01-01"),
        ("birth_date", "31-12-1980"),
        ("postcode", "12345"),
        ("phone", "bel me"),
        ("email", "geen-adres"),
        ("bsn", "123456789"),
        ("surname", "x" * 121),
    ],
)
def test_p03_bad_input_gets_field_error_and_stores_nothing(with_bsn, worker, field, value):
    before = _count(with_bsn)
    logs_before = ProcessingLogRecord.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        resident_register(actor=worker, purpose=with_bsn, data={**GOOD, field: value})
    assert list(exc.value.fields) == [field]
    assert exc.value.fields[field][0]  # a Dutch message for the field
    assert _count(with_bsn) == before
    assert ProcessingLogRecord.objects.filter(action="create").count() == 0
    assert ProcessingLogRecord.objects.count() >= logs_before


def test_p08_bsn_refused_under_activity_without_bsn_basis(support, worker):
    with pytest.raises(ValidationFailed) as exc:
        resident_register(actor=worker, purpose=support, data={**GOOD, "bsn": generate_bsn()})
    assert "bsn" in exc.value.fields
    assert _count(support) == 0


def test_p08_valid_bsn_stored_under_activity_with_legal_basis(with_bsn, worker):
    number = generate_bsn()
    resident = resident_register(actor=worker, purpose=with_bsn, data={**GOOD, "bsn": number})
    with processing(actor=worker, purpose=with_bsn):
        assert Resident.objects.get(pk=resident.pk).bsn == number


def test_birth_date_today_is_accepted_and_postcode_normalised(support):
    cleaned = resident_clean(
        data={**GOOD, "postcode": "8011ab", "birth_date": timezone.localdate().isoformat()},
        activity=support,
    )
    assert cleaned["postcode"] == "8011 AB"
    assert cleaned["birth_date"] == timezone.localdate()


def test_p03_every_datum_records_its_source(support, worker):
    resident = resident_register(actor=worker, purpose=support, data=GOOD)
    with processing(actor=worker, purpose=support):
        sources = DataSource.objects.filter(resident=resident)
        assert {s.field_name for s in sources} == {"given_names", "surname", "postcode", "city"}
        assert {s.kind for s in sources} == {"resident"}


def test_p07_third_party_source_is_named_and_required(support, worker):
    with pytest.raises(ValidationFailed) as exc:
        resident_register(actor=worker, purpose=support, data=GOOD, source_kind="third_party")
    assert "source_name" in exc.value.fields
    assert _count(support) == 0
    resident = resident_register(
        actor=worker, purpose=support, data=GOOD, source_kind="referrer", source_name="huisarts"
    )
    with processing(actor=worker, purpose=support):
        resident = Resident.objects.get(pk=resident.pk)
        resident_update(
            actor=worker,
            purpose=support,
            resident=resident,
            data={"phone": "038-1234567"},
            source_kind="third_party",
            source_name="buurvrouw",
        )
        phone = DataSource.objects.get(resident=resident, field_name="phone")
    assert (phone.kind, phone.source_name) == ("third_party", "buurvrouw")


def test_p13_registering_worker_is_assigned_and_logged(support, worker, other_worker):
    resident = resident_register(actor=worker, purpose=support, data=GOOD)
    with processing(actor=worker, purpose=support):
        assert Resident.objects.filter(pk=resident.pk).exists()
    with processing(actor=other_worker, purpose=support):
        assert not Resident.objects.filter(pk=resident.pk).exists()
    created = ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref, action="create", object_type="people.resident"
    )
    assert created.count() == 1


def test_update_with_no_change_writes_nothing(support, worker):
    resident = resident_register(actor=worker, purpose=support, data=GOOD)
    with processing(actor=worker, purpose=support):
        resident = Resident.objects.get(pk=resident.pk)
        resident_update(actor=worker, purpose=support, resident=resident, data={"city": "Zwolle"})
    assert not ProcessingLogRecord.objects.filter(action="update").exists()
