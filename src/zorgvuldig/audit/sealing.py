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

from zorgvuldig.audit import canonical, merkle, signing, witness
from zorgvuldig.audit.models import Checkpoint, LogLeaf, ProcessingLogRecord

_ADVISORY_LOCK = 0x7A76_5345_414C  # "zvSEAL"


class SealRefused(Exception):
    """The log the sealer would extend is not the log it signed before; nothing is sealed.

    The message says what does not match (no personal data); ``audit verify`` says more.
    """


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


def _unsealed(after_id: int, limit: int, *, sealed_up_to: int) -> list[tuple]:
    """Unsealed records above ``after_id`` in id order. Above ``sealed_up_to`` (the highest id
    ever sealed) nothing can be sealed yet, so the anti-join is skipped there."""
    connection = _db()
    leaves = connection.ops.quote_name(LogLeaf._meta.db_table)
    if after_id >= sealed_up_to:
        sql = select_sql("r.id > %s ORDER BY r.id")
    else:
        # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join; NOT IN over a table
        # that grew since its last ANALYZE could become a per-row subplan.
        sql = select_sql(
            f"r.id > %s AND NOT EXISTS (SELECT 1 FROM {leaves} l "  # noqa: S608
            "WHERE l.record_id = r.id) ORDER BY r.id"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [after_id, limit])
        return cursor.fetchall()


def _insert_leaves(leaves: list[tuple[int, int, bytes]]) -> None:
    """One multi-row INSERT per batch (the ORM's bulk_create cost as much as the hashing)."""
    connection = _db()
    quote = connection.ops.quote_name
    table = quote(LogLeaf._meta.db_table)
    columns = ", ".join(quote(c) for c in ("leaf_index", "record_id", "leaf_hash"))
    rows = ", ".join(["(%s, %s, %s)"] * len(leaves))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {rows}",  # noqa: S608
            [value for leaf in leaves for value in leaf],
        )


def check_base(last: Checkpoint | None) -> None:
    """Refuse to extend a tree whose newest checkpoint or witness does not hold up.

    Cheap tripwire before every batch: the newest checkpoint must be signed with our key and
    match its stored frontier, and the witness (outside the database) must still be in the
    database. Otherwise someone cut off or rewrote the newest part of the log, and sealing on
    top of it would sign that. ``audit verify`` does the full check.
    """
    witnessed = witness.read()
    seen = signing.parse_checkpoint(witnessed) if witnessed else None
    if last is None:
        if seen is not None and seen.tree_size > 0:
            raise SealRefused(
                f"the witness says {seen.tree_size} records were sealed, but the database has no "
                "checkpoint: the log may have been truncated; run `zorgvuldig audit verify`"
            )
        return
    key = signing.private_key(create=True).public_key()
    parsed = signing.parse_checkpoint(last.text)
    if not signing.signature_valid(parsed, key):
        raise SealRefused(
            "the newest checkpoint in the database is not signed with this signing key"
        )
    if parsed.tree_size != last.tree_size or frontier_of(last).root() != parsed.root_hash:
        raise SealRefused("the newest checkpoint's stored tree does not match its signed root")
    if (
        seen is not None
        and not Checkpoint.objects.filter(
            tree_size=seen.tree_size, root_hash=seen.root_hash
        ).exists()
    ):
        raise SealRefused(
            f"the witnessed checkpoint ({seen.tree_size} records) is no longer in the database: "
            "the log may have been truncated or rewritten; run `zorgvuldig audit verify`"
        )


def _sign(frontier: merkle.Frontier, max_record_id: int, now: datetime) -> Checkpoint:
    root = frontier.root()
    text, kid, signature = signing.sign_checkpoint(frontier.size, root, now)
    transaction.on_commit(lambda: witness.record(text), using=_db().alias)
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


def _seal_batch(after_id: int, batch: int, full: bool) -> tuple[Checkpoint | None, int]:
    with transaction.atomic(using=_db().alias):
        if _db().vendor == "postgresql":
            with _db().cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK])
        now = timezone.now()
        last = latest_checkpoint()
        lower = after_id if full else max(after_id, watermark(now))
        check_base(last)  # every round, so a cut-off log alarms the worker even when idle
        sealed_up_to = last.max_record_id if last else 0
        rows = _unsealed(lower, batch, sealed_up_to=sealed_up_to)
        if not rows:
            return None, lower
        frontier = frontier_of(last)
        leaves = []
        for row in rows:
            leaf = merkle.leaf_hash(canonical.encode_row(row))
            leaves.append((frontier.size, row[0], leaf))
            frontier.append(leaf)
        _insert_leaves(leaves)
        highest = max(rows[-1][0], sealed_up_to)
        return _sign(frontier, highest, now), rows[-1][0]


def seal(
    *,
    batch: int | None = None,
    full: bool = False,
    progress: Callable[[Checkpoint], None] | None = None,
) -> list[Checkpoint]:
    """Seal every unsealed record, one signed checkpoint per batch; return the checkpoints.

    ``full`` looks for unsealed records over the whole log instead of from the watermark on
    (the hourly round does this, so a record committed very late is still sealed).
    """
    batch = batch or settings.AUDIT_SEAL_BATCH
    made: list[Checkpoint] = []
    after_id = 0
    while True:
        checkpoint, after_id = _seal_batch(after_id, batch, full)
        if checkpoint is None:
            return made
        made.append(checkpoint)
        if progress:
            progress(checkpoint)


def checkpoint_now(*, full: bool = False) -> Checkpoint:
    """Seal what is pending, then sign a fresh checkpoint of the whole tree (on demand)."""
    seal(full=full)
    with transaction.atomic(using=_db().alias):
        last = latest_checkpoint()
        check_base(last)
        return _sign(frontier_of(last), last.max_record_id if last else 0, timezone.now())


def checkpoint_due(now: datetime | None = None) -> bool:
    """Whether the hourly checkpoint is due (no checkpoint within the interval)."""
    now = now or timezone.now()
    last = Checkpoint.objects.order_by("-signed_at").first()
    interval = timedelta(seconds=settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS)
    return last is None or last.signed_at <= now - interval


def run_once() -> list[Checkpoint]:
    """One round of the background task: seal; hourly, look over the whole log and sign."""
    if checkpoint_due():
        made = seal(full=True)
        return made or [checkpoint_now()]
    return seal()
