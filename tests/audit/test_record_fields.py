"""P12/P14: log records carry the LDV / NEN 7513 fields, and the log tables are append-only."""

from __future__ import annotations

import re

import pytest
from django.db import DatabaseError, connection, transaction

from tests import factories
from tests.auth import mfa_login
from zorgvuldig.audit import sealing, triggers
from zorgvuldig.audit.models import Checkpoint, LogLeaf, ProcessingLogRecord
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.people.models import Resident
from zorgvuldig.people.selectors import resident_get

pytestmark = pytest.mark.django_db

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN = "00f067aa0ba902b7"


def test_p12_record_carries_trace_operation_times_actor_role_and_activity(support, worker):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support):
        resident_get(actor=worker, purpose=support, public_id=resident.public_id)
    record = ProcessingLogRecord.objects.get(actor_ref=worker.actor_ref, action="read")
    assert re.fullmatch(r"[0-9a-f]{32}", record.trace_id)
    assert re.fullmatch(r"[0-9a-f]{16}", record.operation_id)
    assert record.at <= record.ended_at
    assert record.actor_role == worker.role
    assert record.actor_unit == f"team:{worker.team_id}"
    assert record.activity_version_id == support.current_version_id
    assert record.status == "ok"
    assert record.subject_ref == subject_ref(resident.pk)
    assert record.emergency is False


def test_p12_each_resident_touched_by_one_search_gets_its_own_record(support, worker):
    residents = [factories.resident(assign_to=worker, surname="Zoekbaar") for _ in range(10)]
    with processing(actor=worker, purpose=support):
        assert len(list(Resident.objects.filter(pk__in=[r.pk for r in residents]))) == 10
    records = ProcessingLogRecord.objects.filter(actor_ref=worker.actor_ref, action="read")
    assert sorted(records.values_list("subject_ref", flat=True)) == sorted(
        subject_ref(r.pk) for r in residents
    )
    assert len(set(records.values_list("operation_id", flat=True))) == 1


def test_p12_acting_on_behalf_of_someone_records_the_responsible_user(support, worker):
    resident = factories.resident()
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support, on_behalf_of=worker.actor_ref):
        list(Resident.objects.filter(pk=resident.pk))
    record = ProcessingLogRecord.objects.get(actor_ref="system:test-fixture", action="read")
    assert record.on_behalf_of_ref == worker.actor_ref


def test_p12_callers_traceparent_is_taken_over_and_propagated(client, support, worker):
    resident = factories.resident(assign_to=worker)
    mfa_login(client, worker.user)
    url = f"/api/purposes/{support.code}/residents/{resident.public_id}/"
    response = client.get(url, HTTP_TRACEPARENT=f"00-{TRACE}-{SPAN}-01")
    assert response.status_code == 200, response.content
    assert response["traceparent"].startswith(f"00-{TRACE}-")
    records = ProcessingLogRecord.objects.filter(actor_ref=worker.actor_ref, action="read")
    assert records.exists()
    for record in records:
        assert (record.trace_id, record.parent_operation_id) == (TRACE, SPAN)
        assert record.operation_name == "api:resident-detail"


def test_p12_log_tables_have_their_append_only_triggers():
    assert triggers.missing(connection) == []


@pytest.mark.parametrize("model", [ProcessingLogRecord, LogLeaf, Checkpoint])
def test_p12_log_rows_cannot_be_updated_or_deleted(model, support, worker):
    factories.resident(assign_to=worker)
    sealing.seal()
    assert model.objects.exists()
    for attempt in (
        lambda: model.objects.all().delete(),
        lambda: model.objects.update(**_any_change(model)),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert model.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_p12_log_table_cannot_be_truncated_on_postgresql(support):
    factories.resident()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {ProcessingLogRecord._meta.db_table}")


def _any_change(model) -> dict:
    if model is ProcessingLogRecord:
        return {"status": "error"}
    if model is LogLeaf:
        return {"record_id": -1}
    return {"tree_size": 0}


def test_p12_every_record_field_is_covered_by_the_seal():
    """A field added to the record but left out of the canonical bytes would be unprotected."""
    from zorgvuldig.audit import canonical

    columns = {f.attname for f in ProcessingLogRecord._meta.concrete_fields}
    assert set(canonical.FIELDS) == columns
    assert len(canonical.FIELDS) == len(columns)
