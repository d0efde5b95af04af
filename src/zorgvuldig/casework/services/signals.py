"""Signals about residents: intake with their source, and triage (P01, P03, P07)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgvuldig.casework.models import (
    Channel,
    NeighbourhoodSignal,
    Outcome,
    Project,
    ReporterKind,
    Signal,
    SignalKind,
    Urgency,
)
from zorgvuldig.casework.services._checks import Errors, years_ago
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.gate import processing_atomic
from zorgvuldig.people.informing import informing_task_open
from zorgvuldig.people.models import InformingTask, Resident, SourceKind
from zorgvuldig.people.services import resident_register


def _intake_fields(
    errors: Errors, *, kind, description, reporter_kind, reporter_detail, channel, received_at
) -> dict:
    fields = {
        "kind": errors.choice("kind", kind, SignalKind),
        "description": errors.text("description", description, limit=5000),
        "reporter_kind": errors.choice("reporter_kind", reporter_kind, ReporterKind),
        "reporter_detail": errors.text(
            "reporter_detail", reporter_detail, limit=200, required=False
        ),
        "channel": errors.choice("channel", channel, Channel),
        "received_at": errors.date_not_future("received_at", received_at, earliest=years_ago(1)),
    }
    if reporter_kind == ReporterKind.OTHER and not fields["reporter_detail"]:
        errors.add("reporter_detail", _("Vermeld wie het signaal heeft gemeld."))
    return fields


def signal_register(
    *,
    actor,
    purpose,
    resident: Resident,
    kind: str,
    description: str,
    reporter_kind: str,
    channel: str,
    reporter_detail: str = "",
    received_at=None,
) -> Signal:
    """Register a signal about a resident; a third-party reporter opens an informing task."""
    received_at = received_at or timezone.now()
    with processing_atomic(actor=actor, purpose=purpose) as ctx:
        errors = Errors()
        fields = _intake_fields(
            errors,
            kind=kind,
            description=description,
            reporter_kind=reporter_kind,
            reporter_detail=reporter_detail,
            channel=channel,
            received_at=received_at,
        )
        errors.raise_if_any()
        signal = Signal(
            resident=resident, activity=ctx.activity, recorded_by=actor.actor_ref, **fields
        )
        signal.save()
        if reporter_kind != ReporterKind.RESIDENT:
            source = ReporterKind(reporter_kind).label
            if fields["reporter_detail"]:
                source = f"{source}: {fields['reporter_detail']}"
            informing_task_open(
                ctx=ctx,
                resident=resident,
                reason=InformingTask.Reason.SOURCE,
                source_description=source,
                obtained_at=received_at,
            )
        return signal


def signal_triage(
    *,
    actor,
    purpose,
    signal: Signal,
    urgency: str,
    team=None,
    outcome: str = Outcome.OPEN,
    project: Project | None = None,
) -> Signal:
    """Triage a signal: urgency, team, and what follows (nothing, a trajectory, a project)."""
    with processing_atomic(actor=actor, purpose=purpose):
        errors = Errors()
        errors.choice("urgency", urgency, Urgency)
        errors.choice("outcome", outcome, Outcome)
        if outcome == Outcome.PROJECT and project is None:
            errors.add("project", _("Kies het project waar dit signaal toe leidt."))
        errors.raise_if_any()
        signal.urgency = urgency
        signal.team = team
        signal.outcome = outcome
        signal.project = project if outcome == Outcome.PROJECT else None
        signal.triaged_at = timezone.now()
        signal.save()
        return signal


@transaction.atomic
def neighbourhood_signal_register(
    *,
    actor,
    kind: str,
    neighbourhood: str,
    description: str,
    reporter_kind: str,
    channel: str,
    received_at=None,
    team=None,
) -> NeighbourhoodSignal:
    """Register a signal about a neighbourhood (no personal data, so no gate)."""
    received_at = received_at or timezone.now()
    errors = Errors()
    fields = {
        "kind": errors.choice("kind", kind, SignalKind),
        "neighbourhood": errors.text("neighbourhood", neighbourhood, limit=120),
        "description": errors.text("description", description, limit=5000),
        "reporter_kind": errors.choice("reporter_kind", reporter_kind, ReporterKind),
        "channel": errors.choice("channel", channel, Channel),
        "received_at": errors.date_not_future("received_at", received_at, earliest=years_ago(1)),
    }
    errors.raise_if_any()
    return NeighbourhoodSignal.objects.create(team=team, recorded_by=actor.actor_ref, **fields)


# Who reported a signal, as the source of the data of a resident registered with it (P07).
_REPORTER_SOURCES = {
    ReporterKind.RESIDENT: SourceKind.RESIDENT,
    ReporterKind.NEIGHBOUR: SourceKind.THIRD_PARTY,
}


def _reporter_source(reporter_kind: str, reporter_detail: str) -> tuple[str, str]:
    """The resident-data source (kind, name) that a signal's reporter stands for."""
    kind = _REPORTER_SOURCES.get(reporter_kind, SourceKind.REFERRER)
    if kind == SourceKind.RESIDENT:
        return kind, ""
    label = ReporterKind(reporter_kind).label if reporter_kind in ReporterKind.values else ""
    name = f"{label}: {reporter_detail.strip()}" if reporter_detail.strip() else str(label)
    return kind, name


def signal_register_new_resident(
    *,
    actor,
    purpose,
    resident_data: dict,
    kind: str,
    description: str,
    reporter_kind: str,
    channel: str,
    reporter_detail: str = "",
    received_at=None,
) -> Signal:
    """Register a resident not yet known together with a signal about them, all or nothing.

    The reporter is recorded as the source of the resident's data (P03, P07); errors in the
    resident's data and in the signal are reported together, and nothing is stored on any.
    """
    received_at = received_at or timezone.now()
    errors = Errors()
    _intake_fields(
        errors,
        kind=kind,
        description=description,
        reporter_kind=reporter_kind,
        reporter_detail=reporter_detail,
        channel=channel,
        received_at=received_at,
    )
    source_kind, source_name = _reporter_source(reporter_kind, reporter_detail or "")
    with processing_atomic(actor=actor, purpose=purpose):
        try:
            resident = resident_register(
                actor=actor,
                purpose=purpose,
                data=resident_data,
                source_kind=source_kind,
                source_name=source_name,
            )
        except ValidationFailed as exc:
            for field, messages in exc.fields.items():
                for message in messages:
                    errors.add(field, message)
            errors.raise_if_any()
            raise
        errors.raise_if_any()  # rolls the resident back
        return signal_register(
            actor=actor,
            purpose=purpose,
            resident=resident,
            kind=kind,
            description=description,
            reporter_kind=reporter_kind,
            channel=channel,
            reporter_detail=reporter_detail,
            received_at=received_at,
        )
