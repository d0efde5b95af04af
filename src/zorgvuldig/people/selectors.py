"""Reads of resident data; each runs inside an open processing context (P08, P13).

A resident outside the actor's reach is answered exactly like a missing one (NotFound).
"""

from __future__ import annotations

import re
import uuid

from django.db.models import Q, QuerySet

from zorgvuldig.core.errors import NotFound
from zorgvuldig.core.gate import require_open
from zorgvuldig.people.models import DataSource, Resident


def resident_list(*, actor, purpose, search: str = "") -> QuerySet[Resident]:
    """Residents this actor may process for ``purpose``, optionally searched by name/postcode.

    Every word must match a name, the postcode or the town. A postcode counts as one word
    whether typed "1234AB", "1234 ab" or "1234 AB": it is normalised the way
    ``validation.resident_clean`` stores it ("1234 AB") before the rest is split on spaces.
    """
    require_open(actor=actor, purpose=purpose)
    qs = Resident.objects.all()
    postcodes: list[tuple[str, str]] = []

    def take_postcode(match: re.Match) -> str:
        postcodes.append((match[1], match[2].upper()))
        return " "

    words = re.sub(
        r"(?<!\w)([1-9][0-9]{3}) ?([a-zA-Z]{2})(?!\w)", take_postcode, search.strip()
    ).split()
    terms = Q()
    for digits, letters in postcodes[:5]:
        # Stored as "1234 AB"; a row saved before that rule may lack the space.
        terms &= Q(postcode__iexact=f"{digits} {letters}") | Q(postcode__iexact=digits + letters)
    for word in words[: max(0, 5 - len(postcodes))]:
        terms &= Q(surname__icontains=word) | Q(given_names__icontains=word) | Q(city__iexact=word)
    if terms:
        qs = qs.filter(terms)
    return qs


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
