"""P12/P15: checkpoints are signed, exportable, and an outsider can check them with openssl."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from datetime import timedelta

import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.utils import timezone

from tests import factories
from zorgvuldig.audit import merkle, proofs, sealing, signing
from zorgvuldig.audit.models import Checkpoint, LogLeaf

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_log(support, worker, settings):
    settings.AUDIT_SEAL_BATCH = 5
    for _ in range(3):
        factories.resident(assign_to=worker)
    return sealing.seal()


def test_p12_checkpoint_text_has_origin_size_root_time_and_a_valid_signature(some_log, settings):
    checkpoint = some_log[-1]
    parsed = signing.parse_checkpoint(checkpoint.text)
    assert parsed.origin == settings.AUDIT_LOG_ORIGIN
    assert parsed.tree_size == checkpoint.tree_size == LogLeaf.objects.count()
    leaves = [bytes(h) for h in LogLeaf.objects.values_list("leaf_hash", flat=True)]
    assert parsed.root_hash == merkle.root(leaves)
    assert signing.signature_valid(parsed, signing.public_key())
    other = Ed25519PrivateKey.generate().public_key()
    assert not signing.signature_valid(parsed, other)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_p15_an_outsider_verifies_an_exported_checkpoint_with_openssl(some_log, tmp_path):
    call_command("audit", "checkpoint", "--export", str(tmp_path))
    exported = next(tmp_path.glob("checkpoint-*.txt")).read_text()
    body, _, signature_line = exported.partition("\n\n")
    (tmp_path / "body").write_text(body + "\n")
    blob = signing.base64.b64decode(signature_line.split()[-1])
    (tmp_path / "sig").write_bytes(blob[4:])  # after the 4-byte key id
    assert _openssl_verify(tmp_path).returncode == 0
    (tmp_path / "body").write_text(body.replace("\n", "\n1", 1) + "\n")  # a tampered size
    result = _openssl_verify(tmp_path)
    assert result.returncode != 0


def _openssl_verify(folder):
    openssl = shutil.which("openssl")
    return subprocess.run(  # noqa: S603 -- the system's openssl, files this test wrote
        [
            openssl, "pkeyutl", "-verify", "-pubin", "-rawin",
            "-inkey", str(folder / "audit-public-key.pem"),
            "-in", str(folder / "body"), "-sigfile", str(folder / "sig"),
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_p12_exported_checkpoint_verifies_against_the_grown_log(some_log, tmp_path, worker):
    target = tmp_path / "cp.txt"
    call_command("audit", "checkpoint", "--export", str(target))
    factories.resident(assign_to=worker)
    sealing.seal()
    call_command("audit", "verify", "--against", str(target))  # exits 0: no SystemExit


def test_p12_a_checkpoint_is_signed_hourly_even_when_nothing_was_logged(some_log):
    assert sealing.run_once() == []  # nothing new, last checkpoint fresh
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        made = sealing.run_once()
    assert len(made) == 1
    assert made[0].tree_size == some_log[-1].tree_size


def _pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_p12_signing_key_can_come_from_the_environment(settings, support, worker):
    key = Ed25519PrivateKey.generate()
    settings.AUDIT_SIGNING_KEY = _pem(key)
    factories.resident(assign_to=worker)
    checkpoint = sealing.seal()[-1]
    assert signing.signature_valid(signing.parse_checkpoint(checkpoint.text), key.public_key())


def test_p12_sealer_refuses_to_extend_a_log_signed_with_another_key(settings, some_log, worker):
    settings.AUDIT_SIGNING_KEY = _pem(Ed25519PrivateKey.generate())
    factories.resident(assign_to=worker)
    with pytest.raises(sealing.SealRefused):
        sealing.seal()
    assert LogLeaf.objects.count() == some_log[-1].tree_size  # nothing sealed


def test_p12_verify_never_makes_a_signing_key(settings, tmp_path, some_log):
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "absent.pem")
    with pytest.raises(SystemExit) as caught:
        call_command("audit", "verify")
    assert caught.value.code == 2
    assert not (tmp_path / "absent.pem").exists()


def test_p12_production_refuses_to_sign_without_a_key(settings, tmp_path):
    settings.IS_PRODUCTION = True
    settings.AUDIT_SIGNING_KEY = None
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "absent.pem")
    with pytest.raises(signing.SigningKeyMissing):
        signing.private_key()
    assert not (tmp_path / "absent.pem").exists()


def test_p12_inclusion_proof_of_a_record_verifies_against_the_signed_root(some_log, capsys):
    leaf = LogLeaf.objects.get(leaf_index=3)
    call_command("audit", "prove", "--record", str(leaf.record_id))
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True
    assert data["leaf_index"] == 3
    checkpoint = Checkpoint.objects.order_by("-tree_size", "-id").first()
    assert data["root_hash"] == signing.base64.b64encode(bytes(checkpoint.root_hash)).decode()


def test_p12_consistency_proof_between_checkpoints_verifies(some_log):
    proof = proofs.consistency(some_log[0].tree_size, some_log[-1].tree_size)
    assert proof.verify()
    assert proof.old_root == bytes(some_log[0].root_hash)
    assert proof.new_root == bytes(some_log[-1].root_hash)


def test_p12_proof_of_an_unsealed_record_is_refused_clearly(some_log, worker):
    factories.resident(assign_to=worker)
    from zorgvuldig.audit.selectors import log_recent

    newest = log_recent(limit=1)[0]
    with pytest.raises(proofs.ProofUnavailable):
        proofs.inclusion(newest.pk)


def _outsider_leaf(record: list) -> bytes:
    data = json.dumps(["zv1", *record], separators=(",", ":"), ensure_ascii=True).encode()
    return hashlib.sha256(b"\x00" + data).digest()


def _outsider_mth(hashes: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.1, recursively: the snippet from docs/audit.md, not our code."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + _outsider_mth(hashes[:k]) + _outsider_mth(hashes[k:])).digest()


def test_p15_an_outsider_recomputes_the_signed_root_from_the_records(some_log):
    from zorgvuldig.audit import canonical
    from zorgvuldig.audit.models import ProcessingLogRecord

    order = list(LogLeaf.objects.order_by("leaf_index").values_list("record_id", flat=True))
    records = {r.pk: r for r in ProcessingLogRecord.objects.filter(pk__in=order)}
    rows = []
    for record_id in order:
        record = records[record_id]
        row = [getattr(record, f) for f in canonical.FIELDS]
        for i, name in enumerate(canonical.FIELDS):
            if name in canonical.TIMESTAMP_FIELDS:
                row[i] = canonical.timestamp(row[i])
        rows.append(row)
    checkpoint_text = some_log[-1].text
    assert (
        base64.b64encode(_outsider_mth([_outsider_leaf(r) for r in rows])).decode()
        == (checkpoint_text.split("\n")[2])
    )
