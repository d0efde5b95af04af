"""Preparing the vault before ``zorgvuldig demo`` or ``serve`` touch the database.

:func:`prepare` runs first: it refuses with a clear message, changing nothing, when the
configured KEK is missing or is not the one the stored keys were wrapped with. Only the demo
may make a KEK, and only for a database that holds no keys yet (a new one).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connection

from zorgvuldig.vault import checks, kek, keys, tombstones
from zorgvuldig.vault.crypto import KekUnavailable

PRE_VAULT_MIGRATION = ("people", "0005_vault_encrypted_fields")


class VaultNotReady(Exception):
    """The vault cannot open this database; the message says why (no key material)."""


def prepare(*, allow_create: bool) -> str | None:
    """Check (and for the demo, make) the KEK; returns a notice to print, or raises."""
    notice = None
    path = settings.VAULT_KEK_FILE
    stored = checks.stored_kek_ids()
    if allow_create and not settings.VAULT_KEK and path and not Path(path).exists():
        if stored:
            raise VaultNotReady(
                f"De database bevat versleutelde gegevens, maar de sleutel {path} ontbreekt. "
                "Zet het juiste sleutelbestand terug (ZORGVULDIG_VAULT_KEK_FILE); er is niets "
                "gewijzigd."
            )
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        kek.write_new(path)
        notice = (
            f"Nieuwe sleutel voor de kluis gemaakt: {path}. Alleen voor de demo: bewaar de "
            "sleutel in productie buiten de database en buiten de back-ups (docs/security.md)."
        )
    try:
        kek.current()
    except KekUnavailable as exc:
        raise VaultNotReady(f"De kluis kan niet open: {exc}. Er is niets gewijzigd.") from exc
    problem = checks.database_problem()
    if problem:
        raise VaultNotReady(f"De kluis kan niet open: {problem}. Er is niets gewijzigd.")
    if stored:
        reconcile_tombstones()
    return notice


def reconcile_tombstones() -> tuple[int, int]:
    """Make the tombstone file and the database agree; returns (added to file, re-applied).

    Both directions are idempotent: an erasure whose file append was lost after its commit
    is added to the file, and one in the file that the database forgot (an interrupted
    restore, a restore of an older backup by other means) is applied again.
    """
    in_database = set(keys.tombstones())
    added = tombstones.sync(in_database)
    reapplied = keys.apply_tombstones(tombstones.read() - in_database)
    return added, reapplied


def holds_plaintext() -> bool:
    """True for a database from before the vault that still has residents in plain text."""
    from django.db.migrations.recorder import MigrationRecorder

    tables = set(connection.introspection.table_names())
    if "people_resident" not in tables or "django_migrations" not in tables:
        return False
    applied = MigrationRecorder(connection).applied_migrations()
    if PRE_VAULT_MIGRATION in applied:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM people_resident LIMIT 1")
        return cursor.fetchone() is not None
