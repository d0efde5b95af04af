"""Comparing people without keeping their data: surnames, addresses, pseudonyms (P14).

Surnames are compared whole: prefix and surname together ("van der Berg"), case-insensitive,
with spaces and apostrophes normalised. Prefixes are not stripped -- "Berg" and "van der Berg"
are different names -- because stripping them would make every "de Jong" match every "Jong".
Addresses are postcode plus house number (with its addition), without spaces or case.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from django.conf import settings

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_SPACES = re.compile(r"\s+")


def normalise_surname(*parts: str) -> str:
    """One comparable string for a (prefix +) surname; empty when there is none."""
    text = " ".join(p for p in parts if p).translate(_APOSTROPHES)
    return _SPACES.sub(" ", text).strip().casefold()


def normalise_address(postcode: str, house_number: str) -> str:
    """``1234AB|12A`` for a postcode and house number; empty when either is missing."""
    postcode = _SPACES.sub("", postcode or "").upper()
    house_number = _SPACES.sub("", house_number or "").upper()
    return f"{postcode}|{house_number}" if postcode and house_number else ""


def resident_ids_for_refs(refs: Iterable[str], *, max_id: int) -> dict[str, int]:
    """Find which resident ids the log references ``refs`` stand for (ids 1 to ``max_id``).

    The log's ``subject_ref`` is a keyed HMAC of the resident id
    (:func:`zorgvuldig.core.gate.subject_ref`), so the only way back is to compute it for every
    id: about 2 microseconds each, so 0.2 s for 100,000 residents. Done in memory, per run,
    for the references of one batch only; nothing that maps references to ids is stored.
    """
    wanted = set(refs)
    found: dict[str, int] = {}
    if not wanted:
        return found
    base = hmac.new(settings.LOG_PSEUDONYM_KEY.encode(), digestmod=hashlib.sha256)
    for resident_id in range(1, max_id + 1):
        digest = base.copy()
        digest.update(b"resident:%d" % resident_id)
        ref = digest.hexdigest()
        if ref in wanted:
            found[ref] = resident_id
            if len(found) == len(wanted):
                break
    return found


def resident_id_for_ref(ref: str, *, among: Iterable[int]) -> int | None:
    """The id among ``among`` whose log reference is ``ref`` (for a reviewer's own scope)."""
    base = hmac.new(settings.LOG_PSEUDONYM_KEY.encode(), digestmod=hashlib.sha256)
    for resident_id in among:
        digest = base.copy()
        digest.update(b"resident:%d" % resident_id)
        if hmac.compare_digest(digest.hexdigest(), ref):
            return resident_id
    return None
