"""What is stored, read past the processing gate: only for the tests' own checks.

The gate hides rows it does not allow (withdrawn consent, special categories without a
ground), so counting through it cannot show that those rows are still there. The application
never reads like this.
"""

from __future__ import annotations

from django.db import connection

from zorgvuldig.casework.models import Note
from zorgvuldig.registry.models import ProcessingActivity


def table_count(model) -> int:
    """Rows in ``model``'s table."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0]


def stored_notes() -> list[tuple[str, str, int]]:
    """(activity code, special kind, resident id) of every stored note."""
    note, activity = Note._meta.db_table, ProcessingActivity._meta.db_table
    sql = (
        f"SELECT a.code, n.special_kind, n.resident_id FROM {note} n "  # noqa: S608
        f"JOIN {activity} a ON a.id = n.activity_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]
