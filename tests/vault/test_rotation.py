"""Rotating the key-encryption key (P12): rewrap every key, re-encrypt nothing, lose nothing.

Residents are registered through the real services; afterwards the settings are switched to
the new KEK alone and everything must still open through the gate, with the ciphertexts in
the database unchanged byte for byte.
"""

from __future__ import annotations

import base64

import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import Resident, surname_birth_key
from zorgvuldig.vault import blind, kek, keys, rotation
from zorgvuldig.vault.crypto import KekUnavailable, new_key
from zorgvuldig.vault.models import DataKey, SystemKey

SEALED_COLUMNS = ("given_names", "surname", "birth_date", "street", "postcode", "city", "email")


def b64(k: kek.Kek) -> str:
    return base64.b64encode(k.key).decode()


def use_keks(settings, current: kek.Kek, previous: kek.Kek | None = None) -> None:
    """Configure exactly these KEKs (no key files) and forget every unwrapped key."""
    settings.VAULT_KEK = b64(current)
    settings.VAULT_KEK_FILE = None
    settings.VAULT_KEK_PREVIOUS = b64(previous) if previous else None
    settings.VAULT_KEK_PREVIOUS_FILE = None
    keys.evict()


def raw_ciphertexts() -> list[tuple]:
    columns = ", ".join(SEALED_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {columns} FROM people_resident ORDER BY id")  # noqa: S608
        return [
            tuple(None if value is None else bytes(value) for value in row[1:])
            for row in cursor.fetchall()
        ]


def read_all(purpose) -> dict[int, tuple]:
    """Every resident's decrypted fields, read through the gate."""
    keys.evict()
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return {
            r.pk: (r.given_names, r.surname, r.birth_date, r.street, r.email)
            for r in Resident.objects.all()
        }


def kek_ids() -> set[str]:
    return set(
        DataKey.objects.filter(wrapped__isnull=False).values_list("kek_id", flat=True)
    ) | set(SystemKey.objects.values_list("kek_id", flat=True))


def wrapped_keys() -> dict:
    return {
        **{("data", r.pk): (bytes(r.wrapped), r.kek_id) for r in DataKey.objects.all()},
        **{("system", r.name): (bytes(r.wrapped), r.kek_id) for r in SystemKey.objects.all()},
    }


@pytest.fixture
def old(db) -> kek.Kek:
    """The test run's KEK (a file in the throw-away data folder), which wraps every key now."""
    return kek.current()


@pytest.fixture
def residents(old, support):
    return [factories.resident(email=factories.fake.unique.email()) for _ in range(5)]


def test_p12_rotate_rewraps_every_key_and_data_stays_readable(settings, old, residents, support):
    before_plain = read_all(support)
    before_cipher = raw_ciphertexts()
    assert len(before_plain) == 5
    new = kek.Kek(new_key())

    report = rotation.rotate(new)

    assert report.finished
    assert report.rewrapped == 5
    assert report.system_keys == SystemKey.objects.count() >= 1
    use_keks(settings, new)  # only the new KEK from here on
    assert kek_ids() == {new.id}
    assert read_all(support) == before_plain
    assert raw_ciphertexts() == before_cipher  # no data was re-encrypted
    # The blind-index root key was rewrapped too: exact lookups still find the resident.
    resident = residents[0]
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        email = Resident.objects.get(pk=resident.pk).email
        found = blind.lookup("email", email.casefold())
        key = surname_birth_key(resident.surname, resident.birth_date)
    assert resident.pk in found
    assert resident.pk in blind.lookup("surname_birth", key)
    # The old KEK alone opens nothing any more.
    use_keks(settings, old)
    assert rotation.status().problem


def test_p12_interrupted_rotation_loses_nothing_and_resumes(settings, old, residents, support):
    expected = read_all(support)
    new = kek.Kek(new_key())

    first = rotation.rotate(new, batch=2, stop_after=1)

    assert not first.finished
    assert first.rewrapped == 2
    split = DataKey.objects.filter(wrapped__isnull=False)
    assert split.filter(kek_id=new.id).count() == 2
    assert split.filter(kek_id=old.id).count() == 3
    # Both KEKs configured (the advised setting during a rotation): everything opens.
    use_keks(settings, new, previous=old)
    assert read_all(support) == expected
    assert rotation.status().problem is None

    second = rotation.rotate(new, batch=2)

    assert second.finished
    assert (second.already, second.rewrapped, second.total) == (2, 3, 5)
    use_keks(settings, new)
    assert kek_ids() == {new.id}
    assert read_all(support) == expected


def test_p12_a_crash_inside_a_batch_rolls_that_batch_back(
    settings, old, residents, support, monkeypatch
):
    """Killed halfway through a batch: that batch is undone, the ones before it stay done."""
    expected = read_all(support)
    new = kek.Kek(new_key())
    real_wrap = rotation.crypto.wrap
    calls = []

    def wrap_then_crash(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1 + 2 + 2:  # system key, first batch, second row of the second batch
            raise KeyboardInterrupt
        return real_wrap(*args, **kwargs)

    monkeypatch.setattr(rotation.crypto, "wrap", wrap_then_crash)
    with pytest.raises(KeyboardInterrupt):
        rotation.rotate(new, batch=2)
    monkeypatch.setattr(rotation.crypto, "wrap", real_wrap)

    ring = {old.id: old, new.id: new}
    live = DataKey.objects.filter(wrapped__isnull=False).order_by("pk")
    assert [row.kek_id for row in live] == [new.id] * 2 + [old.id] * 3
    for row in live:  # each key opens with exactly the KEK its row names
        keys.crypto.unwrap(
            ring[row.kek_id].key, bytes(row.wrapped), keys._dek_context(row.subject, row.version)
        )
    use_keks(settings, new, previous=old)
    assert read_all(support) == expected
    assert rotation.rotate(new, batch=2).finished


def test_p12_rotate_continues_with_the_current_kek_when_none_is_given(
    settings, old, residents, support, capsys
):
    """The online route: new KEK configured as current, the old one as previous."""
    expected = read_all(support)
    new = kek.Kek(new_key())
    rotation.rotate(new, batch=2, stop_after=1)
    use_keks(settings, new, previous=old)

    call_command("keys", "rotate", "--batch", "2")

    out, err = capsys.readouterr()
    assert "Klaar: 5 gegevenssleutel(s)" in out
    assert "Sleutels herverpakt: 5/5 (100%)" in err
    assert "ZORGVULDIG_VAULT_KEK_PREVIOUS" in out
    assert new.key.hex() not in out + err and b64(new) not in out + err
    use_keks(settings, new)
    assert read_all(support) == expected


def test_p12_wrong_kek_refuses(settings, old, residents, support, capsys, monkeypatch):
    stored = wrapped_keys()
    wrong = kek.Kek(new_key())
    new = kek.Kek(new_key())
    use_keks(settings, wrong)
    monkeypatch.setenv("ZV_TEST_NEW_KEK", b64(new))

    problem = rotation.status().problem
    assert problem and old.id in problem
    with pytest.raises(KekUnavailable):
        rotation.rotate(new)
    assert wrapped_keys() == stored

    for argv in (["status"], ["rotate", "--new-kek-env", "ZV_TEST_NEW_KEK"]):
        with pytest.raises(SystemExit) as exit_:
            call_command("keys", *argv)
        assert exit_.value.code == 2
    _, err = capsys.readouterr()
    assert "Probleem met de sleutelversleutelsleutel (KEK)" in err
    assert f"not configured (id {old.id})" in err
    assert "Er is niets veranderd" in err
    assert wrapped_keys() == stored


def test_p12_a_right_id_with_a_wrong_key_changes_nothing(settings, old, residents):
    """A stored key that does not unwrap stops the rotation before the first change."""
    row = DataKey.objects.filter(wrapped__isnull=False).first()
    DataKey.objects.filter(pk=row.pk).update(wrapped=b"\0" * len(bytes(row.wrapped)))
    stored = wrapped_keys()

    with pytest.raises(KekUnavailable):
        rotation.rotate(kek.Kek(new_key()))

    assert wrapped_keys() == stored


def test_keys_generate_writes_a_private_file_once(tmp_path, capsys):
    target = tmp_path / "kek.b64"
    call_command("keys", "generate", "--out", str(target))
    written = kek.read_file(target, where="test")
    assert target.stat().st_mode & 0o777 == 0o600
    out, _ = capsys.readouterr()
    assert written.id in out
    assert b64(written) not in out

    with pytest.raises(SystemExit) as exit_:
        call_command("keys", "generate", "--out", str(target))
    assert exit_.value.code == 2
    assert kek.read_file(target, where="test") == written
    assert "bestaat al" in capsys.readouterr().err


def test_keys_status_counts_without_key_material(settings, old, residents, support, capsys):
    from zorgvuldig.people.erasure import resident_shred

    resident_shred(actor=factories.FIXTURE_ACTOR, purpose=support, resident=residents[0])
    call_command("keys", "status")
    out, _ = capsys.readouterr()
    assert f"verpakt met KEK-id {old.id} (huidige KEK): 4" in out
    assert "Gewiste inwoners (vernietigde sleutels): 1" in out
    assert "De ingestelde KEK opent alle sleutels." in out
    assert b64(old) not in out
