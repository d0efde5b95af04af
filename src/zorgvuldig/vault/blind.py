"""Blind indexes: exact lookups on encrypted values through keyed HMACs (P12).

Each indexed field has its own key (derived from the blind-index root key with HKDF), so the
digests of one field cannot be compared with another's. The caller normalises values and
never indexes a low-entropy value on its own: a surname is only indexed together with the
birth date. A digest reveals nothing without the key, but equal digests do show equal
values; that is the price of an exact lookup and why the list of indexed fields is short.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from zorgvuldig.vault import keys
from zorgvuldig.vault.models import BlindIndex, DataKey

# field -> what it holds (normalised by the caller). Only these may be indexed.
FIELDS = {
    "bsn": "BSN, nine digits",
    "email": "e-mail address, lower case",
    "surname_birth": "full surname (prefix + surname, lower case) and birth date (ISO)",
}


def _field_keys(fields) -> dict[str, bytes]:
    """The HMAC key of each field, from one read of the (wrapped) root key."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError("not an indexed field")
    root = keys.system_key(keys.BLIND_INDEX_ROOT)
    return {field: keys.derive(root, f"blind-index|{field}") for field in fields}


def digest(field: str, value: str, *, key: bytes | None = None) -> bytes:
    key = key or _field_keys([field])[field]
    return hmac.new(key, value.encode(), hashlib.sha256).digest()


def reindex(
    subject: uuid.UUID, values: dict[str, set[str]], *, new_data_key: DataKey | None = None
) -> None:
    """Replace the index rows of one resident with digests of ``values`` (empty: skipped).

    ``new_data_key``: the key was made in this write, so there are no old rows to replace.
    """
    data_key = new_data_key
    if data_key is None:
        # Locked, so a shred running at the same time cannot leave fresh digests behind it.
        data_key = (
            DataKey.objects.select_for_update()
            .filter(subject=subject, wrapped__isnull=False)
            .first()
        )
        if data_key is None:
            return
        BlindIndex.objects.filter(data_key=data_key).delete()
    field_keys = _field_keys(values)
    BlindIndex.objects.bulk_create(
        BlindIndex(
            data_key=data_key, field=field, digest=digest(field, value, key=field_keys[field])
        )
        for field, field_values in values.items()
        for value in sorted(field_values)
        if value
    )


def lookup(field: str, value: str) -> set[int]:
    """Resident ids whose indexed ``field`` equals ``value`` (normalised by the caller)."""
    if not value:
        return set()
    return set(
        BlindIndex.objects.filter(
            field=field, digest=digest(field, value), data_key__wrapped__isnull=False
        ).values_list("data_key__resident_id", flat=True)
    ) - {None}
