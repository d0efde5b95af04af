"""Blind indexes and the key-encryption key (P12): exact lookups only, separate keys per field,
no low-entropy value alone; a wrong or missing KEK is refused; no plaintext in the database."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tests.vault.vault_data import (
    ACTOR,
    PROPERTY,
    bsn_activity,
    every_row,
    pdf,
)
from zorgvuldig.casework.services.notes import document_upload, note_write
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import (
    Resident,
    SourceKind,
    blind_values,
    normalise_surname,
    surname_birth_key,
)
from zorgvuldig.people.services import resident_register
from zorgvuldig.vault import blind, checks, crypto, kek, keys
from zorgvuldig.vault.models import BlindIndex
from zorgvuldig.vault.setup import VaultNotReady, prepare

pytestmark = pytest.mark.django_db


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
