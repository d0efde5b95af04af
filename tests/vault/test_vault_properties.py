"""The vault's promises (P12 security, P18 erasure), against the real database and real crypto.

Ciphertexts are read and changed with raw SQL on purpose: these tests play the attacker or the
broken disk that reaches the tables without the application. Everything the application itself
does -- registering, writing notes, shredding, reading -- goes through its services and the gate.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass

import hypothesis
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests import factories
from tests.auth import mfa_login
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Document, Note
from zorgvuldig.casework.services.notes import document_upload, note_write
from zorgvuldig.casework.services.signals import signal_register
from zorgvuldig.casework.services.trajectories import goal_add, trajectory_open
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.core.models import PersonalDataModel
from zorgvuldig.people.erasure import resident_shred
from zorgvuldig.people.models import (
    Resident,
    SourceKind,
    blind_values,
    normalise_surname,
    surname_birth_key,
)
from zorgvuldig.people.services import resident_register
from zorgvuldig.vault import blind, checks, crypto, kek, keys
from zorgvuldig.vault.crypto import DataErased, VaultIntegrityError
from zorgvuldig.vault.fields import encrypted_field_names, open_bytes
from zorgvuldig.vault.models import BlindIndex, DataKey
from zorgvuldig.vault.setup import VaultNotReady, prepare

pytestmark = pytest.mark.django_db

ACTOR = factories.FIXTURE_ACTOR
PURPOSE = "hulptrajecten"
PROPERTY = hypothesis.settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RESIDENT_COLUMNS = ("given_names", "surname_prefix", "surname", "birth_date", "city", "email")


# -- raw access to the tables (the attacker's or the broken disk's view) --------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def raw_get(model, column: str, pk: int) -> bytes | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_q(column)} FROM {_q(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return _plain(cursor.fetchone()[0])


def raw_set(model, column: str, pk: int, value: bytes | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_q(model._meta.db_table)} SET {_q(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, as the database holds it (sorted, to compare snapshots)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {_q(table)}")  # noqa: S608
            rows = [tuple(_plain(v) for v in row) for row in cursor.fetchall()]
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


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# -- P12: round trips ----------------------------------------------------------------------------

# Any unicode Hypothesis makes: st.text() leaves out lone surrogates (not encodable as UTF-8),
# and includes NUL, which PostgreSQL text columns could not hold but ciphertext columns can.
TEXT = st.text(max_size=200)


@PROPERTY
@given(
    given_names=TEXT,
    surname=TEXT,
    city=TEXT,
    email=TEXT,
    birth_date=st.none() | st.dates(),
    note_text=st.text(max_size=2000),
    blob=st.binary(max_size=4096),
)
def test_p12_encrypt_decrypt_round_trips_any_unicode_and_binary(
    support, given_names, surname, city, email, birth_date, note_text, blob
):
    with processing(actor=ACTOR, purpose=PURPOSE):
        resident = Resident(
            given_names=given_names,
            surname=surname,
            city=city,
            email=email,
            birth_date=birth_date,
        )
        resident.save()
        note = Note(
            resident=resident,
            activity=support,
            occurred_on=timezone.localdate(),
            kind="phone",
            text=note_text,
        )
        note.save()
    stored_surname = raw_get(Resident, "surname", resident.pk)
    assert stored_surname[0] == crypto.FORMAT_V1
    assert len(stored_surname) == len(surname.encode()) + 5 + 12 + 16  # header, nonce, tag
    keys.evict()
    with processing(actor=ACTOR, purpose=PURPOSE):
        stored = Resident.objects.get(pk=resident.pk)
        assert (stored.given_names, stored.surname, stored.city, stored.email) == (
            given_names,
            surname,
            city,
            email,
        )
        assert stored.birth_date == birth_date
        assert Note.objects.get(pk=note.pk).text == note_text

    key = AESGCM(crypto.new_key())
    context = crypto.associated_data("casework_document", "file", str(uuid.uuid4()), 1)
    assert crypto.open_sealed(key, crypto.seal(key, 1, blob, context), context) == blob


@PROPERTY
@given(
    plaintext=st.binary(max_size=4096),
    table=st.text(min_size=1, max_size=30),
    row_id=st.uuids().map(str),
    version=st.integers(1, 2**32 - 1),
)
def test_p12_sealed_bytes_are_bound_to_their_place_and_key(plaintext, table, row_id, version):
    key = AESGCM(crypto.new_key())
    context = crypto.associated_data(table, "column", row_id, version)
    blob = crypto.seal(key, version, plaintext, context)
    assert crypto.open_sealed(key, blob, context) == plaintext
    assert crypto.key_version_of(blob) == version
    assert len(blob) == crypto.HEADER_BYTES + crypto.NONCE_BYTES + len(plaintext) + 16
    elsewhere = crypto.associated_data(table, "column", str(uuid.uuid4()), version)
    with pytest.raises(VaultIntegrityError):
        crypto.open_sealed(key, blob, elsewhere)
    with pytest.raises(VaultIntegrityError):
        crypto.open_sealed(AESGCM(crypto.new_key()), blob, context)


# -- P12: ciphertext bound to its row, column and owner ------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One encrypted cell: which model, column and row."""

    model: type
    column: str
    pk: int


@pytest.fixture
def two_residents(support):
    a = factories.resident(surname_prefix="van", email="a@voorbeeld.example")
    b = factories.resident(surname_prefix="de", email="b@voorbeeld.example")
    notes = [note_for(a, "Eerste gesprek."), note_for(a, "Tweede gesprek."), note_for(b)]
    return a, b, notes


def _refused_after_move(source: Slot, target: Slot) -> None:
    original = raw_get(target.model, target.column, target.pk)
    raw_set(target.model, target.column, target.pk, raw_get(source.model, source.column, source.pk))
    try:
        with pytest.raises(VaultIntegrityError):
            read_fresh(target.model, target.pk, target.column)
    finally:
        raw_set(target.model, target.column, target.pk, original)


def test_p12_ciphertext_moved_to_another_row_or_column_is_refused(two_residents):
    a, b, (first, second, _) = two_residents
    # Another resident's row (another key), the same resident's other column (same key),
    # and another note of the same resident (same key, same column, another row).
    moves = [
        (Slot(Resident, "surname", a.pk), Slot(Resident, "surname", b.pk)),
        (Slot(Resident, "surname", a.pk), Slot(Resident, "given_names", a.pk)),
        (Slot(Note, "text", first.pk), Slot(Note, "text", second.pk)),
    ]
    for source, target in moves:
        _refused_after_move(source, target)
    # Put back where they belong, every value opens again.
    assert read_fresh(Resident, b.pk, "surname") == b.surname
    assert read_fresh(Resident, a.pk, "given_names") == a.given_names
    assert read_fresh(Note, second.pk, "text") == "Tweede gesprek."


def test_p12_any_ciphertext_moved_anywhere_else_is_refused_property(two_residents):
    a, b, notes = two_residents
    slots = [Slot(Resident, c, r.pk) for r in (a, b) for c in RESIDENT_COLUMNS] + [
        Slot(Note, "text", n.pk) for n in notes
    ]

    def sources(target: Slot, kind: str) -> list[Slot]:
        if kind == "same row":  # same key, same row, another column
            same = [s for s in slots if (s.model, s.pk) == (target.model, target.pk)]
        elif kind == "same column":  # another row of the same table and column
            same = [s for s in slots if (s.model, s.column) == (target.model, target.column)]
        else:
            same = slots
        return [s for s in same if s != target]

    @PROPERTY
    @given(data=st.data())
    def moved(data):
        target = data.draw(st.sampled_from(slots))
        kind = data.draw(st.sampled_from(["same row", "same column", "anywhere"]))
        candidates = sources(target, kind)
        hypothesis.assume(candidates)
        _refused_after_move(data.draw(st.sampled_from(candidates)), target)

    moved()


# -- P12: corruption is an integrity error, never data -------------------------------------------


@pytest.fixture
def corrupted_target(support):
    resident = factories.resident(surname="Zwanenburg", given_names="Aaltje")
    return resident, raw_get(Resident, "surname", resident.pk)


def test_p12_corrupted_ciphertext_is_an_integrity_error_not_data(corrupted_target):
    resident, blob = corrupted_target

    @PROPERTY
    @given(position=st.integers(0, len(blob) - 1), mask=st.integers(1, 255))
    def flipped(position, mask):
        changed = bytearray(blob)
        changed[position] ^= mask
        raw_set(Resident, "surname", resident.pk, bytes(changed))
        with pytest.raises(VaultIntegrityError):
            read_fresh(Resident, resident.pk, "surname")

    @PROPERTY
    @given(length=st.integers(0, len(blob) - 1))
    def truncated(length):
        raw_set(Resident, "surname", resident.pk, blob[:length])
        with pytest.raises(VaultIntegrityError):
            read_fresh(Resident, resident.pk, "surname")

    flipped()
    truncated()
    raw_set(Resident, "surname", resident.pk, blob)
    assert read_fresh(Resident, resident.pk, "surname") == "Zwanenburg"


def test_p12_corrupted_document_file_is_an_integrity_error(support, media):
    resident = factories.resident()
    document = document_for(resident, b"Huurachterstand")
    path = media / document.file.name
    sealed = path.read_bytes()
    for damaged in (
        sealed[:-1] + bytes([sealed[-1] ^ 1]),  # the tag
        sealed[:40] + bytes([sealed[40] ^ 0x80]) + sealed[41:],  # the contents
        sealed[:-10],  # truncated
    ):
        path.write_bytes(damaged)
        keys.evict()
        with processing(actor=ACTOR, purpose=PURPOSE):
            stored = Document.objects.get(pk=document.pk)
            with pytest.raises(VaultIntegrityError):
                stored.file.read_plain()
    path.write_bytes(sealed)
    with processing(actor=ACTOR, purpose=PURPOSE):
        assert b"Huurachterstand" in Document.objects.get(pk=document.pk).file.read_plain()


def _assert_nothing_leaks(body: bytes, blob: bytes, *plain: str) -> None:
    for text in plain:
        assert text.encode() not in body
    for encoded in (blob, blob.hex().encode(), base64.b64encode(blob), blob[5:17]):
        assert encoded not in body


def test_p12_corrupted_resident_is_an_error_page_not_data(client, support, worker):
    resident = factories.resident(surname="Zwanenburg", given_names="Aaltje", assign_to=worker)
    blob = raw_get(Resident, "surname", resident.pk)
    raw_set(Resident, "surname", resident.pk, blob[:-1] + bytes([blob[-1] ^ 1]))
    keys.evict()
    mfa_login(client, worker.user)
    url = reverse("backoffice:resident_detail", args=[PURPOSE, resident.public_id])
    response = client.get(url)
    assert response.status_code == 500
    _assert_nothing_leaks(response.content, blob, "Zwanenburg", "Aaltje")
    assert "integriteit" in response.content.decode()


def test_p12_corrupted_resident_is_an_error_in_the_api_not_data(support, worker):
    resident = factories.resident(surname="Zwanenburg", given_names="Aaltje", assign_to=worker)
    blob = raw_get(Resident, "surname", resident.pk)
    raw_set(Resident, "surname", resident.pk, blob[:-1] + bytes([blob[-1] ^ 1]))
    keys.evict()
    api = mfa_login(APIClient(), worker.user)
    url = reverse("api:resident-detail", args=[PURPOSE, resident.public_id])
    response = api.get(url)
    assert response.status_code == 500
    _assert_nothing_leaks(response.content, blob, "Zwanenburg", "Aaltje")
    assert response.json()["code"] == "integrity_error"
    assert "integriteit" in response.content.decode()


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
        names = ", ".join(_q(f.column) for f in fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, row_uid, {names} FROM {_q(model._meta.db_table)} "  # noqa: S608
                f"WHERE {_q(_resident_column(model))} = %s",
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
                cells.append(Cell(model, pk, uid, field.column, _plain(value)))
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


# -- P12: blind indexes -------------------------------------------------------------------------


@pytest.fixture
def indexed(db):
    act = bsn_activity()
    resident = factories.resident(
        purpose=act.code,
        surname_prefix="van der",
        surname="Berg",
        birth_date="1961-04-23",
        email="Jan.vanderBerg@Voorbeeld.example",
        bsn=factories.fake_bsn(),
    )
    return resident


def test_p12_blind_index_finds_exact_values_only(indexed):
    with processing(actor=ACTOR, purpose="wmo-toegang"):
        resident = Resident.objects.get(pk=indexed.pk)
        bsn, email, birth = resident.bsn, resident.email, resident.birth_date
    born = dt.date(1961, 4, 23)
    assert blind.lookup("bsn", bsn) == {resident.pk}
    assert blind.lookup("email", email.casefold()) == {resident.pk}
    for surname in ("van der Berg", "Berg", "VAN DER  berg"):
        assert blind.lookup("surname_birth", surname_birth_key(surname, born)) == {resident.pk}
    # Near misses find no one: another digit, a prefix, another birth date, no birth date.
    near_misses = [
        ("bsn", bsn[:-1]),
        ("bsn", bsn[:-1] + str((int(bsn[-1]) + 1) % 10)),
        ("email", email.casefold()[:-1]),
        ("email", email.casefold() + " "),
        ("surname_birth", surname_birth_key("Berg", birth + dt.timedelta(days=1))),
        ("surname_birth", surname_birth_key("Ber", birth)),
        ("surname_birth", normalise_surname("van der", "Berg")),
    ]
    for field, value in near_misses:
        assert blind.lookup(field, value) == set(), (field, value)

    @PROPERTY
    @given(field=st.sampled_from(sorted(blind.FIELDS)), probe=st.text(max_size=40))
    def others_find_no_one(field, probe):
        stored = blind_values(resident)[field]
        if probe in stored:
            assert blind.lookup(field, probe) == {resident.pk}
        else:
            assert blind.lookup(field, probe) == set()

    others_find_no_one()


def test_p12_blind_index_keys_differ_per_field(indexed):
    digests = {field: blind.digest(field, "123456782") for field in blind.FIELDS}
    assert len(set(digests.values())) == len(blind.FIELDS)
    # A stored BSN digest cannot be found under another field, even for the same value.
    with processing(actor=ACTOR, purpose="wmo-toegang"):
        bsn = Resident.objects.get(pk=indexed.pk).bsn
    assert blind.lookup("bsn", bsn) == {indexed.pk}
    assert blind.lookup("email", bsn) == set()
    assert blind.lookup("surname_birth", bsn) == set()

    @PROPERTY
    @given(value=st.text(max_size=60))
    def differ(value):
        per_field = [blind.digest(field, value) for field in sorted(blind.FIELDS)]
        assert len(set(per_field)) == len(per_field)
        assert all(len(d) == 32 for d in per_field)

    differ()


def test_p12_low_entropy_fields_are_not_indexed_alone(support, indexed):
    low_entropy = {
        "surname",
        "surname_prefix",
        "given_names",
        "birth_date",
        "postcode",
        "city",
        "house_number",
        "street",
    }
    assert not set(blind.FIELDS) & low_entropy
    assert set(blind.FIELDS) == {"bsn", "email", "surname_birth"}
    with pytest.raises(ValueError):
        blind.digest("surname", "Berg")

    unborn = factories.resident(surname="Berg", birth_date="")
    rows = BlindIndex.objects.filter(data_key__resident_id=unborn.pk)
    assert not rows.filter(field="surname_birth").exists()

    born_rows = BlindIndex.objects.filter(data_key__resident_id=indexed.pk)
    with processing(actor=ACTOR, purpose="wmo-toegang"):
        expected = blind_values(Resident.objects.get(pk=indexed.pk))
    assert sorted((r.field, bytes(r.digest)) for r in born_rows) == sorted(
        (field, blind.digest(field, value))
        for field, values in expected.items()
        for value in values
        if value
    )
    assert born_rows.filter(field="surname_birth").count() == 2  # with and without "van der"
    # No digest of a surname or birth date on its own, under any field's key.
    alone = {"berg", "van der berg", "1961-04-23", "Berg"}
    stored = {bytes(r.digest) for r in BlindIndex.objects.all()}
    assert not stored & {blind.digest(f, v) for f in blind.FIELDS for v in alone}


# -- P12: the key-encryption key -----------------------------------------------------------------


def test_p12_wrong_kek_is_refused_and_changes_nothing(support, settings, tmp_path):
    factories.resident(email="kek@voorbeeld.example")
    right = kek.current()
    assert prepare(allow_create=False) is None
    before = every_row()

    wrong = base64.b64encode(crypto.new_key()).decode()
    settings.VAULT_KEK = wrong
    keys.evict()
    with pytest.raises(VaultNotReady) as refused:
        prepare(allow_create=False)
    message = str(refused.value)
    for secret in (wrong, base64.b64encode(right.key).decode()):
        assert secret not in message
        assert base64.b64decode(secret).hex() not in message
    assert "Er is niets gewijzigd" in message
    assert every_row() == before

    # The demo may make a KEK, but never for a database that already holds keys.
    settings.VAULT_KEK = None
    settings.VAULT_KEK_FILE = str(tmp_path / "kwijt.kek")
    with pytest.raises(VaultNotReady):
        prepare(allow_create=True)
    assert not (tmp_path / "kwijt.kek").exists()
    assert every_row() == before


def test_p12_missing_kek_in_production_is_a_system_check_error(settings, tmp_path):
    settings.IS_PRODUCTION = True
    settings.VAULT_KEK_AUTOCREATE = False
    settings.VAULT_KEK_PREVIOUS = None
    settings.VAULT_KEK_PREVIOUS_FILE = None
    settings.VAULT_KEK = None
    for missing in (None, str(tmp_path / "geen.kek")):
        settings.VAULT_KEK_FILE = missing
        [error] = checks.vault_kek_check(None)
        assert error.id == "zorgvuldig.E009"
    assert not (tmp_path / "geen.kek").exists()

    settings.VAULT_KEK = "niet-base64-maar-wel-geheim!"
    [error] = checks.vault_kek_check(None)
    assert error.id == "zorgvuldig.E009"
    assert "geheim" not in error.msg

    settings.VAULT_KEK = base64.b64encode(crypto.new_key()).decode()
    assert checks.vault_kek_check(None) == []
    settings.IS_PRODUCTION = False
    settings.VAULT_KEK = None
    assert checks.vault_kek_check(None) == []


# -- P12: nothing readable in the database -----------------------------------------------------


def test_p12_database_holds_no_plaintext(media):
    act = bsn_activity()
    bsn = factories.fake_bsn()
    values = {
        "given_names": "Wilhelmina-Qz",
        "surname_prefix": "van der",
        "surname": "Zwanenburg-Qx",
        "birth_date": "1931-02-27",
        "street": "Qxlaan",
        "house_number": "77 Qx",
        "postcode": "9999 QX",
        "city": "Qxdorp",
        "phone": "+31 6 9876 5432",
        "email": "qx.zwanenburg@voorbeeld.example",
        "bsn": bsn,
    }
    with processing(actor=ACTOR, purpose=act):
        resident = resident_register(
            actor=ACTOR,
            purpose=act,
            data=values,
            source_kind=SourceKind.THIRD_PARTY,
            source_name="Huisarts Qxdokter",
        )
        note_write(
            actor=ACTOR,
            purpose=act,
            resident=resident,
            occurred_on=timezone.localdate(),
            kind="home_visit",
            text="Qxverslag: schulden bij de Qxbank.",
        )
        document_upload(
            actor=ACTOR,
            purpose=act,
            resident=resident,
            uploaded=pdf(b"Qxbrief inhoud", name="qxbrief-zwanenburg.pdf"),
            title="Qxtitel",
        )
    needles = {
        *values.values(),
        "Huisarts Qxdokter",
        "Qxverslag",
        "Qxbank",
        "Qxbrief",
        "qxbrief-zwanenburg",
        "Qxtitel",
        "Zwanenburg",
        "Wilhelmina",
        "9876 5432",
        "9999QX",
        surname_birth_key("van der Zwanenburg-Qx", dt.date(1931, 2, 27)),
    } - {"van der"}
    needles |= {n.casefold() for n in needles}
    found = []
    for table, rows in every_row().items():
        for row in rows:
            for value in row:
                if value is None:
                    continue
                raw = value if isinstance(value, bytes) else str(value).encode()
                found += [(table, n) for n in needles if n.encode() in raw]
    assert found == []
    assert BlindIndex.objects.filter(data_key__resident_id=resident.pk).count() >= 4
    for path in media.rglob("*"):
        if path.is_file():
            body = path.read_bytes()
            found += [(path.name, n) for n in needles if n.encode() in body]
            found += [(path.name, n) for n in needles if n.casefold() in path.name.casefold()]
    assert found == []
