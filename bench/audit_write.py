"""Cost of the audited read path: gated reads that write processing-log records, with those
records sealed into the Merkle tree, versus the same rows read with plain ORM queries.

The gated side opens one processing context per resident file (as one request would), writes
the log records, and then seals them (``sealing.seal()``: leaf hashes, tree, a signed
checkpoint per 1000 records). Sealing normally runs behind the write path in the worker; here
it is timed inline and added to the gated time, so the ratio is the pessimistic one. Both sides
run in the same process, interleaved in rounds; best of rounds.

Run: uv run python bench/audit_write.py [N]    (DATABASE_URL=postgres://... for PostgreSQL)
"""

from __future__ import annotations

import sys
import time

from _setup import setup_django, teardown_django
from gate_overhead import _gated_reads, _prepare, _raw_reads

ROUNDS = 5


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    label = setup_django()
    try:
        run(n, label)
    finally:
        teardown_django(label)


def _seal() -> tuple[float, int]:
    from zorgvuldig.audit import sealing

    start = time.perf_counter()
    made = sealing.seal()
    return time.perf_counter() - start, made[-1].tree_size if made else 0


def run(n: int, label: str) -> None:
    from zorgvuldig.audit.verify import verify

    employee, public_ids = _prepare(n)
    _seal()  # the set-up's own records
    raw, written, sealed = [], [], []
    for _ in range(ROUNDS):
        raw.append(_raw_reads(public_ids))
        written.append(_gated_reads(employee, public_ids))
        seconds, size = _seal()
        sealed.append(seconds)
    report = verify()
    assert report.intact and report.unsealed == 0, "every record written must be sealed"
    per = 1e6 / n
    best_raw = min(raw)
    best_total = min(w + s for w, s in zip(written, sealed, strict=True))
    print(f"database: {label}, files: {n}, rounds: {ROUNDS}, sealed records: {size}")
    print(f"raw ORM read:               {best_raw * per:8.1f} us/file")
    print(
        f"gated read + log write:     {min(written) * per:8.1f} us/file "
        f"(ratio {min(written) / best_raw:.2f})"
    )
    print(f"sealing, per file:          {min(sealed) * per:8.1f} us/file")
    print(f"audit_write: ratio {best_total / best_raw:.2f} (gated+logged+sealed/raw)")


if __name__ == "__main__":
    main()
