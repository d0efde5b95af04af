"""Shared building blocks for the vault tests: raw table access (the attacker's or the broken
disk's view) and small builders for residents' notes and documents."""

from __future__ import annotations

import hypothesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck

from tests import factories
from zorgvuldig.casework.models import Document, Note
from zorgvuldig.casework.services.notes import document_upload, note_write
from zorgvuldig.core.gate import processing
from zorgvuldig.vault import keys

ACTOR = factories.FIXTURE_ACTOR
PURPOSE = "hulptrajecten"
PROPERTY = hypothesis.settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RESIDENT_COLUMNS = ("given_names", "surname_prefix", "surname", "birth_date", "city", "email")


# -- raw access to the tables (the attacker's or the broken disk's view) --------------------------


def quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def as_plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def raw_get(model, column: str, pk: int) -> bytes | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quoted(column)} FROM {quoted(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return as_plain(cursor.fetchone()[0])


def raw_set(model, column: str, pk: int, value: bytes | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quoted(model._meta.db_table)} SET {quoted(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, as the database holds it (sorted, to compare snapshots)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quoted(table)}")  # noqa: S608
            rows = [tuple(as_plain(v) for v in row) for row in cursor.fetchall()]
            tables[table] = sorted(rows, key=repr)
    return tables


def read_fresh(model, pk: int, column: str):
    """One field, read through the gate from a freshly loaded row with a cold key cache."""
    keys.evict()
    with processing(actor=ACTOR, purpose=PURPOSE):
        return getattr(model.objects.get(pk=pk), column)


def note_for(resident, text: str = "Telefonisch contact.") -> Note:
    with processing(actor=ACTOR, purpose=PURPOSE):
        return note_write(
            actor=ACTOR,
            purpose=PURPOSE,
            resident=resident,
            occurred_on=timezone.localdate(),
            kind="phone",
            text=text,
        )


def pdf(content: bytes = b"", name: str = "brief.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + content + b"\n%%EOF\n")


def document_for(resident, content: bytes = b"", title: str = "Brief") -> Document:
    with processing(actor=ACTOR, purpose=PURPOSE):
        return document_upload(
            actor=ACTOR, purpose=PURPOSE, resident=resident, uploaded=pdf(content), title=title
        )


def bsn_activity():
    return factories.activity(
        "wmo-toegang",
        categories=[factories.category("naw"), factories.category("bsn", is_bsn=True)],
        bsn_legal_basis="Wmo 2015, art. 5.2.1",
    )
