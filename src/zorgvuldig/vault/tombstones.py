"""The list of erased residents' key ids, kept in a file outside the database as well.

A tombstone is a key id: a random UUID that named a destroyed data key. It holds no personal
data. The database keeps them too (the shredded ``DataKey`` rows); the file is the copy that
survives restoring an older backup over the database, so ``zorgvuldig restore`` can re-apply
every erasure made since that backup was taken.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings


def path() -> Path | None:
    return Path(settings.VAULT_TOMBSTONE_FILE) if settings.VAULT_TOMBSTONE_FILE else None


def append(key_id: uuid.UUID) -> None:
    """Add one tombstone to the file, durably (fsync); no file configured: nothing to do."""
    target = path()
    if target is None:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="ascii") as handle:
        handle.write(f"{key_id}\n")
        handle.flush()
        os.fsync(handle.fileno())


def read(source: Path | None = None) -> set[uuid.UUID]:
    """Every tombstone in ``source`` (default: the configured file); unreadable lines skipped."""
    target = source or path()
    if target is None or not target.exists():
        return set()
    found = set()
    for line in target.read_text(encoding="ascii", errors="replace").splitlines():
        try:
            found.add(uuid.UUID(line.strip()))
        except ValueError:
            continue
    return found
