"""Crypto-shredding (P18): after a resident's key is destroyed, none of their data opens, nothing
indexed remains, and everyone else still decrypts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import hypothesis
import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tests.vault.vault_data import (
    ACTOR,
    PROPERTY,
    PURPOSE,
    as_plain,
    document_for,
    note_for,
    quoted,
)
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.services.signals import signal_register
from zorgvuldig.casework.services.trajectories import goal_add, trajectory_open
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.core.models import PersonalDataModel
from zorgvuldig.people.erasure import resident_shred
from zorgvuldig.people.models import (
    Resident,
)
from zorgvuldig.vault import keys
from zorgvuldig.vault.crypto import DataErased
from zorgvuldig.vault.fields import encrypted_field_names, open_bytes
from zorgvuldig.vault.models import BlindIndex, DataKey

pytestmark = pytest.mark.django_db


# -- P18: crypto-shredding ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One sealed value as stored: in a column, or (for a file field) in the file it names."""

    model: type
    pk: int
    row_uid: uuid.UUID
    column: str
    blob: bytes


def _resident_column(model) -> str:
    if model.gate_resident_path == "pk":
        return model._meta.pk.column
    return model._meta.get_field(model.gate_resident_path).column


def _sealed_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PersonalDataModel)
        and (
            encrypted_field_names(model)
            or any(getattr(f, "encrypted_contents", False) for f in model._meta.concrete_fields)
        )
    ]


def sealed_cells(resident_id: int) -> list[Cell]:
    """Every sealed value of one resident, in every table and file, read raw."""
    cells = []
    for model in _sealed_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if getattr(f, "encrypted", False) or getattr(f, "encrypted_contents", False)
        ]
        names = ", ".join(quoted(f.column) for f in fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, row_uid, {names} FROM {quoted(model._meta.db_table)} "  # noqa: S608
                f"WHERE {quoted(_resident_column(model))} = %s",
                [resident_id],
            )
            rows = cursor.fetchall()
        for pk, row_uid, *values in rows:
            uid = model._meta.get_field("row_uid").to_python(row_uid)
            for field, value in zip(fields, values, strict=True):
                if value is None or value == "":
                    continue
                if getattr(field, "encrypted_contents", False):
                    with default_storage.open(value, "rb") as handle:
                        value = handle.read()
                cells.append(Cell(model, pk, uid, field.column, as_plain(value)))
    return cells


def open_cell(cell: Cell, resident_id: int) -> bytes:
    """Open a captured ciphertext as the application would, on an instance rebuilt around it."""
    model = cell.model
    values = {model._meta.pk.attname: cell.pk, "row_uid": cell.row_uid}
    if model.gate_resident_path != "pk":
        values[model.gate_resident_attname()] = resident_id
    instance = model(**values)
    return open_bytes(instance, cell.column, cell.blob)


@pytest.fixture
def households(support, worker, media):
    """Three residents with data in every kind of table, made through the services."""
    people = []
    for index in range(3):
        resident = factories.resident(
            assign_to=worker,
            surname_prefix="van der" if index == 0 else "",
            email=f"inwoner{index}@voorbeeld.example",
            phone="06-12345678",
        )
        note_for(resident, f"Huisbezoek {index}: het gaat beter.")
        with processing(actor=ACTOR, purpose=PURPOSE):
            signal_register(
                actor=ACTOR,
                purpose=PURPOSE,
                resident=resident,
                kind="problem",
                description=f"Buurvrouw {index} maakt zich zorgen.",
                reporter_kind="neighbour",
                reporter_detail=f"Buurvrouw nummer {index}",
                channel="phone",
            )
            trajectory = trajectory_open(
                actor=ACTOR,
                purpose=PURPOSE,
                resident=resident,
                question=f"Hulp bij schulden {index}",
                start_date=timezone.localdate(),
                workers=[worker],
            )
            goal_add(actor=ACTOR, purpose=PURPOSE, trajectory=trajectory, description="Budget")
        document_for(resident, f"Brief {index}".encode())
        people.append(resident)
    return people


def _gated_models() -> list[type]:
    return [m for m in apps.get_models() if issubclass(m, PersonalDataModel)]


def _visible(resident_id: int) -> dict[str, int]:
    """How many rows of this resident each personal-data model shows the fixture actor."""
    with processing(actor=ACTOR, purpose=PURPOSE):
        return {
            model._meta.label: model.objects.filter(
                **{model.gate_resident_path: resident_id}
            ).count()
            for model in _gated_models()
        }


def test_p18_after_shredding_none_of_the_residents_fields_decrypt(households):
    captured = {r.pk: sealed_cells(r.pk) for r in households}
    plain = {pk: [open_cell(c, pk) for c in cells] for pk, cells in captured.items()}
    kinds = {c.model._meta.label for c in captured[households[0].pk]}
    assert {
        "people.Resident",
        "people.DataSource",
        "people.InformingTask",
        "casework.Note",
        "casework.Signal",
        "casework.Trajectory",
        "casework.Goal",
        "casework.Document",
    } <= kinds, "the fixture must reach every kind of sealed table"

    @hypothesis.settings(PROPERTY, max_examples=12)
    @given(chosen=st.sampled_from(households), warm=st.booleans())
    def shredded(chosen, warm):
        sid = transaction.savepoint()
        try:
            _shred_and_check(chosen, warm, captured, plain)
        finally:
            transaction.savepoint_rollback(sid)
            keys.evict()

    shredded()


def _shred_and_check(chosen, warm: bool, captured: dict, plain: dict) -> None:
    s = chosen.pk
    assert BlindIndex.objects.filter(data_key__resident_id=s).exists()
    before = _visible(s)
    assert before["people.Resident"] == 1
    if warm:  # the key of S is in this process's cache when the shred comes
        keys.prefetch([s])
        assert s in keys._cache

    tombstone = resident_shred(actor=ACTOR, purpose=PURPOSE, resident=chosen)

    # The key is gone, its row stays as a tombstone; nothing of S's opens any more.
    key_row = DataKey.objects.get(resident_id=s)
    assert (key_row.key_id, key_row.wrapped, key_row.shredded_at is not None) == (
        tombstone,
        None,
        True,
    )
    assert s not in keys._cache
    for cell in captured[s]:
        with pytest.raises(DataErased):
            open_cell(cell, s)
    for fresh in (False, True):
        with pytest.raises(DataErased):
            keys.for_resident_read(s, version=1, fresh=fresh)
    assert s not in keys._cache
    assert not BlindIndex.objects.filter(data_key__resident_id=s).exists()
    after = _visible(s)
    assert all(count == 0 for count in after.values()), after
    with processing(actor=ACTOR, purpose=PURPOSE):
        assert not Resident.objects.filter(pk=s).exists()
    assert ProcessingLogRecord.objects.filter(
        action="delete",
        object_type="vault.datakey",
        subject_ref=subject_ref(s),
        actor_ref=ACTOR.actor_ref,
        status="ok",
    ).exists()

    # Everyone else: untouched, and still opens (from the database, not from a cache).
    keys.evict()
    for other, cells in captured.items():
        if other == s:
            continue
        assert [open_cell(c, other) for c in cells] == plain[other]
        assert BlindIndex.objects.filter(data_key__resident_id=other).exists()
        with processing(actor=ACTOR, purpose=PURPOSE):
            assert Resident.objects.get(pk=other).surname
