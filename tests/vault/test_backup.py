"""Backup and restore (P12, P18): a restored backup never brings an erased resident back.

These tests back up the live test database (SQLite through its online backup API, PostgreSQL
through pg_dump) and restore it over itself, so they are transactional: the data must be
committed for another connection or program to see it, and the restore replaces the tables.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from tests import factories
from zorgvuldig.audit import triggers
from zorgvuldig.casework.models import Document, Note
from zorgvuldig.casework.services.notes import document_upload, note_write
from zorgvuldig.core.gate import processing
from zorgvuldig.people.erasure import resident_shred
from zorgvuldig.people.models import Resident
from zorgvuldig.vault import backup, crypto, kek, keys, tombstones
from zorgvuldig.vault.crypto import DataErased, VaultIntegrityError
from zorgvuldig.vault.models import BlindIndex, DataKey

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "postgresql" and not shutil.which("pg_dump"),
        reason="pg_dump/pg_restore (PostgreSQL client programs) are not installed",
    ),
]

NOTE_TEXT = "Huisbezoek: zorgen over de schulden en de gezondheid."


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    """Media folder and tombstone file of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAULT_TOMBSTONE_FILE = str(tmp_path / "vault-tombstones.txt")


def _person(support, **data):
    resident = factories.resident(email=factories.fake.unique.email(), **data)
    note_write(
        actor=factories.FIXTURE_ACTOR,
        purpose=support,
        resident=resident,
        occurred_on=dt.date.today(),
        kind=Note.Kind.HOME_VISIT,
        text=NOTE_TEXT,
    )
    document_upload(
        actor=factories.FIXTURE_ACTOR,
        purpose=support,
        resident=resident,
        uploaded=SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n% brief aan de inwoner\n%%EOF\n"),
        title="Brief",
    )
    return resident


@pytest.fixture
def people(support):
    """Two residents, A (kept) and S (to be erased), each with a note and a document."""
    return _person(support, surname="Aalberts"), _person(support, surname="Schreuder")


def visible(purpose) -> dict[int, tuple]:
    """Residents the gate hands out, decrypted, with their notes' texts."""
    keys.evict()
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        notes: dict[int, list[str]] = {}
        for note in Note.objects.all():
            notes.setdefault(note.resident_id, []).append(note.text)
        return {
            r.pk: (r.given_names, r.surname, r.email, tuple(notes.get(r.pk, [])))
            for r in Resident.objects.all()
        }


def document_plain(purpose, resident) -> bytes:
    keys.evict()
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return Document.objects.get(resident=resident).file.read_plain()


def raw_row(table: str, column: str, where: str, value) -> tuple[str, bytes]:
    """(row_uid, ciphertext) read with plain SQL, past the gate and the model."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT row_uid, {column} FROM {table} WHERE {where} = %s",  # noqa: S608
            [value],
        )
        row_uid, blob = cursor.fetchone()
    return str(uuid.UUID(str(row_uid))), bytes(blob)


def keys_that_open(table: str, column: str, row_uid: str, blob: bytes) -> list[int]:
    """Which live data keys in the database open this ciphertext (tried one by one)."""
    version = crypto.key_version_of(blob)
    context = crypto.associated_data(table, column, row_uid, version)
    opened = []
    for row in DataKey.objects.filter(wrapped__isnull=False):
        try:
            crypto.open_sealed(keys._unwrap(row), blob, context)
        except VaultIntegrityError:
            continue
        opened.append(row.resident_id)
    return opened


def test_p18_restore_drill_backup_before_erasure_does_not_bring_the_resident_back(
    people, support, tmp_path
):
    a, s = people
    before = visible(support)
    assert {a.pk, s.pk} <= set(before)
    a_document = document_plain(support, a)
    s_key = DataKey.objects.get(resident_id=s.pk)
    assert BlindIndex.objects.filter(data_key=s_key).exists()

    made = backup.create(tmp_path / "backup")
    assert str(s_key.key_id) not in made["tombstones"]

    tombstone = resident_shred(actor=factories.FIXTURE_ACTOR, purpose=support, resident=s)
    assert tombstone == s_key.key_id
    later = factories.resident(surname="Later")  # made after the backup: gone after restoring

    report = backup.restore(tmp_path / "backup")

    assert report.reapplied == 1
    assert report.tombstones >= 1
    s_key = DataKey.objects.get(resident_id=s.pk)
    assert s_key.wrapped is None and s_key.shredded_at is not None
    assert not BlindIndex.objects.filter(data_key=s_key).exists()
    assert tombstone in tombstones.read()
    # The gate hides S everywhere; A and the rest are exactly as in the backup.
    now = visible(support)
    assert s.pk not in now
    assert later.pk not in now
    assert now[a.pk] == before[a.pk]
    assert a.pk in now and NOTE_TEXT in now[a.pk][3]
    assert document_plain(support, a) == a_document
    with pytest.raises(DataErased):
        keys.for_resident_read(s.pk, version=1, fresh=True)
    # S's ciphertexts are back on disk (the backup had them), but no key opens them any more.
    for table, column, where, value in (
        ("people_resident", "surname", "id", s.pk),
        ("casework_note", "text", "resident_id", s.pk),
        ("casework_document", "title", "resident_id", s.pk),
    ):
        row_uid, blob = raw_row(table, column, where, value)
        assert keys_that_open(table, column, row_uid, blob) == []
    # ... while A's open with A's key (the same test, so the check above means something).
    row_uid, blob = raw_row("people_resident", "surname", "id", a.pk)
    assert keys_that_open("people_resident", "surname", row_uid, blob) == [a.pk]
    # The restored database works on: the log is still append-only, new rows get new ids.
    assert triggers.missing(connection) == []
    assert factories.resident(surname="Na het terugzetten").pk not in before


@pytest.mark.parametrize("remembered_by", ["database", "tombstone file"])
def test_p18_restore_reapplies_erasures_from_each_source(
    people, support, tmp_path, settings, monkeypatch, remembered_by
):
    """Either the database being replaced or the tombstone file is enough on its own."""
    a, s = people
    backup.create(tmp_path / "backup")
    resident_shred(actor=factories.FIXTURE_ACTOR, purpose=support, resident=s)
    if remembered_by == "database":
        settings.VAULT_TOMBSTONE_FILE = None
    else:  # the database was lost: only the file outside it remembers
        monkeypatch.setattr(backup, "_database_tombstones", lambda: None)

    report = backup.restore(tmp_path / "backup")

    assert report.reapplied == 1
    assert set(visible(support)) == {a.pk}


def test_p18_restore_command_reports_the_erasures(people, support, tmp_path, capsys):
    a, s = people
    call_command("backup", "--out", str(tmp_path / "backup"))
    resident_shred(actor=factories.FIXTURE_ACTOR, purpose=support, resident=s)

    call_command("restore", str(tmp_path / "backup"), "--yes")

    out = capsys.readouterr().out
    assert "De back-up is intact" in out
    assert "Wissingen opnieuw toegepast: 1 " in out
    assert set(visible(support)) == {a.pk}


def test_p12_restore_refuses_a_changed_backup(people, support, tmp_path, capsys):
    folder = tmp_path / "backup"
    manifest = backup.create(folder)
    later = factories.resident(surname="Later")
    database_keys = list(DataKey.objects.order_by("pk").values_list("pk", "wrapped", "kek_id"))
    database = folder / manifest["database_file"]
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit in the middle of the database copy
    database.write_bytes(bytes(data))

    with pytest.raises(backup.BackupRefused, match="database"):
        backup.restore(folder)
    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(folder), "--yes")

    assert exit_.value.code == 1
    assert "niet intact" in capsys.readouterr().err
    assert later.pk in visible(support)  # nothing was restored
    assert list(DataKey.objects.order_by("pk").values_list("pk", "wrapped", "kek_id")) == (
        database_keys
    )


def test_p12_restore_refuses_a_changed_or_missing_media_file(people, tmp_path):
    folder = tmp_path / "backup"
    manifest = backup.create(folder)
    media = sorted(name for name in manifest["files"] if name.startswith("media/"))
    assert len(media) == 2
    (folder / media[0]).write_bytes(b"vervangen")
    (folder / media[1]).unlink()
    (folder / "media" / "extra.pdf").write_bytes(b"%PDF-1.4\n")

    with pytest.raises(backup.BackupRefused) as refused:
        backup.verify(folder)

    message = str(refused.value)
    assert f"{media[0]} is veranderd" in message
    assert f"{media[1]} ontbreekt" in message
    assert "media/extra.pdf staat niet in het manifest" in message


def test_p12_manifest_holds_no_key_material_and_no_personal_data(people, support, tmp_path):
    a, s = people
    resident_shred(actor=factories.FIXTURE_ACTOR, purpose=support, resident=s)
    folder = tmp_path / "backup"

    manifest = backup.create(folder)

    text = (folder / "manifest.json").read_text()
    assert json.loads(text) == manifest
    current = kek.current()
    assert manifest["kek_ids"] == [current.id]
    assert manifest["tombstones"] == [str(DataKey.objects.get(resident_id=s.pk).key_id)]
    assert manifest["engine"] == connection.vendor
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"]["vault"] == max(name for app, name in applied if app == "vault")
    assert manifest["created_at"].endswith("Z")
    for name, entry in manifest["files"].items():
        assert backup.sha256_file(folder / name) == entry["sha256"]
    # No key: neither the KEK nor any wrapped data key, in any encoding.
    secrets = [current.key]
    secrets += [
        bytes(w) for w in DataKey.objects.exclude(wrapped=None).values_list("wrapped", flat=True)
    ]
    for secret in secrets:
        for form in (base64.b64encode(secret).decode(), secret.hex(), secret.hex().upper()):
            assert form not in text
    # No personal data: names, e-mail addresses, street, note text, original file names.
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        alive = Resident.objects.get(pk=a.pk)
        personal = [alive.given_names, alive.surname, alive.email, alive.street, alive.city]
    personal += [s.given_names, s.surname, s.email, NOTE_TEXT, "brief.pdf"]
    for value in personal:
        assert value and value not in text
    # The KEK itself is in no file of the backup (raw or base64).
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert current.key not in content
            assert base64.b64encode(current.key) not in content


def test_p12_restore_refuses_without_the_kek_of_the_backup(people, support, tmp_path, settings):
    folder = tmp_path / "backup"
    backup.create(folder)
    later = factories.resident(surname="Later")
    old = kek.current()
    settings.VAULT_KEK = base64.b64encode(crypto.new_key()).decode()  # another KEK only

    with pytest.raises(backup.BackupProblem, match=old.id):
        backup.restore(folder)

    settings.VAULT_KEK = None
    assert later.pk in visible(support)


def test_backup_refuses_a_folder_with_contents_and_names_a_missing_pg_dump(
    db, tmp_path, monkeypatch
):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "iets.txt").write_text("al hier")
    with pytest.raises(backup.BackupProblem, match="niet leeg"):
        backup.create(folder)
    assert [p.name for p in folder.iterdir()] == ["iets.txt"]

    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(backup.BackupProblem, match="pg_dump is niet gevonden"):
        backup._pg_program("pg_dump")


def test_restore_refuses_a_backup_of_another_engine(people, tmp_path):
    folder = tmp_path / "backup"
    manifest = backup.create(folder)
    manifest["engine"] = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(backup.BackupProblem, match="Deze back-up is van een"):
        backup.restore(folder)


def test_restore_without_yes_asks_and_changes_nothing(people, support, tmp_path, capsys):
    folder = tmp_path / "backup"
    backup.create(folder)
    later = factories.resident(surname="Later")

    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(folder))  # stdin is not a terminal under pytest

    assert exit_.value.code == 2
    assert "--yes" in capsys.readouterr().err
    assert later.pk in visible(support)


@pytest.mark.slow
def test_the_zorgvuldig_command_runs_keys_backup_and_restore(tmp_path):
    """The wiring in cli.py: a fresh installation, as an operator would type it."""
    from tests.test_cli import clean_env, run_zorgvuldig

    kek_file = tmp_path / "vault.kek"
    env = clean_env(
        ZORGVULDIG_DATA_DIR=str(tmp_path / "var"), ZORGVULDIG_VAULT_KEK_FILE=str(kek_file)
    )

    def zorgvuldig(*args: str):
        return run_zorgvuldig(*args, cwd=tmp_path, env=env)

    made = zorgvuldig("keys", "generate", "--out", str(kek_file))
    assert made.returncode == 0, made.stderr
    assert zorgvuldig("manage", "migrate", "--verbosity", "0").returncode == 0
    status = zorgvuldig("keys", "status")
    assert status.returncode == 0, status.stderr
    assert "De ingestelde KEK opent alle sleutels." in status.stdout
    saved = zorgvuldig("backup", "--out", str(tmp_path / "backup"))
    assert saved.returncode == 0, saved.stderr
    assert "Back-up klaar" in saved.stdout
    unconfirmed = zorgvuldig("restore", str(tmp_path / "backup"))
    assert unconfirmed.returncode == 2
    restored = zorgvuldig("restore", str(tmp_path / "backup"), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Wissingen opnieuw toegepast: 0" in restored.stdout
    assert "Traceback" not in made.stderr + status.stderr + saved.stderr + restored.stderr
