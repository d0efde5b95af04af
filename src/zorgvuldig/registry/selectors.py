"""Reads of the register, including the export for the Autoriteit Persoonsgegevens (P15)."""

from __future__ import annotations

import csv
import io
import json

from django.db.models import QuerySet

from zorgvuldig.core.errors import NotFound
from zorgvuldig.registry.models import ProcessingActivity
from zorgvuldig.registry.services import activity_snapshot

EXPORT_COLUMNS = [
    "code",
    "name",
    "purpose",
    "lawful_ground",
    "lawful_ground_detail",
    "art9_exemption",
    "art9_detail",
    "bsn_legal_basis",
    "data_categories",
    "special_categories",
    "uses_bsn",
    "subject_categories",
    "recipients",
    "retention_policy",
    "retention_period",
    "security_measures",
    "controller_contact",
    "dpo_contact",
    "is_active",
    "version",
]


def activity_list(*, active_only: bool = False) -> QuerySet[ProcessingActivity]:
    qs = ProcessingActivity.objects.select_related("current_version").prefetch_related(
        "data_categories", "recipients"
    )
    return qs.filter(is_active=True) if active_only else qs


def register_rows() -> list[dict]:
    """Return one flat dict per activity, as the export formats show it."""
    rows = []
    for activity in activity_list():
        row = activity_snapshot(activity=activity)
        row["version"] = activity.current_version.number if activity.current_version else 0
        rows.append(row)
    return rows


def register_export_json() -> str:
    """The whole register as JSON (Art. 30 AVG)."""
    return json.dumps({"processing_activities": register_rows()}, ensure_ascii=False, indent=2)


def register_export_csv() -> str:
    """The whole register as CSV, lists joined with '; '."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in register_rows():
        writer.writerow(
            {
                key: "; ".join(map(str, value)) if isinstance(value, list) else value
                for key, value in row.items()
            }
        )
    return out.getvalue()


def activity_get(*, code: str) -> ProcessingActivity:
    """One activity by code, with its categories and recipients, or NotFound."""
    activity = activity_list().filter(code=code).first()
    if activity is None:
        raise NotFound()
    return activity
