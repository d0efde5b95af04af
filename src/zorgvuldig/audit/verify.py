"""``zorgvuldig audit verify``: recompute the whole log and say precisely what is wrong.

One pass over the sealed leaves (in leaf order, joined to their records) checks:

- each record still hashes to its sealed leaf hash  -> ``record_changed`` or, when it hashes to
  another leaf's sealed hash, ``record_reordered``; a leaf whose record is gone ->
  ``record_deleted``; a leaf position with no leaf at all -> ``leaf_missing``;
- the tree of sealed leaf hashes against every signed checkpoint (signature first:
  ``bad_signature``) -> ``history_rewritten`` at the first checkpoint that no longer matches,
  or ``record_inserted`` when leaving out one leaf makes it match again;
- a tree shorter than a signed checkpoint -> ``truncated``;
- records that are not sealed though they should have been (older than the newest checkpoint
  by more than the grace period plus an hourly round) -> ``record_inserted``; old records but
  no checkpoint at all -> ``unsealed_history``;
- the witness file (a copy of the newest checkpoint outside the database), like an exported
  checkpoint -> ``truncated`` / ``history_rewritten`` when the newest part was cut or rewritten
  together with its checkpoints;
- with ``--against FILE``: the RFC 9162 consistency proof from that exported checkpoint to the
  current tree -> ``history_rewritten`` if the log is no longer an extension of it;
- the append-only triggers are in place -> ``triggers_missing``.

What no log can tell: a record appended *now* that claims an old time. A record's ``at`` is
what the writer said; the trustworthy time is that of the first checkpoint covering its leaf.

"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db import connections

from zorgvuldig.audit import canonical, merkle, signing, triggers, witness
from zorgvuldig.audit.models import Checkpoint, LogLeaf, ProcessingLogRecord
from zorgvuldig.audit.sealing import select_columns, select_sql

PAGE = 5000
INSERT_SEARCH_LIMIT = 5000  # leaves per checkpoint batch we try leaving out one by one


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    leaf_index: int | None = None
    record_id: int | None = None


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    leaves: int = 0
    records: int = 0
    checkpoints: int = 0
    unsealed: int = 0
    root: bytes = merkle.EMPTY_ROOT

    @property
    def intact(self) -> bool:
        return not self.findings

    def add(self, kind: str, message: str, **where) -> None:
        self.findings.append(Finding(kind, message, **where))

    def kinds(self) -> set[str]:
        return {f.kind for f in self.findings}


@dataclass
class _Signed:
    row: Checkpoint
    size: int
    root: bytes


def _db():
    return connections[ProcessingLogRecord.objects.db]


def _signed_checkpoints(report: Report, key: Ed25519PublicKey) -> list[_Signed]:
    good = []
    for row in Checkpoint.objects.order_by("tree_size", "id"):
        report.checkpoints += 1
        try:
            parsed = signing.parse_checkpoint(row.text)
        except signing.CheckpointFormatError:
            report.add("bad_signature", f"Checkpoint {row.pk} is onleesbaar (malformed).")
            continue
        if not signing.signature_valid(parsed, key):
            report.add(
                "bad_signature",
                f"Checkpoint {row.pk} (grootte {parsed.tree_size}): handtekening ongeldig "
                "(bad signature).",
            )
            continue
        if parsed.tree_size != row.tree_size or parsed.root_hash != bytes(row.root_hash):
            report.add(
                "bad_signature",
                f"Checkpoint {row.pk}: opgeslagen grootte of root wijkt af van de ondertekende "
                "tekst (stored fields differ from the signed text).",
            )
            continue
        good.append(_Signed(row, parsed.tree_size, parsed.root_hash))
    return good


def _leaf_pages():
    connection = _db()
    quote = connection.ops.quote_name
    leaves = quote(LogLeaf._meta.db_table)
    columns = select_columns(connection)
    sql = (
        f"SELECT l.leaf_index, l.record_id, l.leaf_hash, {columns} FROM {leaves} l "  # noqa: S608
        f"LEFT JOIN {quote(ProcessingLogRecord._meta.db_table)} r ON r.id = l.record_id "
        "WHERE l.leaf_index >= %s ORDER BY l.leaf_index LIMIT %s"
    )
    start = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [start, PAGE])
            rows = cursor.fetchall()
            if not rows:
                return
            yield rows
            start = rows[-1][0] + 1


def _at_text(value) -> str:
    return canonical.timestamp(value) or ""


def verify(
    *,
    key: Ed25519PublicKey | None = None,
    against: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Recompute the log; ``against`` is the text of an exported checkpoint to compare with."""
    key = key or signing.public_key()
    report = Report()
    signed = _signed_checkpoints(report, key)
    by_size: dict[int, list[_Signed]] = {}
    for cp in signed:
        by_size.setdefault(cp.size, []).append(cp)
    grace = timedelta(seconds=settings.AUDIT_SEAL_GRACE_SECONDS)

    hashes = bytearray()
    frontier = merkle.Frontier()
    good_frontiers: dict[int, merkle.Frontier] = {0: merkle.Frontier()}
    mismatched: dict[int, bytes] = {}
    deleted_or_missing: list[int] = []
    failing: list[_Signed] = []
    _check_size(0, frontier, by_size, good_frontiers, failing)
    expected = 0
    for rows in _leaf_pages():
        for row in rows:
            index, record_id, stored = row[0], row[1], bytes(row[2])
            record = row[3:]
            while expected < index:  # a gap: leaf rows were deleted
                report.add(
                    "leaf_missing",
                    f"Blad {expected} ontbreekt: een verzegelde regel is met zijn zegel "
                    "verwijderd (leaf missing).",
                    leaf_index=expected,
                )
                deleted_or_missing.append(expected)
                expected += 1
            if record[0] is None:
                report.add(
                    "record_deleted",
                    f"Regel {record_id} (blad {index}) is verwijderd (record deleted).",
                    leaf_index=index,
                    record_id=record_id,
                )
                deleted_or_missing.append(index)
            else:
                recomputed = merkle.leaf_hash(canonical.encode_row(record))
                if recomputed != stored:
                    mismatched[index] = recomputed
            hashes += stored
            frontier.append(stored)
            expected = index + 1
            _check_size(frontier.size, frontier, by_size, good_frontiers, failing)
        if progress:
            progress(frontier.size)
    report.leaves = frontier.size
    report.root = frontier.root()

    _classify_mismatches(report, mismatched, hashes)
    _check_tail(report, signed)
    _explain_root_failures(report, failing, good_frontiers, hashes)
    _check_unsealed(report, signed, grace)
    witnessed = witness.read()
    if witnessed is not None:
        _check_against(report, witnessed, key, hashes, source="witness")
    if against is not None:
        _check_against(report, against, key, hashes, source="export")
    for table in triggers.missing(_db()):
        report.add(
            "triggers_missing", f"Tabel {table} is niet meer alleen-toevoegen (triggers missing)."
        )
    return report


def _check_size(size, frontier, by_size, good_frontiers, failing) -> None:
    checkpoints = by_size.get(size)
    if not checkpoints:
        return
    root = frontier.root()
    for cp in checkpoints:
        if cp.root != root:
            failing.append(cp)
            return
    good_frontiers[size] = frontier.copy()


def _stored(hashes: bytearray, index: int) -> bytes:
    return bytes(hashes[index * 32 : index * 32 + 32])


def _classify_mismatches(report: Report, mismatched: dict[int, bytes], hashes: bytearray) -> None:
    stored_at = {_stored(hashes, i): i for i in mismatched}
    for index, recomputed in sorted(mismatched.items()):
        other = stored_at.get(recomputed)
        if other is not None and other != index:
            report.add(
                "record_reordered",
                f"Blad {index} bevat de regel die op plaats {other} verzegeld is "
                "(records reordered).",
                leaf_index=index,
            )
        else:
            report.add(
                "record_changed",
                f"De regel op blad {index} is gewijzigd na verzegeling (record changed).",
                leaf_index=index,
            )


def _check_tail(report: Report, signed: list[_Signed]) -> None:
    if not signed:
        return
    largest = max(signed, key=lambda cp: cp.size)
    if largest.size > report.leaves:
        report.add(
            "truncated",
            f"Het log is ingekort: checkpoint van {largest.row.signed_at:%Y-%m-%d %H:%M} telt "
            f"{largest.size} verzegelde regels, het log nog {report.leaves} (truncated tail).",
        )


def _explain_root_failures(report, failing, good_frontiers, hashes) -> None:
    """Report the first checkpoint the tree no longer matches, unless leaf findings explain it."""
    if not failing:
        return
    first = failing[0]
    explained = any(f.leaf_index is not None and f.leaf_index < first.size for f in report.findings)
    if explained:
        return
    base = max(size for size in good_frontiers if size < first.size)
    inserted = _find_insertion(first, base, good_frontiers[base], hashes)
    if inserted is not None:
        report.add(
            "record_inserted",
            f"Op blad {inserted} is een regel tussengevoegd in verzegelde geschiedenis "
            "(record inserted).",
            leaf_index=inserted,
        )
        return
    report.add(
        "history_rewritten",
        f"De verzegelde geschiedenis tot {first.size} regels klopt niet meer met het "
        f"ondertekende checkpoint van {first.row.signed_at:%Y-%m-%d %H:%M} (history rewritten).",
    )


def _find_insertion(cp: _Signed, base: int, start: merkle.Frontier, hashes: bytearray):
    total = len(hashes) // 32
    end = min(cp.size + 1, total)
    if end - base > INSERT_SEARCH_LIMIT or total <= cp.size:
        return None
    for skip in range(base, end):
        frontier = start.copy()
        for i in range(base, end):
            if i != skip:
                frontier.append(_stored(hashes, i))
        if frontier.size == cp.size and frontier.root() == cp.root:
            return skip
    return None


def _check_unsealed(report: Report, signed: list[_Signed], grace: timedelta) -> None:
    connection = _db()
    quote = connection.ops.quote_name
    table = quote(ProcessingLogRecord._meta.db_table)
    leaves = quote(LogLeaf._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        report.records = cursor.fetchone()[0]
    if not signed:
        report.unsealed = report.records
        _check_never_sealed(report, connection, table, grace)
        return
    newest = max(cp.row.signed_at for cp in signed)
    # Sealed at the latest by the next hourly round that looks over the whole log.
    limit = newest - grace - timedelta(seconds=settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS)
    sql = select_sql(
        f"NOT EXISTS (SELECT 1 FROM {leaves} l WHERE l.record_id = r.id) "  # noqa: S608
        "ORDER BY r.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        unsealed = cursor.fetchall()
    report.unsealed = len(unsealed)
    limit_text = _at_text(limit)
    for row in unsealed:
        if _at_text(row[5]) < limit_text:
            report.add(
                "record_inserted",
                f"Regel {row[0]} is niet verzegeld terwijl hij ouder is dan het laatste "
                "checkpoint (record inserted).",
                record_id=row[0],
            )


def _check_never_sealed(report: Report, connection, table: str, grace: timedelta) -> None:
    """Records older than the grace period but no checkpoint at all: seals were removed."""
    from django.utils import timezone

    limit = connection.ops.adapt_datetimefield_value(timezone.now() - grace)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE at < %s", [limit])  # noqa: S608
        old = cursor.fetchone()[0]
    if old:
        report.add(
            "unsealed_history",
            f"{old} logregels zijn ouder dan de wachttijd maar er is geen enkel checkpoint: het "
            "log is nooit verzegeld of de zegels zijn verwijderd (no checkpoints).",
        )


_SOURCES = {"witness": "het getuigebestand", "export": "het opgegeven checkpointbestand"}


def _check_against(report: Report, text: str, key, hashes: bytearray, *, source: str) -> None:
    name = _SOURCES[source]
    try:
        parsed = signing.parse_checkpoint(text)
    except signing.CheckpointFormatError:
        report.add("bad_signature", f"Het checkpoint in {name} is onleesbaar (malformed).")
        return
    if not signing.signature_valid(parsed, key):
        report.add("bad_signature", f"Het checkpoint in {name} heeft een ongeldige handtekening.")
        return
    size = report.leaves
    if parsed.tree_size > size:
        report.add(
            "truncated",
            f"Volgens {name} waren {parsed.tree_size} regels verzegeld, het log telt er nog "
            f"{size} (truncated).",
        )
        return
    leaves = [_stored(hashes, i) for i in range(size)]
    proof = merkle.consistency_proof(leaves, parsed.tree_size, size)
    if not merkle.verify_consistency(parsed.tree_size, size, parsed.root_hash, report.root, proof):
        report.add(
            "history_rewritten",
            f"Het log is geen voortzetting meer van {name} ({parsed.tree_size} regels): het "
            "consistentiebewijs faalt (history rewritten).",
        )
