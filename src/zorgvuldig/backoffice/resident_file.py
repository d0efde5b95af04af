"""The rows of a resident's file: each datum with the source it came from (P03, P07).

The BSN row appears only when the purpose has a legal basis for the BSN (UAVG art. 46).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zorgvuldig.people.models import PERSONAL_FIELDS, DataSource, Resident


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
