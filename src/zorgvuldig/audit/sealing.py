"""Sealing log records into the Merkle tree and signing checkpoints (behind the write path).

Writers only INSERT records; they never hash or lock anything shared. The sealer (the
background loop ``zorgvuldig audit run``, or ``zorgvuldig audit seal``) takes unsealed records
in batches of ``AUDIT_SEAL_BATCH``, appends their leaf hashes to the tree and signs a
checkpoint per batch. Sealers exclude each other (PostgreSQL advisory lock; on SQLite the
IMMEDIATE write transaction); a leaf's unique index and record id make a double seal
impossible anyway.

Late commits: on PostgreSQL a record with a lower id can commit after a higher one was
sealed. The sealer therefore looks back for unsealed records as far as the highest record
id of the newest checkpoint older than ``AUDIT_SEAL_GRACE_SECONDS``; such a record gets the
next free leaf, not its id's place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from zorgvuldig.audit import canonical, merkle, signing
from zorgvuldig.audit.models import Checkpoint, LogLeaf, ProcessingLogRecord

_ADVISORY_LOCK = 0x7A76_5345_414C  # "zvSEAL"


def _db():
    return connections[ProcessingLogRecord.objects.db]


def frontier_of(checkpoint: Checkpoint | None) -> merkle.Frontier:
    if checkpoint is None:
        return merkle.Frontier()
    raw = bytes(checkpoint.frontier)
    return merkle.Frontier(checkpoint.tree_size, [raw[i : i + 32] for i in range(0, len(raw), 32)])


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-tree_size", "-id").first()


def watermark(now: datetime) -> int:
    """Record ids at or below this were sealed long enough ago: none may still turn up."""
    horizon = now - timedelta(seconds=settings.AUDIT_SEAL_GRACE_SECONDS)
    old = Checkpoint.objects.filter(signed_at__lte=horizon).order_by("-tree_size", "-id").first()
    return old.max_record_id if old else 0


def _column(connection, field: str) -> str:
    """A record column for the canonical encoding; timestamps come back as text (cheaper)."""
    column = f"r.{connection.ops.quote_name(field)}"
    if field not in canonical.TIMESTAMP_FIELDS:
        return column
    if connection.vendor == "postgresql":
        return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
    return f"CAST({column} AS TEXT)"


def select_columns(connection) -> str:
    return ", ".join(_column(connection, f) for f in canonical.FIELDS)


def select_sql(where: str) -> str:
    connection = _db()
    quote = connection.ops.quote_name
    columns = select_columns(connection)
    return (
        f"SELECT {columns} FROM {quote(ProcessingLogRecord._meta.db_table)} r "  # noqa: S608
        f"WHERE {where}"
    )


def _unsealed(after_id: int, limit: int) -> list[tuple]:
    connection = _db()
    leaves = connection.ops.quote_name(LogLeaf._meta.db_table)
    sql = select_sql(
        f"r.id > %s AND r.id NOT IN (SELECT l.record_id FROM {leaves} l "  # noqa: S608
        "WHERE l.record_id > %s) ORDER BY r.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [after_id, after_id, limit])
        return cursor.fetchall()


def _sign(frontier: merkle.Frontier, max_record_id: int, now: datetime) -> Checkpoint:
    root = frontier.root()
    text, kid, signature = signing.sign_checkpoint(frontier.size, root, now)
    return Checkpoint.objects.create(
        tree_size=frontier.size,
        root_hash=root,
        signed_at=now,
        key_id=kid.hex(),
        signature=signature,
        text=text,
        frontier=b"".join(frontier.hashes),
        max_record_id=max_record_id,
    )


def _seal_batch(after_id: int, batch: int) -> tuple[Checkpoint | None, int]:
    with transaction.atomic(using=_db().alias):
        if _db().vendor == "postgresql":
            with _db().cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK])
        now = timezone.now()
        last = latest_checkpoint()
        lower = max(after_id, watermark(now))
        rows = _unsealed(lower, batch)
        if not rows:
            return None, lower
        frontier = frontier_of(last)
        leaves = []
        for row in rows:
            leaf = merkle.leaf_hash(canonical.encode_row(row))
            leaves.append(LogLeaf(leaf_index=frontier.size, record_id=row[0], leaf_hash=leaf))
            frontier.append(leaf)
        LogLeaf.objects.bulk_create(leaves)
        highest = max(rows[-1][0], last.max_record_id if last else 0)
        return _sign(frontier, highest, now), rows[-1][0]


def seal(
    *, batch: int | None = None, progress: Callable[[Checkpoint], None] | None = None
) -> list[Checkpoint]:
    """Seal every unsealed record, one signed checkpoint per batch; return the checkpoints."""
    batch = batch or settings.AUDIT_SEAL_BATCH
    made: list[Checkpoint] = []
    after_id = 0
    while True:
        checkpoint, after_id = _seal_batch(after_id, batch)
        if checkpoint is None:
            return made
        made.append(checkpoint)
        if progress:
            progress(checkpoint)


def checkpoint_now() -> Checkpoint:
    """Seal what is pending, then sign a fresh checkpoint of the whole tree (on demand)."""
    seal()
    with transaction.atomic(using=_db().alias):
        last = latest_checkpoint()
        return _sign(frontier_of(last), last.max_record_id if last else 0, timezone.now())


def checkpoint_due(now: datetime | None = None) -> bool:
    """Whether the hourly checkpoint is due (no checkpoint within the interval)."""
    now = now or timezone.now()
    last = Checkpoint.objects.order_by("-signed_at").first()
    interval = timedelta(seconds=settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS)
    return last is None or last.signed_at <= now - interval


def run_once() -> list[Checkpoint]:
    """One round of the background task: seal, and sign a checkpoint when one is due."""
    made = seal()
    if not made and checkpoint_due():
        made.append(checkpoint_now())
    return made
