"""The canonical bytes of a log record: what its Merkle leaf hash is computed over.

A JSON array (compact separators, ASCII escapes) of a version tag and the record's fields in
the fixed order of :data:`FIELDS`. Timestamps are UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``;
empty values are ``""``, a missing activity version or end time is ``null``, flags are
``true``/``false``. The same record gives the same bytes on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

VERSION_TAG = "zv1"
FIELDS = (
    "id",
    "trace_id",
    "operation_id",
    "parent_operation_id",
    "operation_name",
    "at",
    "ended_at",
    "actor_ref",
    "actor_role",
    "actor_unit",
    "on_behalf_of_ref",
    "activity_version_id",
    "action",
    "subject_ref",
    "object_type",
    "status",
    "reason_code",
    "emergency",
    "incidental",
)
TIMESTAMP_FIELDS = ("at", "ended_at")
_AT, _ENDED, _EMERGENCY, _INCIDENTAL = (
    FIELDS.index(f) for f in ("at", "ended_at", "emergency", "incidental")
)
_encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode


def timestamp(value: datetime | str | None) -> str | None:
    """UTC timestamp text from a datetime (PostgreSQL, ORM) or SQLite's stored text."""
    if value is None:
        return None
    if isinstance(value, str):
        if value.endswith("Z"):  # already canonical (formatted by PostgreSQL's to_char)
            return value
        # SQLite's stored text "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC)
        date, _, time = value.partition(" ")
        whole, _, fraction = time.partition(".")
        return f"{date}T{whole}.{fraction[:6].ljust(6, '0')}Z"
    if value.tzinfo is None:  # SQLite through Django's converters: naive, in UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def encode_row(row: tuple | list) -> bytes:
    """Canonical bytes of a record given as a row in :data:`FIELDS` order."""
    values = list(row)
    values[_AT] = timestamp(values[_AT])
    values[_ENDED] = timestamp(values[_ENDED])
    values[_EMERGENCY] = bool(values[_EMERGENCY])
    values[_INCIDENTAL] = bool(values[_INCIDENTAL])
    return _encode([VERSION_TAG, *values]).encode("ascii")


def encode_record(record) -> bytes:
    """Canonical bytes of a :class:`~zorgvuldig.audit.models.ProcessingLogRecord` instance."""
    return encode_row([getattr(record, f) for f in FIELDS])
