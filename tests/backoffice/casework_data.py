"""Casework test data for the back-office and browser tests, made through the real services.

Everything is written as the test fixture (a system actor), so the gate and its log are
exercised exactly as in production; tests read personal models only inside ``processing``.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from tests import factories
from zorgvuldig.casework.services.notes import note_write
from zorgvuldig.casework.services.signals import signal_register
from zorgvuldig.core.gate import processing
from zorgvuldig.people.consent import consent_give
from zorgvuldig.people.models import InformingTask
from zorgvuldig.registry.models import LawfulGround

ACTOR = factories.FIXTURE_ACTOR
HEALTH_PURPOSE = "gezondheid"


def health_activity(code: str = HEALTH_PURPOSE, name: str = "Ondersteuning bij gezondheid"):
    """A consent-based purpose naming health data, under Art. 9(2)(a): explicit consent."""
    return factories.activity(
        code,
        name=name,
        ground=LawfulGround.CONSENT,
        lawful_ground_detail="",
        categories=[
            factories.category("naw"),
            factories.category("gezondheid", special_kind="health"),
        ],
        art9_exemption="a",
        art9_detail="Alleen met uitdrukkelijke toestemming van de inwoner.",
    )


def give_consent(resident, purpose: str, *, explicit: bool = False, codes=("naw",)):
    """Record a consent for ``purpose`` covering the categories with these codes."""
    categories = [factories.category(code) for code in codes]
    with processing(actor=ACTOR, purpose=purpose):
        return consent_give(
            actor=ACTOR,
            purpose=purpose,
            resident=resident,
            categories=categories,
            method="written",
            notice_version="v1",
            explicit=explicit,
        )


def signal(resident, purpose: str = "hulptrajecten", **fields):
    """A signal about ``resident``; by default a neighbour's, received an hour ago."""
    data = {
        "kind": "problem",
        "description": "Buurvrouw maakt zich zorgen: de post stapelt zich op.",
        "reporter_kind": "neighbour",
        "channel": "phone",
        "received_at": timezone.now() - dt.timedelta(hours=1),
    }
    data.update(fields)
    with processing(actor=ACTOR, purpose=purpose):
        return signal_register(actor=ACTOR, purpose=purpose, resident=resident, **data)


def note(resident, purpose: str = "hulptrajecten", **fields):
    data = {"occurred_on": timezone.localdate(), "kind": "phone", "text": "Telefonisch contact."}
    data.update(fields)
    with processing(actor=ACTOR, purpose=purpose):
        return note_write(actor=ACTOR, purpose=purpose, resident=resident, **data)


def overdue_signal(resident, purpose: str = "hulptrajecten", *, days: int = 40):
    """A GP's signal received ``days`` ago: its informing deadline (one month) has passed."""
    received = timezone.now() - dt.timedelta(days=days)
    return signal(
        resident, purpose, reporter_kind="gp", reporter_detail="Huisarts", received_at=received
    )


def tasks(resident, purpose: str = "hulptrajecten", **filters) -> list[InformingTask]:
    with processing(actor=ACTOR, purpose=purpose):
        qs = InformingTask.objects.filter(resident=resident, **filters).order_by("deadline")
        return list(qs)


def count(model, purpose: str = "hulptrajecten", **filters) -> int:
    """Rows of a personal-data model, counted as the test fixture (it sees everything)."""
    with processing(actor=ACTOR, purpose=purpose):
        return model.objects.filter(**filters).count()


def stored(model) -> int:
    """Every row of ``model`` in the database, whatever the gate would show ("nothing stored").

    A bare COUNT(*): it reads no personal data, and unlike a count through the gate it also
    counts rows the gate would hide (a special-category note, work under withdrawn consent).
    """

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0]
