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
    append_many([key_id])


def append_many(key_ids) -> None:
    """Append these tombstones durably (the file, and a new file's folder entry, fsynced)."""
    target = path()
    if target is None or not key_ids:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    new_file = not target.exists()
    with open(target, "a", encoding="ascii") as handle:
        handle.writelines(f"{key_id}\n" for key_id in key_ids)
        handle.flush()
        os.fsync(handle.fileno())
    if new_file:
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def sync(known) -> int:
    """Add the tombstones the file lacks (e.g. an append lost to a crash after commit)."""
    missing = sorted(set(known) - read(), key=str)
    append_many(missing)
    return len(missing)


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
