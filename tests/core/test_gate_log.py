"""P08/P13/P14: every allowed access leaves one processing-log record; refusals are logged; if
the log cannot be written, the data is not released (fail closed)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.errors import GateLogFailure, GateRefused
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.people.models import DataSource, Resident
from zorgvuldig.people.services import resident_update
from zorgvuldig.registry.models import ProcessingActivity
from zorgvuldig.registry.services import activity_save

pytestmark = pytest.mark.django_db


def _records(actor, **filters):
    return ProcessingLogRecord.objects.filter(actor_ref=actor.actor_ref, **filters)


def test_p08_each_resident_read_writes_one_record_with_activity_version(support, worker):
    residents = [factories.resident(assign_to=worker) for _ in range(3)]
    with processing(actor=worker, purpose=support):
        assert len(list(Resident.objects.all())) == 3
        list(Resident.objects.all())  # read twice in one context: still one record each
    reads = _records(worker, action="read", status="ok")
    assert sorted(reads.values_list("subject_ref", flat=True)) == sorted(
        subject_ref(r.pk) for r in residents
    )
    assert set(reads.values_list("activity_version_id", flat=True)) == {support.current_version_id}
    assert len(set(reads.values_list("trace_id", flat=True))) == 1


def test_p08_values_queries_are_logged_too(support, worker):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support):
        assert list(Resident.objects.values_list("public_id", flat=True)) == [resident.public_id]
    assert _records(worker, action="read").get().subject_ref == subject_ref(resident.pk)


def test_p08_log_record_holds_no_personal_data(support, worker):
    resident = factories.resident(assign_to=worker, bsn="")
    with processing(actor=worker, purpose=support):
        list(Resident.objects.all())
    record = _records(worker).get()
    text = " ".join(
        str(v) for v in ProcessingLogRecord.objects.filter(pk=record.pk).values()[0].values()
    )
    for datum in (
        resident.surname,
        resident.given_names,
        resident.postcode,
        str(resident.public_id),
    ):
        assert datum not in text.split(), "personal datum found in the log record"
    assert record.subject_ref != str(resident.pk)
    assert len(record.subject_ref) == 64


def test_p08_changed_activity_gets_new_version_and_old_records_keep_theirs(support, worker):
    factories.resident(assign_to=worker)
    first_version = support.current_version
    with processing(actor=worker, purpose=support):
        list(Resident.objects.all())
    support.purpose = "Ondersteuning van inwoners bij vragen over wonen, werk en welzijn"
    activity_save(
        changed_by="test", activity=support, data_categories=support.data_categories.all()
    )
    support.refresh_from_db()
    assert support.current_version.number == first_version.number + 1
    with processing(actor=worker, purpose=support):
        list(Resident.objects.all())
    versions = list(_records(worker).order_by("id").values_list("activity_version_id", flat=True))
    assert versions == [first_version.pk, support.current_version_id]
    first_version.refresh_from_db()
    assert first_version.snapshot["purpose"] == "Ondersteuning van inwoners"


def test_p08_unchanged_save_makes_no_new_version(support):
    before = support.versions.count()
    activity_save(
        changed_by="test", activity=support, data_categories=support.data_categories.all()
    )
    assert support.versions.count() == before


def test_p08_writes_are_logged_in_the_same_transaction(support, worker):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support):
        resident = Resident.objects.get(pk=resident.pk)
        resident_update(actor=worker, purpose=support, resident=resident, data={"city": "Zwolle"})
    assert _records(worker, action="update", object_type="people.resident").count() == 1
    assert _records(worker, action="create", object_type="people.datasource").count() == 1


def test_p08_rolled_back_write_leaves_neither_data_nor_log(support, worker):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support):
        row = Resident.objects.get(pk=resident.pk)
        with pytest.raises(RuntimeError), transaction.atomic():
            row.city = "Elders"
            row.save()
            raise RuntimeError("crash after the write")
        assert Resident.objects.get(pk=resident.pk).city == resident.city
    assert not _records(worker, action="update").exists()


def test_p13_refusal_survives_rollback_of_the_callers_work(support, worker, other_worker):
    resident = factories.resident(assign_to=worker)
    with (
        processing(actor=other_worker, purpose=support),
        pytest.raises(GateRefused),
        transaction.atomic(),
    ):
        DataSource(
            resident_id=resident.pk, field_name="email", kind="resident", activity=support
        ).save()
    refused = _records(other_worker, status="refused").get()
    assert refused.subject_ref == subject_ref(resident.pk)


@pytest.fixture
def log_table_gone():
    """Make the processing log unwritable for real: rename its table (transactional DDL)."""
    table = ProcessingLogRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")


@pytest.mark.django_db(transaction=True)
def test_p08_read_is_not_released_when_log_cannot_be_written(support, worker):
    factories.resident(assign_to=worker)
    released = []
    table = ProcessingLogRecord._meta.db_table
    with pytest.raises(GateLogFailure), processing(actor=worker, purpose=support):
        list(Resident.objects.all())
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
        released.append("rendered")
    # The caller's code after the block never runs, so a response is never sent.
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
    assert released == ["rendered"]


def test_p08_write_fails_when_log_cannot_be_written(support, worker, log_table_gone):
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        with pytest.raises(DatabaseError), transaction.atomic():
            Resident(given_names="Test", surname="Persoon").save()
        assert not Resident.objects.exists()


def test_p08_unknown_or_inactive_purpose_is_refused(support, worker):
    with pytest.raises(GateRefused) as exc, processing(actor=worker, purpose="bestaat-niet"):
        pass
    assert exc.value.code == "unknown_purpose"
    ProcessingActivity.objects.filter(pk=support.pk).update(is_active=False)
    with pytest.raises(GateRefused) as exc, processing(actor=worker, purpose=support):
        pass
    assert exc.value.code == "unknown_purpose"


def test_p08_activity_without_lawful_ground_is_refused(support, worker):
    ProcessingActivity.objects.filter(pk=support.pk).update(lawful_ground="")
    with pytest.raises(GateRefused) as exc, processing(actor=worker, purpose=support):
        pass
    assert exc.value.code == "no_lawful_ground"


def test_p04_special_categories_without_art9_exemption_are_refused(worker):
    health = factories.category("gezondheid", special_kind="health")
    act = factories.activity("zorg", categories=[health], art9_exemption="h")
    ProcessingActivity.objects.filter(pk=act.pk).update(art9_exemption="")
    with pytest.raises(GateRefused) as exc, processing(actor=worker, purpose="zorg"):
        pass
    assert exc.value.code == "no_art9_ground"


def test_p08_nested_context_for_other_purpose_is_refused(support, worker):
    factories.activity("buurtbemiddeling")
    with (
        processing(actor=worker, purpose=support),
        pytest.raises(GateRefused) as exc,
        processing(actor=worker, purpose="buurtbemiddeling"),
    ):
        pass
    assert exc.value.code == "nested_context"
