"""P12: sealing runs behind the write path, in batches, exactly once per record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from zorgvuldig.audit import merkle, sealing
from zorgvuldig.audit.models import Checkpoint, LogLeaf, ProcessingLogRecord
from zorgvuldig.audit.verify import verify

pytestmark = pytest.mark.django_db


def test_p12_writes_do_not_seal_and_seal_batches_sign_one_checkpoint_each(
    support, worker, settings
):
    settings.AUDIT_SEAL_BATCH = 4
    for _ in range(3):
        factories.resident(assign_to=worker)
    assert not LogLeaf.objects.exists()  # the write path only inserts records
    total = ProcessingLogRecord.objects.count()
    made = sealing.seal()
    assert [c.tree_size for c in made] == [min(4 * (i + 1), total) for i in range(len(made))]
    assert LogLeaf.objects.count() == total
    leaves = [bytes(h) for h in LogLeaf.objects.values_list("leaf_hash", flat=True)]
    for checkpoint in made:
        assert bytes(checkpoint.root_hash) == merkle.root(leaves[: checkpoint.tree_size])


def test_p12_sealing_twice_seals_nothing_twice(support, worker):
    factories.resident(assign_to=worker)
    first = sealing.seal()
    assert first
    assert sealing.seal() == []
    assert LogLeaf.objects.count() == ProcessingLogRecord.objects.count()


def test_p12_a_late_committed_record_with_a_lower_id_is_sealed_at_the_next_leaf(support, worker):
    """On PostgreSQL a transaction can commit a lower id after a higher one was sealed."""
    factories.resident(assign_to=worker)
    template = ProcessingLogRecord.objects.order_by("id").first()
    top = ProcessingLogRecord.objects.order_by("-id").first().pk
    _copy(template, pk=top + 10)
    sealing.seal()
    late = _copy(template, pk=top + 5)  # commits after top + 10 was sealed
    made = sealing.seal()
    assert made
    assert LogLeaf.objects.get(record_id=late.pk).leaf_index == made[-1].tree_size - 1
    assert verify().intact


def test_p12_a_record_missed_beyond_the_grace_period_is_reported(support, worker, settings):
    settings.AUDIT_SEAL_GRACE_SECONDS = 60
    factories.resident(assign_to=worker)
    template = ProcessingLogRecord.objects.order_by("id").first()
    sealing.seal()
    old = timezone.now() - timedelta(hours=2)
    _copy(template, pk=None, at=old, ended_at=old)
    assert verify().kinds() == {"record_inserted"}


def test_p12_demo_sized_log_seals_and_verifies_intact_on_both_databases(support, worker):
    for _ in range(12):
        factories.resident(assign_to=worker)
    sealing.seal()
    report = verify()
    assert report.intact, report.findings
    assert (
        report.leaves == ProcessingLogRecord.objects.count() == Checkpoint.objects.last().tree_size
    )


def _copy(record: ProcessingLogRecord, *, pk, **changes) -> ProcessingLogRecord:
    values = {
        f.attname: getattr(record, f.attname)
        for f in ProcessingLogRecord._meta.concrete_fields
        if f.attname != "id"
    }
    values.update(changes)
    return ProcessingLogRecord.objects.create(id=pk, **values)
