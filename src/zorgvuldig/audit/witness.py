"""The witness: a copy of the newest signed checkpoint, kept outside the database.

Someone who can write the database can delete the newest records together with their leaves
and checkpoints, and the rest still verifies. The witness file (``AUDIT_WITNESS_FILE``, next
to the signing key) remembers how far the log had been sealed: ``audit verify`` checks the log
against it, and the sealer refuses to extend a log that no longer contains it. It only moves
forward, and is replaced atomically (write, fsync, rename).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings

from zorgvuldig.audit import signing


def path() -> Path | None:
    return Path(settings.AUDIT_WITNESS_FILE) if settings.AUDIT_WITNESS_FILE else None


def read() -> str | None:
    """The witnessed checkpoint text, or None when no witness is configured or written yet."""
    target = path()
    if target is None or not target.exists():
        return None
    return target.read_text(encoding="utf-8")


def record(text: str) -> None:
    """Keep ``text`` as the witness unless the witness already covers a larger tree."""
    target = path()
    if target is None:
        return
    current = read()
    if current is not None:
        try:
            if (
                signing.parse_checkpoint(current).tree_size
                > signing.parse_checkpoint(text).tree_size
            ):
                return
        except signing.CheckpointFormatError:
            pass  # an unreadable witness is replaced; verify reports the log, not the file
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".witness-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
