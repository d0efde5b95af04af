"""Writes of resident data, each inside the processing gate and atomic (P03, P07, P08, P13)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.gate import processing_atomic
from zorgvuldig.people.informing import informing_task_open
from zorgvuldig.people.models import (
    PERSONAL_FIELDS,
    DataSource,
    InformingTask,
    Resident,
    SourceKind,
)
from zorgvuldig.people.validation import resident_clean
from zorgvuldig.staff.services import assignment_create_for_actor


def _record_sources(*, ctx, resident: Resident, fields, kind: str, source_name: str) -> None:
    DataSource.objects.bulk_create(
        [
            DataSource(
                resident=resident,
                field_name=name,
                kind=kind,
                source_name=source_name,
                activity=ctx.activity,
            )
            for name in fields
        ]
    )


def _source_errors(kind: str, source_name: str) -> dict[str, list[str]]:
    """Field errors of the source of the data (P07); empty when it is in order."""
    if kind not in SourceKind.values:
        return {"source_kind": [_("Kies een bron.")]}
    if kind != SourceKind.RESIDENT and not source_name.strip():
        return {"source_name": [_("Vermeld wie de gegevens heeft verstrekt.")]}
    return {}


def _clean(*, data: dict, activity, partial: bool, source_kind: str, source_name: str) -> dict:
    """Clean the resident fields and check the source; one ValidationFailed with all errors."""
    errors = _source_errors(source_kind, source_name)
    try:
        cleaned = resident_clean(data=data, activity=activity, partial=partial)
    except ValidationFailed as exc:
        errors = {**exc.fields, **errors}
    if errors:
        raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=errors)
    return cleaned


def _open_informing(
    *, ctx, resident: Resident, source_kind: str, source_name: str, interest: bool = True
) -> None:
    """Open the informing tasks this processing brings (P07: other source; P06: interests)."""
    if source_kind != SourceKind.RESIDENT:
        label = SourceKind(source_kind).label
        informing_task_open(
            ctx=ctx,
            resident=resident,
            reason=InformingTask.Reason.SOURCE,
            source_description=f"{label}: {source_name.strip()}",
        )
    if interest and ctx.activity.requires_informing:
        informing_task_open(ctx=ctx, resident=resident, reason=InformingTask.Reason.INTEREST)


def resident_register(
    *, actor, purpose, data: dict, source_kind: str = SourceKind.RESIDENT, source_name: str = ""
) -> Resident:
    """Register a new resident under ``purpose``; the registering worker is assigned."""
    with processing_atomic(actor=actor, purpose=purpose) as ctx:
        cleaned = _clean(
            data=data,
            activity=ctx.activity,
            partial=False,
            source_kind=source_kind,
            source_name=source_name,
        )
        resident = Resident(**cleaned)
        resident.save()
        assignment_create_for_actor(actor=actor, resident_id=resident.pk, activity=ctx.activity)
        ctx.forget_scope()
        provided = [f for f in PERSONAL_FIELDS if cleaned.get(f) not in (None, "")]
        _record_sources(
            ctx=ctx,
            resident=resident,
            fields=provided,
            kind=source_kind,
            source_name=source_name.strip(),
        )
        _open_informing(
            ctx=ctx, resident=resident, source_kind=source_kind, source_name=source_name
        )
        return resident


def resident_update(
    *,
    actor,
    purpose,
    resident: Resident,
    data: dict,
    source_kind: str = SourceKind.RESIDENT,
    source_name: str = "",
) -> Resident:
    """Change a resident's data; each changed datum records its (new) source."""
    with processing_atomic(actor=actor, purpose=purpose) as ctx:
        cleaned = _clean(
            data=data,
            activity=ctx.activity,
            partial=True,
            source_kind=source_kind,
            source_name=source_name,
        )
        changed = [f for f, v in cleaned.items() if getattr(resident, f) != v]
        if not changed:
            return resident
        for name in changed:
            setattr(resident, name, cleaned[name])
        resident.save()
        _record_sources(
            ctx=ctx,
            resident=resident,
            fields=changed,
            kind=source_kind,
            source_name=source_name.strip(),
        )
        _open_informing(
            ctx=ctx,
            resident=resident,
            source_kind=source_kind,
            source_name=source_name,
            interest=False,
        )
        return resident
