"""The rows of a resident's file: each datum with the source it came from (P03, P07).

The BSN row appears only when the purpose has a legal basis for the BSN (UAVG art. 46).
The file also says when a consent-based purpose has no active consent (P04, P06), and when
the employee reaches it only through emergency access, until when (P13).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils import timezone

from zorgvuldig.backoffice.timeline import timeline_entries
from zorgvuldig.casework.selectors import resident_timeline
from zorgvuldig.core.context import current as current_context
from zorgvuldig.people.consent import consent_list
from zorgvuldig.people.informing import informing_tasks
from zorgvuldig.people.models import PERSONAL_FIELDS, DataSource, Resident
from zorgvuldig.people.selectors import resident_sources
from zorgvuldig.registry.models import LawfulGround
from zorgvuldig.staff.emergency import emergency_access_for

TIMELINE_PAGE_SIZE = 20


@dataclass
class FileRow:
    field_name: str
    label: str
    value: object
    source: DataSource | None = None
    earlier_sources: list[DataSource] = field(default_factory=list)


def resident_file_rows(
    *, resident: Resident, sources: list[DataSource], show_bsn: bool
) -> list[FileRow]:
    """One row per personal field, with its latest source and the ones before it."""
    by_field: dict[str, list[DataSource]] = {}
    for source in sorted(sources, key=lambda s: s.recorded_at, reverse=True):
        by_field.setdefault(source.field_name, []).append(source)
    rows = []
    for name in PERSONAL_FIELDS:
        if name == "bsn" and not show_bsn:
            continue
        history = by_field.get(name, [])
        rows.append(
            FileRow(
                field_name=name,
                label=Resident._meta.get_field(name).verbose_name,
                value=getattr(resident, name),
                source=history[0] if history else None,
                earlier_sources=history[1:],
            )
        )
    return rows


def consent_basis_missing(activity, consents) -> bool:
    """Whether the purpose rests on consent and this resident has no active consent for it.

    Then the gate stops the work under this purpose (P04, P06): the file says so up front.
    """
    if activity.lawful_ground != LawfulGround.CONSENT:
        return False
    return not any(c.is_active for c in consents)


def resident_file_context(*, actor, activity, resident: Resident, page_number) -> dict:
    """Everything the file page shows under ``activity``; call inside the open context.

    The number of queries is fixed, not per row: each kind of record is one query (plus its
    prefetches), whatever the length of the file.
    """
    sources = resident_sources(actor=actor, purpose=activity, resident=resident)
    timeline = resident_timeline(actor=actor, purpose=activity, resident=resident)
    consents = list(consent_list(actor=actor, purpose=activity, resident=resident))
    tasks = informing_tasks(actor=actor, purpose=activity, resident=resident)
    entries = timeline_entries(timeline)
    return {
        "activity": activity,
        "resident": resident,
        "rows": resident_file_rows(
            resident=resident, sources=sources, show_bsn=activity.uses_bsn()
        ),
        "timeline_page": Paginator(entries, TIMELINE_PAGE_SIZE).get_page(page_number),
        "timeline_total": len(entries),
        "consents": consents,
        "basis_missing": consent_basis_missing(activity, consents),
        # Tasks of this purpose only: each task is completed under the purpose it belongs to.
        "informing_tasks": list(tasks.filter(activity=activity)),
        "now": timezone.now(),
        "emergency_access": file_emergency_access(actor=actor, resident=resident),
    }


def file_emergency_access(*, actor, resident: Resident):
    """The actor's active emergency access to this file, for the banner (None: none).

    Asks the open context, which knows it already for the log (P14): no query for the usual
    file reached through an assignment.
    """
    ctx = current_context()
    if ctx is None or not ctx.is_emergency(resident.pk):
        return None
    return emergency_access_for(employee=actor, activity=ctx.activity, resident_id=resident.pk)
