"""Per-resident data keys: creation, unwrapping, a small cache, binding, shredding.

Writes always look the key up in the database (a cached mapping from a resident id could
outlive a rolled-back transaction on SQLite, which reuses ids); reads use a process-wide
cache with a time limit, warmed per query for all residents in its result. Shredding evicts
the key from this process at once; other processes drop it within ``VAULT_KEY_CACHE_SECONDS``
and, because the gate hides a shredded resident's rows, never get to use it.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zorgvuldig.vault import crypto, kek
from zorgvuldig.vault import tombstones as tombstone_file
from zorgvuldig.vault.crypto import DataErased, KekUnavailable
from zorgvuldig.vault.models import BlindIndex, DataKey, SystemKey

BLIND_INDEX_ROOT = "blind-index"
_CACHE_MAX = 4096
_cache: OrderedDict[int, tuple[float, int, AESGCM]] = OrderedDict()
_system_cache: dict[str, bytes] = {}
_lock = threading.Lock()


def _dek_context(subject: uuid.UUID, version: int) -> bytes:
    return f"dek|{subject}|{version}".encode()


def _unwrap(row: DataKey) -> AESGCM:
    if row.wrapped is None:
        raise DataErased("this resident's data was erased (key destroyed)")
    ring = kek.keyring()
    wrapping = ring.get(row.kek_id)
    if wrapping is None:
        raise KekUnavailable("a data key is wrapped by a key-encryption key that is not configured")
    raw = crypto.unwrap(wrapping.key, bytes(row.wrapped), _dek_context(row.subject, row.version))
    return AESGCM(raw)


def create(subject: uuid.UUID) -> tuple[DataKey, AESGCM]:
    """A fresh data key for a new resident, stored wrapped under the current KEK."""
    current = kek.current()
    raw = crypto.new_key()
    row = DataKey.objects.create(
        subject=subject,
        wrapped=crypto.wrap(current.key, raw, _dek_context(subject, 1)),
        kek_id=current.id,
    )
    return row, AESGCM(raw)


def for_subject(subject: uuid.UUID, *, create_missing: bool) -> tuple[int, AESGCM]:
    """The key of the resident with this public id, from the database (for writes)."""
    row = DataKey.objects.filter(subject=subject).first()
    if row is None:
        if not create_missing:
            raise DataErased("no data key for this resident")
        row, key = create(subject)
        return row.version, key
    return row.version, _unwrap(row)


def for_resident_write(resident_id: int) -> tuple[int, AESGCM]:
    row = DataKey.objects.filter(resident_id=resident_id).first()
    if row is None:
        raise DataErased("no data key for this resident")
    return row.version, _unwrap(row)


def _remember(resident_id: int, version: int, key: AESGCM) -> None:
    with _lock:
        _cache[resident_id] = (time.monotonic(), version, key)
        _cache.move_to_end(resident_id)
        while len(_cache) > _CACHE_MAX:
            _cache.popitem(last=False)


def for_resident_read(resident_id: int, *, version: int, fresh: bool = False) -> AESGCM:
    """The key for reading a ciphertext made with ``version`` (cached, unless ``fresh``)."""
    if not fresh:
        with _lock:
            hit = _cache.get(resident_id)
        if (
            hit
            and hit[1] == version
            and time.monotonic() - hit[0] < settings.VAULT_KEY_CACHE_SECONDS
        ):
            return hit[2]
    found_version, key = for_resident_write(resident_id)
    if found_version != version:
        raise crypto.VaultIntegrityError("ciphertext names a key version that does not exist")
    _remember(resident_id, found_version, key)
    return key


def prefetch(resident_ids: Iterable[int]) -> None:
    """Load the keys of these residents into the cache with one query."""
    now = time.monotonic()
    limit = settings.VAULT_KEY_CACHE_SECONDS
    with _lock:
        wanted = {
            rid
            for rid in resident_ids
            if rid is not None and not (rid in _cache and now - _cache[rid][0] < limit)
        }
    if not wanted:
        return
    for row in DataKey.objects.filter(resident_id__in=wanted, wrapped__isnull=False):
        _remember(row.resident_id, row.version, _unwrap(row))


def evict(resident_id: int | None = None) -> None:
    """Forget one resident's key, or (no argument) every cached key, system keys included."""
    with _lock:
        if resident_id is None:
            _cache.clear()
            _system_cache.clear()
        else:
            _cache.pop(resident_id, None)


def bind(subject: uuid.UUID, resident_id: int, *, data_key: DataKey | None = None) -> None:
    """Record which resident row a key belongs to (once, right after the first save)."""
    rows = DataKey.objects.filter(pk=data_key.pk) if data_key else DataKey.objects.all()
    rows.filter(subject=subject, resident_id__isnull=True).update(resident_id=resident_id)


def shred(resident_id: int) -> uuid.UUID | None:
    """Destroy a resident's data key and blind-index rows; keep the row as a tombstone.

    Returns the key id (the tombstone), or None when there was no live key. Runs in the
    caller's transaction; the cache is evicted at once and again after commit.
    """
    with transaction.atomic():
        row = DataKey.objects.select_for_update().filter(resident_id=resident_id).first()
        if row is None or row.wrapped is None:
            evict(resident_id)
            return None
        BlindIndex.objects.filter(data_key=row).delete()
        DataKey.objects.filter(pk=row.pk).update(wrapped=None, shredded_at=timezone.now())
    evict(resident_id)
    key_id = row.key_id
    transaction.on_commit(lambda: (evict(resident_id), tombstone_file.append(key_id)))
    return key_id


def apply_tombstones(key_ids: Iterable[uuid.UUID]) -> int:
    """Shred every still-live key among ``key_ids`` (after restoring a backup); returns count."""
    ids = [uuid.UUID(str(k)) for k in key_ids]
    applied = 0
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            rows = list(
                DataKey.objects.filter(key_id__in=ids[start : start + 500], wrapped__isnull=False)
            )
            BlindIndex.objects.filter(data_key__in=rows).delete()
            applied += DataKey.objects.filter(pk__in=[r.pk for r in rows]).update(
                wrapped=None, shredded_at=timezone.now()
            )
    evict()
    return applied


def tombstones() -> list[uuid.UUID]:
    return list(
        DataKey.objects.filter(shredded_at__isnull=False)
        .order_by("key_id")
        .values_list("key_id", flat=True)
    )


# -- system keys --------------------------------------------------------------------------------


def _system_context(name: str) -> bytes:
    return f"system|{name}".encode()


def ensure_system_key(name: str) -> None:
    if SystemKey.objects.filter(name=name).exists():
        return
    current = kek.current()
    SystemKey.objects.get_or_create(
        name=name,
        defaults={
            "wrapped": crypto.wrap(current.key, crypto.new_key(), _system_context(name)),
            "kek_id": current.id,
        },
    )


def ensure_system_keys_after_migrate(**kwargs) -> None:
    using = kwargs.get("using", "default")
    if using == "default":
        evict()
        ensure_system_key(BLIND_INDEX_ROOT)


def system_key(name: str) -> bytes:
    """A system key, unwrapped. Cached per process once read from a stored row.

    The row is made by ``migrate`` (committed before any request), so a cached key cannot
    belong to a rolled-back transaction; the rare fallback that makes it here is not cached.
    ``migrate``/``flush`` and a restore clear the cache (:func:`evict`). A KEK rotation
    rewraps the key but does not change it, so the cache stays valid.
    """
    with _lock:
        cached = _system_cache.get(name)
    if cached is not None:
        return cached
    row = SystemKey.objects.filter(name=name).first()
    if row is None:
        ensure_system_key(name)
        return _unwrap_system(SystemKey.objects.get(name=name), name)
    raw = _unwrap_system(row, name)
    with _lock:
        _system_cache[name] = raw
    return raw


def _unwrap_system(row: SystemKey, name: str) -> bytes:
    wrapping = kek.keyring().get(row.kek_id)
    if wrapping is None:
        raise KekUnavailable(
            "a system key is wrapped by a key-encryption key that is not configured"
        )
    return crypto.unwrap(wrapping.key, bytes(row.wrapped), _system_context(name))


def derive(root: bytes, purpose: str) -> bytes:
    """A separate key per purpose (e.g. per blind-index field), derived with HKDF."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"zv|{purpose}".encode()
    ).derive(root)
