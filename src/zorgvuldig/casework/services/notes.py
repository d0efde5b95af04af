"""Notes (contact moments) and documents (P01, P04, P12).

A note classified as special-category data is refused by the gate without an explicit-consent
record or an Art. 9(2) exemption on its processing activity (people.basis).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from zorgvuldig.casework.models import Document, Note, Trajectory
from zorgvuldig.casework.services._checks import Errors, years_ago
from zorgvuldig.core.gate import processing_atomic
from zorgvuldig.core.uploads import files_removed_on_failure, validate_upload
from zorgvuldig.people.models import Resident
from zorgvuldig.registry.models import SpecialKind
from zorgvuldig.staff.models import Employee


def _check_trajectory(errors: Errors, trajectory: Trajectory | None, resident: Resident) -> None:
    if trajectory is not None and trajectory.resident_id != resident.pk:
        errors.add("trajectory", _("Dit traject hoort bij een andere inwoner."))


def note_write(
    *,
    actor,
    purpose,
    resident: Resident,
    occurred_on: dt.date,
    kind: str,
    text: str,
    special_kind: str = "",
    trajectory: Trajectory | None = None,
) -> Note:
    """Write a contact note under ``purpose``; special-category notes need an Art. 9 ground."""
    with processing_atomic(actor=actor, purpose=purpose) as ctx:
        errors = Errors()
        errors.date_not_future("occurred_on", occurred_on, earliest=years_ago(5))
        errors.choice("kind", kind, Note.Kind)
        text = errors.text("text", text, limit=20000)
        errors.choice("special_kind", special_kind, SpecialKind, required=False)
        _check_trajectory(errors, trajectory, resident)
        errors.raise_if_any()
        note = Note(
            resident=resident,
            activity=ctx.activity,
            trajectory=trajectory,
            occurred_on=occurred_on,
            kind=kind,
            text=text,
            special_kind=special_kind,
            author=actor if isinstance(actor, Employee) else None,
        )
        note.save()
        return note


def document_upload(
    *,
    actor,
    purpose,
    resident: Resident,
    uploaded,
    title: str = "",
    trajectory: Trajectory | None = None,
) -> Document:
    """Store an uploaded document after checking type, size and content (P12)."""
    with (
        files_removed_on_failure() as written,
        processing_atomic(actor=actor, purpose=purpose) as ctx,
    ):
        errors = Errors()
        title = errors.text("title", title, limit=200, required=False)
        _check_trajectory(errors, trajectory, resident)
        errors.raise_if_any()
        name, content_type, size = validate_upload(uploaded)
        document = Document(
            resident=resident,
            activity=ctx.activity,
            trajectory=trajectory,
            original_name=name,
            content_type=content_type,
            size=size,
            title=title or name,
            uploaded_by=actor.actor_ref,
        )
        document.gate_check_write(ctx, creating=True)  # refuse before writing any file
        document.file.save(name, uploaded, save=False)
        written.append(document.file)
        document.save()
        return document
