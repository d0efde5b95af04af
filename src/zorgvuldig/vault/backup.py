"""Backups and restores that keep erasures erased (P12, P18).

A backup is a folder with a consistent copy of the database (SQLite through its online backup
API, PostgreSQL through ``pg_dump --format=custom``), the media folder (documents and consent
evidence, each file already encrypted with its resident's data key) and ``manifest.json``:
format, creation time, engine, migration state, the SHA-256 of every file, the tombstones
(key ids of erased residents) and the ids of the KEKs that wrap the keys. It never holds a
key-encryption key, and the manifest holds no personal data.

A restore first checks every file against the manifest and changes nothing on a mismatch. It
then collects every tombstone it knows of: the current database's (read before overwriting
it), the tombstone file's and the manifest's. After putting the database and media back it
shreds those keys again, so a resident erased after the backup was taken stays erased: their
data in the backup is unreadable without the key, and the key is gone again.

The server and worker must be stopped during a restore (docs/security-operations.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connection, connections

from zorgvuldig.vault import checks, kek, keys, tombstones
from zorgvuldig.vault.crypto import KekUnavailable

FORMAT = "zorgvuldig-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA = "media"
_CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupProblem(Exception):
    """Something the operator can fix (a folder, a missing program, a KEK); message in Dutch."""


class BackupRefused(BackupProblem):
    """The backup is incomplete or was changed: nothing is restored."""


@dataclass
class RestoreReport:
    reapplied: int = 0  # erasures made again (keys that were live in the restored database)
    tombstones: int = 0  # tombstones known in total
    from_database: int | None = None  # tombstones in the database before restoring (None: none)
    from_file: int = 0
    from_manifest: int = 0
    media_files: int = 0
    extra_media: list[str] = field(default_factory=list)  # media files not in the backup
    kek_problem: str | None = None
    pending_migrations: int = 0


def _quiet(_message: str) -> None:
    pass


def _engine() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupProblem(
            f"Back-ups van een {connection.vendor}-database worden niet ondersteund."
        )
    return connection.vendor


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupProblem("Een database in het geheugen kan niet worden geback-upt.")
    return Path(name)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> list[Path]:
    """Regular files under ``root`` (symbolic links are skipped), sorted."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def _latest_migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


# -- PostgreSQL: the client programs, with connection details in the environment --------------

_PG_ENV = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def _pg_env() -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the password never goes on the command line."""
    details = connection.settings_dict
    env = os.environ.copy()
    for key, variable in _PG_ENV.items():
        if details.get(key):
            env[variable] = str(details[key])
    for key, variable in _PG_OPTION_ENV.items():
        if details.get("OPTIONS", {}).get(key):
            env[variable] = str(details["OPTIONS"][key])
    env["PGDATABASE"] = str(details["NAME"])
    env["PGAPPNAME"] = "zorgvuldig-backup"
    return env


def _pg_program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupProblem(
            f"Het programma {name} is niet gevonden. Installeer de PostgreSQL-clientprogramma's "
            "(bijvoorbeeld het pakket postgresql-client, dezelfde hoofdversie als de server) en "
            "zorg dat ze in PATH staan."
        )
    return found


def _run_pg(arguments: list[str], what: str) -> None:
    result = subprocess.run(  # noqa: S603  (a fixed program and arguments, no shell)
        arguments, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupProblem(f"{what} is mislukt (exitcode {result.returncode}): {detail}")


# -- making a backup ---------------------------------------------------------------------------


def _prepare_folder(out: Path) -> bool:
    """Create ``out`` (owner only); True when we created it. Refuses a folder with contents."""
    if out.exists():
        if not out.is_dir():
            raise BackupProblem(f"{out} bestaat al en is geen map.")
        if any(out.iterdir()):
            raise BackupProblem(f"De map {out} is niet leeg; kies een nieuwe of lege map.")
        return False
    try:
        out.mkdir(mode=0o700, parents=True)
    except OSError as exc:
        raise BackupProblem(f"Kan de map {out} niet maken: {exc.strerror}.") from exc
    return True


def _backup_sqlite(target: Path) -> None:
    source = _sqlite_path()
    if not source.exists():
        raise BackupProblem(f"De database {source} bestaat niet.")
    # Our own connection: it sees committed data only, as one consistent snapshot (WAL lets
    # writers continue meanwhile).
    src = sqlite3.connect(source, timeout=20)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # One self-contained file: no write-ahead log next to it.
        dst.execute("PRAGMA journal_mode=DELETE")
        verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if verdict != "ok":
        raise BackupProblem(f"De kopie van de database is niet in orde: {verdict}")


def _backup_postgres(target: Path) -> None:
    _run_pg(
        [_pg_program("pg_dump"), "--format=custom", "--no-password", f"--file={target}"],
        "pg_dump",
    )


def _copy_media(destination: Path, progress: Progress) -> int:
    source = Path(settings.MEDIA_ROOT)
    destination.mkdir(mode=0o700)
    if not source.is_dir():
        return 0
    files = _files_under(source)
    for number, path in enumerate(files, start=1):
        target = destination / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        if number % 500 == 0:
            progress(f"  … {number}/{len(files)} bestanden gekopieerd")
    return len(files)


def create(out: str | Path, *, progress: Progress = _quiet) -> dict:
    """Write a backup into ``out`` (new or empty); returns the manifest."""
    out = Path(out)
    engine = _engine()
    created = _prepare_folder(out)
    try:
        return _create(out, engine, progress)
    except BaseException:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        else:
            for child in out.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        raise


def _create(out: Path, engine: str, progress: Progress) -> dict:
    started = dt.datetime.now(dt.UTC)
    migrations = _latest_migrations()
    kek_ids = checks.stored_kek_ids()
    database_file = SQLITE_FILE if engine == "sqlite" else POSTGRES_FILE
    progress(f"Database kopiëren ({engine})…")
    if engine == "sqlite":
        _backup_sqlite(out / database_file)
    else:
        _backup_postgres(out / database_file)
    # Read after the copy: a key shredded meanwhile is then at least in the manifest.
    kek_ids |= checks.stored_kek_ids()
    known = set(keys.tombstones()) | tombstones.read()
    tombstones.sync(known)  # an append lost after its commit is repaired here too
    progress("Documenten en bewijsstukken kopiëren (media)…")
    media_count = _copy_media(out / MEDIA, progress)
    progress(f"  {media_count} bestand(en) gekopieerd.")
    progress("Controlegetallen (SHA-256) berekenen…")
    files = {
        path.relative_to(out).as_posix(): {"sha256": sha256_file(path), "size": path.stat().st_size}
        for path in _files_under(out)
    }
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": started.isoformat().replace("+00:00", "Z"),
        "engine": engine,
        "database_file": database_file,
        "migrations": migrations,
        "kek_ids": sorted(kek_ids),
        "tombstones": sorted(str(key_id) for key_id in known),
        "files": files,
    }
    temporary = out / f".{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    os.replace(temporary, out / MANIFEST)
    return manifest


# -- checking a backup -------------------------------------------------------------------------


def read_manifest(folder: str | Path) -> dict:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise BackupRefused(
            f"{path} ontbreekt: dit is geen (volledige) back-up van Zorgvuldig."
        ) from exc
    except (OSError, ValueError) as exc:
        raise BackupRefused(f"{path} is niet leesbaar: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"{path} is geen manifest van een Zorgvuldig-back-up.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(
            f"Deze back-up heeft formaatversie {manifest.get('format_version')}; deze versie "
            f"van Zorgvuldig kent alleen versie {FORMAT_VERSION}."
        )
    return manifest


def _safe_relative(name: str) -> PurePosixPath:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupRefused(f"Het manifest noemt een ongeldig pad: {name!r}.")
    return relative


def verify(folder: str | Path, *, progress: Progress = _quiet) -> dict:
    """Check every file against the manifest; raises BackupRefused on any difference."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    files = manifest.get("files")
    if not isinstance(files, dict) or manifest.get("database_file") not in files:
        raise BackupRefused("Het manifest noemt geen databasebestand.")
    problems = []
    for number, (name, expected) in enumerate(sorted(files.items()), start=1):
        path = folder / _safe_relative(name)
        if not isinstance(expected, dict):
            problems.append(f"{name}: het manifest is onleesbaar")
        elif not path.is_file():
            problems.append(f"{name} ontbreekt")
        elif sha256_file(path) != expected.get("sha256"):
            problems.append(f"{name} is veranderd (SHA-256 klopt niet)")
        if number % 500 == 0:
            progress(f"  … {number}/{len(files)} bestanden gecontroleerd")
    listed = set(files) | {MANIFEST}
    extra = [
        path.relative_to(folder).as_posix()
        for path in _files_under(folder)
        if path.relative_to(folder).as_posix() not in listed
    ]
    problems += [f"{name} staat niet in het manifest" for name in extra]
    if problems:
        shown = "\n".join(f"  - {problem}" for problem in problems[:20])
        more = f"\n  … en nog {len(problems) - 20}" if len(problems) > 20 else ""
        raise BackupRefused("De back-up is niet intact; er is niets teruggezet.\n" + shown + more)
    return manifest


# -- restoring ---------------------------------------------------------------------------------


def check_restorable(manifest: dict) -> None:
    """Refuse (changing nothing) when this installation cannot use the backup."""
    engine = _engine()
    if manifest.get("engine") != engine:
        raise BackupProblem(
            f"Deze back-up is van een {manifest.get('engine')}-database; de ingestelde database "
            f"is {engine}. Zet DATABASE_URL naar een database van hetzelfde soort."
        )
    expected_file = SQLITE_FILE if engine == "sqlite" else POSTGRES_FILE
    if manifest.get("database_file") != expected_file:
        raise BackupRefused(
            f"Het manifest noemt een onverwacht databasebestand; verwacht: {expected_file}."
        )
    try:
        ring = kek.keyring()
    except KekUnavailable as exc:
        raise BackupProblem(f"Geen bruikbare sleutelversleutelsleutel (KEK): {exc}.") from exc
    missing = set(manifest.get("kek_ids", [])) - set(ring)
    if missing:
        raise BackupProblem(
            "De sleutels in deze back-up zijn verpakt met KEK-id "
            + ", ".join(sorted(missing))
            + "; die sleutel is niet ingesteld (ingesteld: "
            + ", ".join(sorted(ring))
            + "). Zet hem als ZORGVULDIG_VAULT_KEK_PREVIOUS(_FILE) naast de huidige KEK en "
            "roteer na het terugzetten met 'zorgvuldig keys rotate'."
        )


def _database_tombstones() -> set[uuid.UUID] | None:
    """Tombstones in the database as it is now; None when it has none to give (lost, new).

    Only a database without the vault's table counts as "none"; any other error (locked by
    a running server, unreachable) stops the restore before anything is overwritten.
    """
    try:
        if "vault_datakey" not in connection.introspection.table_names():
            return None
        return set(keys.tombstones())
    except DatabaseError as exc:
        raise BackupProblem(
            "De huidige database kan niet worden gelezen om de wissingen te bewaren "
            f"({type(exc).__name__}). Is de server gestopt, en bestaat de database? Maak zo "
            "nodig eerst een lege database aan. Er is niets gewijzigd."
        ) from exc
    finally:
        connections.close_all()


def _remember_tombstones(known: set[uuid.UUID]) -> None:
    """Add the tombstones the file lacks to the tombstone file, durably, before overwriting."""
    target = tombstones.path()
    if target is None:
        return
    missing = sorted(str(key_id) for key_id in known - tombstones.read())
    if not missing:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="ascii") as handle:
        handle.write("".join(f"{key_id}\n" for key_id in missing))
        handle.flush()
        os.fsync(handle.fileno())


def _restore_sqlite(source: Path) -> None:
    target = _sqlite_path()
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Read-only: the backup itself is never changed (its SHA-256 must keep matching).
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=20)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _restore_postgres(source: Path) -> None:
    connections.close_all()
    _run_pg(
        [
            _pg_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        "pg_restore",
    )


def _restore_media(folder: Path, manifest: dict, progress: Progress) -> tuple[int, list[str]]:
    root = Path(settings.MEDIA_ROOT)
    prefix = f"{MEDIA}/"
    names = sorted(name for name in manifest["files"] if name.startswith(prefix))
    for number, name in enumerate(names, start=1):
        relative = _safe_relative(name).relative_to(MEDIA)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.restoring")
        shutil.copy2(folder / name, temporary)
        os.replace(temporary, target)
        if number % 500 == 0:
            progress(f"  … {number}/{len(names)} bestanden teruggezet")
    restored = {name[len(prefix) :] for name in names}
    extra = (
        [
            path.relative_to(root).as_posix()
            for path in _files_under(root)
            if path.relative_to(root).as_posix() not in restored
        ]
        if root.is_dir()
        else []
    )
    return len(names), extra


def _pending_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore(
    folder: str | Path, *, progress: Progress = _quiet, manifest: dict | None = None
) -> RestoreReport:
    """Put a verified backup back and re-apply every known erasure.

    ``manifest`` is what :func:`verify` returned (verified again when not given). Refuses,
    changing nothing, when a file differs, the engine differs or the KEK is not configured.
    """
    folder = Path(folder)
    if manifest is None:
        manifest = verify(folder, progress=progress)
    check_restorable(manifest)
    report = RestoreReport()

    progress("Bekende wissingen verzamelen…")
    in_database = _database_tombstones()
    in_file = tombstones.read()
    in_manifest = {uuid.UUID(key_id) for key_id in manifest.get("tombstones", [])}
    known = (in_database or set()) | in_file | in_manifest
    report.from_database = None if in_database is None else len(in_database)
    report.from_file, report.from_manifest = len(in_file), len(in_manifest)
    report.tombstones = len(known)
    # Written down before the database is overwritten: an interrupted restore loses none.
    _remember_tombstones(known)

    progress("Database terugzetten…")
    source = folder / manifest["database_file"]
    if manifest["engine"] == "sqlite":
        _restore_sqlite(source)
    else:
        _restore_postgres(source)

    progress("Wissingen opnieuw toepassen…")
    report.reapplied = keys.apply_tombstones(known)
    keys.evict()

    progress("Documenten en bewijsstukken terugzetten (media)…")
    report.media_files, report.extra_media = _restore_media(folder, manifest, progress)

    report.kek_problem = checks.database_problem()
    report.pending_migrations = _pending_migrations()
    return report
