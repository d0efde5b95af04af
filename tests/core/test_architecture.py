"""P08: hand-written SQL is the gate's business only.

The ORM-level gate cannot see inside raw SQL, so SQL strings, cursors, ``RawSQL`` and
``.extra()`` are allowed only in the gate itself and in the legal-basis filters it runs. A new
use elsewhere fails here and must be argued for in review.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "zorgvuldig"
ALLOWED = {
    "core/gate.py",  # the log insert and the refusal lookup
    "core/models.py",  # the scope filter
    "core/context.py",  # the materialised scope
    "people/basis.py",  # the consent filter (SQL handed to the gate)
    "staff/models.py",  # Employee.resident_scope_sql (SQL handed to the gate)
    # The log's own tables (no personal-data models): sealing and verifying stream millions
    # of rows in canonical field order, and the triggers are DDL.
    "audit/sealing.py",
    "audit/verify.py",
    "audit/triggers.py",
    # Whether a demo database predates the vault (plain-text rows), read before migrating.
    "vault/setup.py",
    # The SQLite backup copy is made self-contained (journal mode) and checked (integrity_check).
    "vault/backup.py",
}
PATTERN = re.compile(r"RawSQL|\.extra\(|\.cursor\(|\.raw\(|execute\(")


def test_p08_raw_sql_only_inside_the_gate():
    offenders = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" in relative or relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PATTERN.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_p08_the_allow_list_is_not_stale():
    for relative in ALLOWED:
        assert (SRC / relative).exists(), relative
