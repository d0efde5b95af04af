"""A small sealed log built through the gate, and an 'attacker' who bypasses the triggers."""

from __future__ import annotations

import pytest
from django.db import connection

from tests import append_only, factories
from zorgvuldig.audit import sealing
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_get


@pytest.fixture
def sealed_log(support, worker, settings):
    """Residents registered and read through the gate; the log sealed in batches of 10."""
    settings.AUDIT_SEAL_BATCH = 10
    residents = [factories.resident(assign_to=worker) for _ in range(4)]
    for resident in residents:
        with processing(actor=worker, purpose=support):
            resident_get(actor=worker, purpose=support, public_id=resident.public_id)
    made = sealing.seal()
    assert len(made) >= 2, "the fixture needs several checkpoints"
    return made


class Attacker:
    """Someone with write access to the database who drops the triggers to tamper."""

    def sql(self, statement: str, params=()) -> None:
        with append_only.suspended(), connection.cursor() as cursor:
            cursor.execute(statement, list(params))

    def one(self, statement: str, params=()):
        with connection.cursor() as cursor:
            cursor.execute(statement, list(params))
            return cursor.fetchone()


@pytest.fixture
def attacker() -> Attacker:
    return Attacker()
