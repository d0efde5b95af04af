# ruff: noqa: S608  -- the "attacker" writes SQL with fixed table names on purpose
"""P12: every kind of tampering with the processing log is detected by `audit verify`.

Each test builds a real sealed log through the gate (``conftest.sealed_log``), tampers with it
the way someone with database access would (triggers dropped, plain SQL), and checks that
verification names exactly that kind of damage. Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.db import connection

from tests import factories
from zorgvuldig.audit import canonical, merkle, sealing, signing, triggers
from zorgvuldig.audit.models import LogLeaf, ProcessingLogRecord
from zorgvuldig.audit.verify import verify

LOG = "audit_processinglogrecord"
LEAF = "audit_logleaf"
CHECKPOINT = "audit_checkpoint"


def _record_at_leaf(attacker, index: int) -> int:
    return attacker.one(f"SELECT record_id FROM {LEAF} WHERE leaf_index = %s", [index])[0]


def _size(attacker) -> int:
    return attacker.one(f"SELECT COUNT(*) FROM {LEAF}")[0]


def test_p12_an_untouched_log_verifies_intact(sealed_log):
    report = verify()
    assert report.intact, report.findings
    assert report.leaves == sealed_log[-1].tree_size
    assert report.unsealed == 0


def test_p12_a_changed_record_is_detected_at_its_leaf(sealed_log, attacker):
    record_id = _record_at_leaf(attacker, 7)
    attacker.sql(f"UPDATE {LOG} SET action = 'delete' WHERE id = %s", [record_id])
    report = verify()
    assert report.kinds() == {"record_changed"}
    assert [f.leaf_index for f in report.findings] == [7]


def test_p12_a_deleted_record_is_detected(sealed_log, attacker):
    record_id = _record_at_leaf(attacker, 3)
    attacker.sql(f"DELETE FROM {LOG} WHERE id = %s", [record_id])
    report = verify()
    assert report.kinds() == {"record_deleted"}
    assert report.findings[0].record_id == record_id


def test_p12_a_record_deleted_with_its_seal_is_detected(sealed_log, attacker):
    record_id = _record_at_leaf(attacker, 12)
    attacker.sql(f"DELETE FROM {LOG} WHERE id = %s", [record_id])
    attacker.sql(f"DELETE FROM {LEAF} WHERE leaf_index = 12")
    report = verify()
    assert "leaf_missing" in report.kinds()
    assert report.findings[0].leaf_index == 12
    assert "history_rewritten" not in report.kinds()  # explained by the missing leaf


def test_p12_a_backdated_record_slipped_in_unsealed_is_detected(sealed_log, attacker, settings):
    settings.AUDIT_SEAL_GRACE_SECONDS = 60
    attacker.sql(
        f"INSERT INTO {LOG} (trace_id, operation_id, parent_operation_id, operation_name, at, "
        "actor_ref, actor_role, actor_unit, on_behalf_of_ref, action, subject_ref, object_type, "
        "status, reason_code, emergency, incidental) VALUES "
        "('ab', '', '', '', %s, 'employee:1', '', '', '', 'read', 'x', '', 'ok', '', %s, %s)",
        ["2026-01-01 09:00:00", False, False],
    )
    report = verify()
    assert report.kinds() == {"record_inserted"}
    assert report.unsealed == 1


def test_p12_a_record_inserted_into_sealed_history_is_detected(sealed_log, attacker):
    """The attacker makes room among the leaves and seals a forged record in between."""
    size = _size(attacker)
    position = 5
    source = _record_at_leaf(attacker, position)
    columns = (
        "trace_id, operation_id, parent_operation_id, operation_name, at, ended_at, actor_ref, "
        "actor_role, actor_unit, on_behalf_of_ref, activity_version_id, action, subject_ref, "
        "object_type, status, reason_code, emergency, incidental"
    )
    attacker.sql(
        f"INSERT INTO {LOG} ({columns}) SELECT {columns} FROM {LOG} WHERE id = %s", [source]
    )
    forged = attacker.one(f"SELECT MAX(id) FROM {LOG}")[0]
    for index in range(size - 1, position - 1, -1):  # shift leaves up, highest first
        attacker.sql(f"UPDATE {LEAF} SET leaf_index = %s WHERE leaf_index = %s", [index + 1, index])
    leaf = merkle.leaf_hash(canonical.encode_record(ProcessingLogRecord.objects.get(pk=forged)))
    attacker.sql(
        f"INSERT INTO {LEAF} (leaf_index, record_id, leaf_hash) VALUES (%s, %s, %s)",
        [position, forged, leaf],
    )
    report = verify()
    assert report.kinds() == {"record_inserted"}
    assert report.findings[0].leaf_index == position


def test_p12_reordered_records_are_detected(sealed_log, attacker):
    first, second = _record_at_leaf(attacker, 2), _record_at_leaf(attacker, 14)
    attacker.sql(f"UPDATE {LEAF} SET record_id = -1 WHERE leaf_index = 2")
    attacker.sql(f"UPDATE {LEAF} SET record_id = %s WHERE leaf_index = 14", [first])
    attacker.sql(f"UPDATE {LEAF} SET record_id = %s WHERE leaf_index = 2", [second])
    report = verify()
    assert report.kinds() == {"record_reordered"}
    assert sorted(f.leaf_index for f in report.findings) == [2, 14]


def test_p12_a_truncated_tail_is_detected(sealed_log, attacker):
    size = _size(attacker)
    for index in range(size - 3, size):
        record_id = _record_at_leaf(attacker, index)
        attacker.sql(f"DELETE FROM {LEAF} WHERE leaf_index = %s", [index])
        attacker.sql(f"DELETE FROM {LOG} WHERE id = %s", [record_id])
    report = verify()
    assert report.kinds() == {"truncated"}


def test_p12_truncation_with_its_checkpoints_removed_is_caught_by_an_exported_checkpoint(
    sealed_log, attacker
):
    exported = sealing.checkpoint_now().text
    keep = sealed_log[0].tree_size
    for index in range(keep, _size(attacker)):
        attacker.sql(f"DELETE FROM {LOG} WHERE id = %s", [_record_at_leaf(attacker, index)])
        attacker.sql(f"DELETE FROM {LEAF} WHERE leaf_index = %s", [index])
    attacker.sql(f"DELETE FROM {CHECKPOINT} WHERE tree_size > %s", [keep])
    assert verify().intact  # the database alone is now self-consistent
    report = verify(against=exported)
    assert report.kinds() == {"truncated"}


def test_p12_rewritten_and_rehashed_history_is_caught_by_a_consistency_proof(sealed_log, attacker):
    """An insider with the signing key rewrites a record, its seal and every checkpoint."""
    exported = sealing.checkpoint_now().text
    record_id = _record_at_leaf(attacker, 4)
    attacker.sql(f"UPDATE {LOG} SET actor_ref = 'employee:999' WHERE id = %s", [record_id])
    record = ProcessingLogRecord.objects.get(pk=record_id)
    attacker.sql(
        f"UPDATE {LEAF} SET leaf_hash = %s WHERE leaf_index = 4",
        [merkle.leaf_hash(canonical.encode_record(record))],
    )
    attacker.sql(f"DELETE FROM {CHECKPOINT}")
    frontier = merkle.Frontier()
    frontier.extend(bytes(h) for h in LogLeaf.objects.values_list("leaf_hash", flat=True))
    sealing._sign(frontier, record_id, sealed_log[-1].signed_at)
    assert verify().intact  # re-signed: the database alone cannot tell
    report = verify(against=exported)
    assert report.kinds() == {"history_rewritten"}


def test_p12_a_rewritten_leaf_hash_is_caught_by_the_signed_checkpoints(sealed_log, attacker):
    record_id = _record_at_leaf(attacker, 4)
    attacker.sql(f"UPDATE {LOG} SET actor_ref = 'employee:999' WHERE id = %s", [record_id])
    record = ProcessingLogRecord.objects.get(pk=record_id)
    attacker.sql(
        f"UPDATE {LEAF} SET leaf_hash = %s WHERE leaf_index = 4",
        [merkle.leaf_hash(canonical.encode_record(record))],
    )
    report = verify()
    assert report.kinds() == {"history_rewritten"}


def test_p12_a_forged_checkpoint_signature_is_detected(sealed_log, attacker):
    checkpoint = sealed_log[0]
    body, _, _ = checkpoint.text.partition("\n\n")
    forger = Ed25519PrivateKey.generate()
    signature = forger.sign((body + "\n").encode())
    kid = signing.key_id(signing.parse_checkpoint(checkpoint.text).key_name, signing.public_key())
    forged = (
        f"{body}\n\n— {checkpoint.text.split()[-2]} {base64.b64encode(kid + signature).decode()}\n"
    )
    attacker.sql(f"UPDATE {CHECKPOINT} SET text = %s WHERE id = %s", [forged, checkpoint.pk])
    report = verify()
    assert report.kinds() == {"bad_signature"}


def test_p12_a_checkpoint_with_a_changed_root_is_detected(sealed_log, attacker):
    checkpoint = sealed_log[1]
    lines = checkpoint.text.split("\n")
    lines[2] = base64.b64encode(b"\x00" * 32).decode()
    attacker.sql(
        f"UPDATE {CHECKPOINT} SET text = %s WHERE id = %s", ["\n".join(lines), checkpoint.pk]
    )
    assert verify().kinds() == {"bad_signature"}


def test_p12_missing_append_only_triggers_are_reported(sealed_log):
    triggers.drop(connection)
    try:
        assert verify().kinds() == {"triggers_missing"}
    finally:
        triggers.install(connection)


def test_p12_audit_verify_exits_zero_when_intact(sealed_log, capsys):
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_p12_audit_verify_exits_one_and_names_the_damage(sealed_log, attacker, capsys):
    record_id = _record_at_leaf(attacker, 1)
    attacker.sql(f"UPDATE {LOG} SET status = 'error' WHERE id = %s", [record_id])
    with pytest.raises(SystemExit) as caught:
        call_command("audit", "verify")
    assert caught.value.code == 1
    assert "[record_changed]" in capsys.readouterr().out


@pytest.fixture
def witnessed_log(support, worker, settings, tmp_path, django_capture_on_commit_callbacks):
    """The sealed log, with the witness file outside the database kept up to date."""
    settings.AUDIT_SEAL_BATCH = 10
    settings.AUDIT_WITNESS_FILE = str(tmp_path / "witness.txt")
    for _ in range(5):
        factories.resident(assign_to=worker)
    with django_capture_on_commit_callbacks(execute=True):
        made = sealing.seal()
    assert signing.parse_checkpoint((tmp_path / "witness.txt").read_text()).tree_size == (
        made[-1].tree_size
    )
    assert len(made) >= 2, "the fixture needs several checkpoints"
    return made


def test_p12_newest_records_cut_off_with_their_checkpoints_are_caught_by_the_witness(
    witnessed_log, attacker
):
    keep = witnessed_log[0].tree_size
    for index in range(keep, _size(attacker)):
        attacker.sql(f"DELETE FROM {LOG} WHERE id = %s", [_record_at_leaf(attacker, index)])
        attacker.sql(f"DELETE FROM {LEAF} WHERE leaf_index = %s", [index])
    attacker.sql(f"DELETE FROM {CHECKPOINT} WHERE tree_size > %s", [keep])
    report = verify()
    assert report.kinds() == {"truncated"}  # no --against needed: the witness remembers
    with pytest.raises(sealing.SealRefused):
        sealing.seal()


def test_p12_all_seals_removed_and_history_resealed_is_refused_and_caught(
    witnessed_log, attacker, worker
):
    record_id = _record_at_leaf(attacker, 4)
    attacker.sql(f"UPDATE {LOG} SET actor_ref = 'employee:999' WHERE id = %s", [record_id])
    attacker.sql(f"DELETE FROM {LEAF}")
    attacker.sql(f"DELETE FROM {CHECKPOINT}")
    with pytest.raises(sealing.SealRefused):  # the worker will not sign the rewritten log
        sealing.seal()
    assert "truncated" in verify().kinds()


def test_p12_old_records_without_any_checkpoint_are_reported(support, worker):
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() - timedelta(hours=3), tick=False):
        factories.resident(assign_to=worker)
    assert verify().kinds() == {"unsealed_history"}


def test_p12_a_proof_over_tampered_leaves_is_invalid(sealed_log, attacker):
    from zorgvuldig.audit import proofs

    record_id = _record_at_leaf(attacker, 6)
    attacker.sql(f"UPDATE {LEAF} SET leaf_hash = %s WHERE leaf_index = 3", [b"\x00" * 32])
    assert not proofs.inclusion(record_id).verify()  # its path runs through the forged leaf
    # The record at leaf 3 itself is untouched and still in the signed tree: its proof holds.
    assert proofs.inclusion(_record_at_leaf(attacker, 3)).verify()
