"""Inclusion and consistency proofs (RFC 9162) for sealed records and checkpoints.

A proof is computed from the sealed leaf hashes in the database and returned with everything
an outsider needs to check it against a signed checkpoint: leaf index, tree size, the leaf
hash (recomputed from the record's canonical bytes), the proof hashes and the root.
"""

from __future__ import annotations

from dataclasses import dataclass

from zorgvuldig.audit import canonical, merkle, signing
from zorgvuldig.audit.models import Checkpoint, LogLeaf, ProcessingLogRecord
from zorgvuldig.audit.sealing import latest_checkpoint


class ProofUnavailable(ValueError):
    """The record is not sealed, or the sizes are outside the sealed tree."""


@dataclass(frozen=True)
class InclusionProof:
    record_id: int
    leaf_index: int
    tree_size: int
    leaf_hash: bytes
    root_hash: bytes
    path: list[bytes]

    def verify(self) -> bool:
        return merkle.verify_inclusion(
            self.leaf_hash, self.leaf_index, self.tree_size, self.path, self.root_hash
        )


@dataclass(frozen=True)
class ConsistencyProof:
    old_size: int
    new_size: int
    old_root: bytes
    new_root: bytes
    path: list[bytes]

    def verify(self) -> bool:
        return merkle.verify_consistency(
            self.old_size, self.new_size, self.old_root, self.new_root, self.path
        )


def _leaf_hashes(size: int) -> list[bytes]:
    return [
        bytes(h)
        for h in LogLeaf.objects.filter(leaf_index__lt=size)
        .order_by("leaf_index")
        .values_list("leaf_hash", flat=True)
        .iterator(chunk_size=10000)
    ]


def _signed_root(size: int | None) -> tuple[int, bytes]:
    """Size and root of a checkpoint whose signature verifies (default: the newest).

    Proofs are checked against the *signed* root, never one recomputed from the database, so
    a proof over tampered leaves comes out invalid.
    """
    if size is None:
        last = latest_checkpoint()
        if last is None:
            raise ProofUnavailable("er is nog geen checkpoint (no checkpoint yet)")
        size = last.tree_size
    key = signing.public_key()
    for row in Checkpoint.objects.filter(tree_size=size).order_by("-id"):
        try:
            parsed = signing.parse_checkpoint(row.text)
        except signing.CheckpointFormatError:
            continue
        if parsed.tree_size == size and signing.signature_valid(parsed, key):
            return size, parsed.root_hash
    raise ProofUnavailable(f"geen geldig ondertekend checkpoint met grootte {size}")


def inclusion(record_id: int, tree_size: int | None = None) -> InclusionProof:
    """Prove that record ``record_id`` is in the tree of a signed checkpoint (default: latest)."""
    size, signed_root = _signed_root(tree_size)
    leaf = LogLeaf.objects.filter(record_id=record_id).first()
    if leaf is None or leaf.leaf_index >= size:
        raise ProofUnavailable(f"regel {record_id} is (nog) niet verzegeld in deze boom")
    record = ProcessingLogRecord.objects.filter(pk=record_id).first()
    if record is None:
        raise ProofUnavailable(f"regel {record_id} bestaat niet meer")
    leaves = _leaf_hashes(size)
    return InclusionProof(
        record_id=record_id,
        leaf_index=leaf.leaf_index,
        tree_size=size,
        leaf_hash=merkle.leaf_hash(canonical.encode_record(record)),
        root_hash=signed_root,
        path=merkle.inclusion_proof(leaves, leaf.leaf_index, size),
    )


def consistency(old_size: int, new_size: int | None = None) -> ConsistencyProof:
    """Prove that the signed tree at ``new_size`` (default: newest) extends the signed
    ``old_size``; both sizes must be those of signed checkpoints."""
    new, new_root = _signed_root(new_size)
    if not 0 <= old_size <= new:
        raise ProofUnavailable("de oude grootte moet tussen 0 en de nieuwe grootte liggen")
    old, old_root = _signed_root(old_size) if old_size else (0, merkle.EMPTY_ROOT)
    leaves = _leaf_hashes(new)
    return ConsistencyProof(
        old_size=old,
        new_size=new,
        old_root=old_root,
        new_root=new_root,
        path=merkle.consistency_proof(leaves, old_size, new),
    )
