"""Shared set-up for benchmarks: a throw-away database (SQLite, or PostgreSQL when
BENCH_DATABASE_URL / DATABASE_URL points at a server) with migrations applied."""

from __future__ import annotations

import base64
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> str:
    """Point Django at a fresh database, migrate it, and return a label for the report."""
    os.environ["ZORGVULDIG_MODE"] = "development"
    os.environ["ZORGVULDIG_DATA_DIR"] = tempfile.mkdtemp(prefix="zorgvuldig-bench-")
    # A throw-away key-encryption key for the throw-away database (docs/security.md).
    os.environ.setdefault("ZORGVULDIG_VAULT_KEK", base64.b64encode(os.urandom(32)).decode())
    server = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    label = "sqlite"
    if server.startswith("postgres"):
        import psycopg

        name = f"zorgvuldig_bench_{uuid.uuid4().hex[:8]}"
        base = server.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{base}/{name}"
        label = "postgresql"
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zorgvuldig.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return label


def teardown_django(label: str) -> None:
    if label != "postgresql":
        return
    import psycopg
    from django.db import connections

    name = connections["default"].settings_dict["NAME"]
    connections.close_all()
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
