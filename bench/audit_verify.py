"""Speed of `audit verify`: recompute N sealed records (leaf hashes, the whole tree, every
checkpoint signature) versus a plain hashlib SHA-256 pass over the same canonical bytes.

The ratio is verification's record rate as a fraction of the raw hashing rate (target >= 0.50);
verification also reads the rows from the database, encodes them and hashes the inner nodes,
which the raw pass does not. Also prints records/s for both, and the sealing rate.

Run: uv run python bench/audit_verify.py [N]    (default 100000; DATABASE_URL for PostgreSQL)
"""

from __future__ import annotations

import hashlib
import sys
import time

from _setup import setup_django, teardown_django

CHUNK = 5000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    label = setup_django()
    try:
        run(n, label)
    finally:
        teardown_django(label)


def _fill(n: int) -> None:
    """N realistic records, written the way the gate writes them (multi-row INSERTs)."""
    import secrets

    from django.utils import timezone

    from zorgvuldig.audit.models import ProcessingLogRecord
    from zorgvuldig.core import gate

    now = timezone.now()
    done = 0
    while done < n:
        size = min(CHUNK, n - done)
        trace = secrets.token_hex(16)
        records = [
            ProcessingLogRecord(
                trace_id=trace,
                operation_id=secrets.token_hex(8),
                operation_name="backoffice:resident_detail",
                at=now,
                ended_at=now,
                actor_ref=f"employee:{i % 40}",
                actor_role="case_worker",
                actor_unit=f"team:{i % 5}",
                action="read",
                subject_ref=hashlib.sha256(str(done + i).encode()).hexdigest(),
                object_type="people.resident",
                status="ok",
            )
            for i in range(size)
        ]
        for start in range(0, size, 500):
            gate._insert_records(records[start : start + 500])
        done += size
        if done % 100_000 == 0:
            print(f"  ... {done} records written", flush=True)


def _canonical_bytes() -> tuple[list[bytes], float]:
    """The records' canonical bytes, and how long reading + encoding + leaf hashing took."""
    from django.db import connection

    from zorgvuldig.audit import canonical, merkle, sealing

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sealing.select_sql("1 = 1 ORDER BY r.id"))
        blobs = [canonical.encode_row(row) for row in cursor.fetchall()]
    for blob in blobs:
        merkle.leaf_hash(blob)
    return blobs, time.perf_counter() - start


def run(n: int, label: str) -> None:
    from zorgvuldig.audit import sealing
    from zorgvuldig.audit.verify import verify

    _fill(n)
    start = time.perf_counter()
    sealing.seal()
    seal_seconds = time.perf_counter() - start

    blobs, floor = _canonical_bytes()
    sha256 = hashlib.sha256
    raw_best = verify_best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for blob in blobs:
            sha256(blob).digest()
        raw_best = min(raw_best, time.perf_counter() - start)
        start = time.perf_counter()
        report = verify()
        verify_best = min(verify_best, time.perf_counter() - start)
        assert report.intact and report.leaves == len(blobs) == n, report.findings[:3]
    print(f"database: {label}, records: {n}, checkpoints: {report.checkpoints}")
    print(f"seal:   {n / seal_seconds:12,.0f} records/s")
    print(f"raw:    {n / raw_best:12,.0f} records/s (SHA-256 over canonical bytes)")
    print(f"floor:  {n / floor:12,.0f} records/s (read rows + encode + leaf hash, nothing else)")
    print(f"verify: {n / verify_best:12,.0f} records/s ({verify_best:.2f} s for {n} records)")
    print(f"verify vs floor: ratio {floor / verify_best:.2f}")
    print(f"audit_verify: ratio {raw_best / verify_best:.2f} (verify rate/raw SHA-256 rate)")


if __name__ == "__main__":
    main()
