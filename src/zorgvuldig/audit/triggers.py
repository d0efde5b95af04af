"""Append-only enforcement for the log tables, by database triggers (SQLite and PostgreSQL).

The triggers stop the application itself, a bug or a casual ``UPDATE`` from changing the log.
They do not stop someone who may alter the schema (``DROP TRIGGER``): that is what the Merkle
seals and the signed checkpoints are for (``zorgvuldig audit verify``). In production the
application's database role should not own the tables, so that it cannot drop the triggers.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

APPEND_ONLY_TABLES = ("audit_processinglogrecord", "audit_logleaf", "audit_checkpoint")
MESSAGE = "zorgvuldig: log tables are append-only"


def _trigger_names(table: str) -> list[str]:
    return [f"{table}_no_update", f"{table}_no_delete", f"{table}_no_truncate"]


def install_sql(vendor: str) -> list[str]:
    statements: list[str] = []
    if vendor == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION zorgvuldig_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END "
            "$$ LANGUAGE plpgsql"
        )
    for table in APPEND_ONLY_TABLES:
        no_update, no_delete, no_truncate = _trigger_names(table)
        if vendor == "sqlite":
            for name, event in ((no_update, "UPDATE"), (no_delete, "DELETE")):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                )
        elif vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {no_update} ON {table}",
                f"CREATE TRIGGER {no_update} BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION zorgvuldig_append_only()",
                f"DROP TRIGGER IF EXISTS {no_truncate} ON {table}",
                f"CREATE TRIGGER {no_truncate} BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION zorgvuldig_append_only()",
            ]
        else:
            raise NotImplementedError(f"no append-only triggers for {vendor}")
    return statements


def drop_sql(vendor: str) -> list[str]:
    statements = []
    for table in APPEND_ONLY_TABLES:
        for name in _trigger_names(table):
            if vendor == "sqlite":
                statements.append(f"DROP TRIGGER IF EXISTS {name}")
            else:
                statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    return statements


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in install_sql(connection.vendor):
            cursor.execute(sql)


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in drop_sql(connection.vendor):
            cursor.execute(sql)


def missing(connection: BaseDatabaseWrapper) -> list[str]:
    """Tables whose append-only triggers are missing (a SQLite table rebuild drops them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
            )
        present = {(table, name) for table, name in cursor.fetchall()}
    result = []
    for table in APPEND_ONLY_TABLES:
        names = _trigger_names(table)
        expected = names[:2] if connection.vendor == "sqlite" else [names[0], names[2]]
        if not all((table, n) in present for n in expected):
            result.append(table)
    return result
