"""Reads of resident data; each runs inside an open processing context (P08, P13).

A resident outside the actor's reach is answered exactly like a missing one (NotFound).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

from zorgvuldig.core.errors import NotFound
from zorgvuldig.core.gate import require_open
from zorgvuldig.core.models import gate_internal
from zorgvuldig.people.models import DataSource, Resident
from zorgvuldig.vault.fields import unsealed

# What lists show of a resident (and search and sort on).
LISTED_FIELDS = ("given_names", "surname_prefix", "surname", "birth_date", "postcode", "city")


class ResidentSelection(Sequence):
    """Residents in a fixed order, read from the database a page at a time.

    Names are encrypted, so the database can neither sort nor search them. The order and the
    matches are worked out in memory over the actor's own scope (the gate still filters it),
    the way the database compared plaintext names before the vault. That pass only compares;
    a resident counts as *read* (and is logged) when a page that shows them is fetched.
    """

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = self.ids[index]
            rows = {r.pk: r for r in Resident.objects.filter(pk__in=wanted)}
            for row in rows.values():
                row.damaged = not unsealed(row, *LISTED_FIELDS)
            return [rows[pk] for pk in wanted if pk in rows]
        return self[index : index + 1][0] if index >= 0 else self[len(self) + index :][0]

    def __iter__(self):
        return iter(self[:])


def _search_terms(search: str) -> tuple[list[str], list[str]]:
    """Postcodes (normalised "1234AB") and the other words of a search, five terms at most."""
    postcodes: list[str] = []

    def take_postcode(match: re.Match) -> str:
        postcodes.append(match[1] + match[2].upper())
        return " "

    words = re.sub(
        r"(?<!\w)([1-9][0-9]{3}) ?([a-zA-Z]{2})(?!\w)", take_postcode, search.strip()
    ).split()
    postcodes = postcodes[:5]
    return postcodes, [w.casefold() for w in words[: max(0, 5 - len(postcodes))]]


def _matches(resident: Resident, postcodes: list[str], words: list[str]) -> bool:
    postcode = resident.postcode.replace(" ", "").upper()
    if any(p != postcode for p in postcodes):
        return False
    given, surname = resident.given_names.casefold(), resident.surname.casefold()
    city = resident.city.casefold()
    return all(w in surname or w in given or w == city for w in words)


def resident_list(*, actor, purpose, search: str = "") -> ResidentSelection:
    """Residents this actor may process for ``purpose``, by name, optionally searched.

    Every word must match a name (part of it) or the town; a postcode counts as one word
    whether typed "1234AB", "1234 ab" or "1234 AB".
    """
    require_open(actor=actor, purpose=purpose)
    postcodes, words = _search_terms(search)
    with gate_internal():
        everyone = list(Resident.objects.only("id", "row_uid", *LISTED_FIELDS))
        readable = {r.pk for r in everyone if unsealed(r, *LISTED_FIELDS)}
        if postcodes or words:
            everyone = [r for r in everyone if r.pk in readable and _matches(r, postcodes, words)]
        # A damaged row (integrity error) goes last and is marked, not shown as data.
        everyone.sort(key=lambda r: (0, *r.sort_key) if r.pk in readable else (1, r.pk))
    return ResidentSelection([r.pk for r in everyone])


def resident_get(*, actor, purpose, public_id) -> Resident:
    """One resident, or NotFound when missing *or* outside the actor's need-to-know."""
    require_open(actor=actor, purpose=purpose)
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound() from exc
    try:
        return Resident.objects.get(public_id=key)
    except Resident.DoesNotExist as exc:
        raise NotFound() from exc


def resident_sources(*, actor, purpose, resident: Resident) -> list[DataSource]:
    require_open(actor=actor, purpose=purpose)
    return list(DataSource.objects.filter(resident=resident).select_related("activity"))
