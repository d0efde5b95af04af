"""Reads of resident data; each runs inside an open processing context (P08, P13).

A resident outside the actor's reach is answered exactly like a missing one (NotFound).
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from zorgvuldig.core.errors import NotFound
from zorgvuldig.core.gate import require_open
from zorgvuldig.people.models import DataSource, Resident


def resident_list(*, actor, purpose, search: str = "") -> QuerySet[Resident]:
    """Residents this actor may process for ``purpose``, optionally searched by name/postcode."""
    require_open(actor=actor, purpose=purpose)
    qs = Resident.objects.all()
    search = search.strip()
    if search:
        terms = Q()
        for word in search.split()[:5]:
            terms &= (
                Q(surname__icontains=word)
                | Q(given_names__icontains=word)
                | Q(postcode__iexact=word.replace(" ", ""))
                | Q(city__iexact=word)
            )
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
