"""Erasure holds everywhere: in every query path and across crashes and restores (P18).

A shredded resident stays hidden when reached from a plain model; the tombstone file and the
database are reconciled at start-up, so an append lost after its commit, or an erasure that
an interrupted restore undid, is repaired before the server serves anything.
"""

from __future__ import annotations

import pytest

from tests import factories
from zorgvuldig.core.errors import GateRefused
from zorgvuldig.core.gate import processing
from zorgvuldig.people.erasure import resident_shred
from zorgvuldig.people.models import Resident
from zorgvuldig.staff.models import Assignment
from zorgvuldig.vault import keys, setup, tombstones
from zorgvuldig.vault.models import BlindIndex, DataKey

pytestmark = pytest.mark.django_db


def _shred(resident, support):
    return resident_shred(actor=factories.FIXTURE_ACTOR, purpose=support, resident=resident)


def test_p18_erased_resident_is_hidden_when_reached_from_a_plain_model(support, worker):
    kept = factories.resident(assign_to=worker)
    erased = factories.resident(assign_to=worker)
    _shred(erased, support)

    with processing(actor=worker, purpose=support):
        mine = Assignment.objects.filter(resident=kept).select_related("resident")
        assert [a.resident.pk for a in mine] == [kept.pk]
        with pytest.raises(GateRefused):
            list(Assignment.objects.filter(resident=erased).select_related("resident"))


def test_p18_a_lost_tombstone_append_is_repaired_at_start(support, worker, settings, tmp_path):
    settings.VAULT_TOMBSTONE_FILE = str(tmp_path / "tombstones.txt")
    erased = factories.resident(assign_to=worker)
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        key_id = keys.shred(erased.pk)  # committed, but the after-commit append never ran
    assert tombstones.read() == set()

    setup.prepare(allow_create=False)

    assert tombstones.read() == {key_id}


def test_p18_an_erasure_the_database_forgot_is_applied_again_at_start(
    support, worker, settings, tmp_path
):
    settings.VAULT_TOMBSTONE_FILE = str(tmp_path / "tombstones.txt")
    back = factories.resident(assign_to=worker)  # as an older backup would bring it back
    row = DataKey.objects.get(resident_id=back.pk)
    assert BlindIndex.objects.filter(data_key=row).exists()
    tombstones.append(row.key_id)  # it was erased after that backup was taken
    keys.evict()

    setup.prepare(allow_create=False)

    row.refresh_from_db()
    assert row.wrapped is None and row.shredded_at is not None
    assert not BlindIndex.objects.filter(data_key=row).exists()
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        assert not Resident.objects.filter(pk=back.pk).exists()
