"""Start-up checks for the vault: a KEK is configured, and it is the one the keys need.

``zorgvuldig serve`` and ``zorgvuldig demo`` call :func:`database_problem` before they touch
the database; a missing or wrong KEK stops them with a clear message and changes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connection

from zorgvuldig.vault import kek, keys
from zorgvuldig.vault.crypto import KekUnavailable
from zorgvuldig.vault.models import DataKey, SystemKey


@register(Tags.security, deploy=True)
def vault_kek_check(app_configs, **kwargs):
    if not settings.IS_PRODUCTION:
        return []
    problems = []
    try:
        kek.current()
        kek.previous()
    except KekUnavailable as exc:
        problems.append(
            Error(
                f"The vault has no usable key-encryption key: {exc}.",
                hint="Set ZORGVULDIG_VAULT_KEK_FILE to a file outside the database holding 32 "
                "random bytes in base64 (zorgvuldig keys generate --out PATH); docs/security.md.",
                id="zorgvuldig.E009",
            )
        )
    tombstones = settings.VAULT_TOMBSTONE_FILE
    folder = Path(tombstones).parent if tombstones else None
    if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK):
        problems.append(
            Error(
                "ZORGVULDIG_VAULT_TOMBSTONE_FILE must name a file in a writable folder outside "
                "the database (next to the KEK): restoring a backup re-applies the erasures "
                "listed there.",
                id="zorgvuldig.E010",
            )
        )
    return problems


def stored_kek_ids() -> set[str]:
    """Ids of the KEKs that wrapped the stored keys (empty for a new database)."""
    tables = set(connection.introspection.table_names())
    if not {"vault_datakey", "vault_systemkey"} <= tables:
        return set()
    ids = set(
        DataKey.objects.filter(wrapped__isnull=False)
        .order_by()
        .values_list("kek_id", flat=True)
        .distinct()
    )
    return ids | set(SystemKey.objects.values_list("kek_id", flat=True))


def database_problem() -> str | None:
    """Why the configured KEK cannot open this database's keys, or None when it can."""
    needed = stored_kek_ids()
    if not needed:
        return None
    try:
        ring = kek.keyring()
    except KekUnavailable as exc:
        return str(exc)
    missing = needed - set(ring)
    if missing:
        return (
            "the configured key-encryption key (id "
            + ", ".join(sorted(ring))
            + ") is not the one this database's keys are wrapped with (id "
            + ", ".join(sorted(missing))
            + ")"
        )
    try:
        for row in SystemKey.objects.all():
            keys._unwrap_system(row, row.name)  # really unwrap: the cache proves nothing
        sample = DataKey.objects.filter(wrapped__isnull=False).order_by("?").first()
        if sample is not None:
            keys._unwrap(sample)
    except KekUnavailable as exc:
        return str(exc)
    return None
