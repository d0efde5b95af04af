"""Crypto-shredding a resident (P12, P18): the ground that erasure builds on.

Destroying the resident's data key makes every copy of their encrypted data unreadable: the
rows in the database, its free pages and write-ahead log, and every backup (a restore
re-applies the tombstones). In the same transaction the blind-index rows go, the key cache is
evicted, and the gate stops handing out the resident's rows. The processing log keeps its
pseudonymous records, with one more: this deletion.
"""

from __future__ import annotations

import uuid

from zorgvuldig.core.errors import NotFound
from zorgvuldig.core.gate import log_writes, processing_atomic
from zorgvuldig.people.models import Resident
from zorgvuldig.vault import keys

_LABEL = "vault.datakey"


def resident_shred(*, actor, purpose, resident: Resident) -> uuid.UUID:
    """Destroy ``resident``'s data key; returns the tombstone (the key id)."""
    with processing_atomic(actor=actor, purpose=purpose) as ctx:
        if not ctx.may_touch(resident.pk):
            raise NotFound()
        key_id = keys.shred(resident.pk)
        if key_id is None:
            raise NotFound()
        log_writes(ctx, "delete", _LABEL, {resident.pk})
    return key_id
