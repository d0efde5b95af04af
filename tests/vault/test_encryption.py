"""Field encryption (P12): any value round-trips, a ciphertext is bound to its row, column and
owner, and a damaged one is an integrity error, never data."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass

import hypothesis
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests import factories
from tests.auth import mfa_login
from tests.vault.vault_data import (
    ACTOR,
    PROPERTY,
    PURPOSE,
    RESIDENT_COLUMNS,
    document_for,
    note_for,
    raw_get,
    raw_set,
    read_fresh,
)
from zorgvuldig.casework.models import Document, Note
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import (
    Resident,
)
from zorgvuldig.vault import crypto, keys
from zorgvuldig.vault.crypto import VaultIntegrityError

pytestmark = pytest.mark.django_db


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
