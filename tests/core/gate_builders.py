"""One builder per personal-data model, so the gate tests cover every model.

A new PersonalDataModel without a builder here makes `test_every_personal_data_model_has_a_builder`
fail: the gate matrix must never silently skip a model.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.utils import timezone

from tests import factories
from zorgvuldig.casework.models import Document, Goal, Note, Participation, Signal, Trajectory
from zorgvuldig.core.gate import processing
from zorgvuldig.core.models import PersonalDataModel
from zorgvuldig.people.models import ConsentRecord, DataSource, InformingTask, Resident


def personal_data_models() -> list[type[PersonalDataModel]]:
    """Every concrete model carrying the PersonalDataModel marker."""
    return sorted(
        (m for m in apps.get_models() if issubclass(m, PersonalDataModel)),
        key=lambda m: m._meta.label,
    )


def _resident(resident: Resident, activity) -> Resident:
    return resident


def _data_source(resident: Resident, activity) -> DataSource:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=activity):
        source = DataSource(
            resident=resident,
            field_name="phone",
            kind="third_party",
            source_name="huisarts",
            activity=activity,
        )
        source.save()
    return source


def _save(obj, activity):
    with processing(actor=factories.FIXTURE_ACTOR, purpose=activity):
        obj.save()
    return obj


def _trajectory(resident, activity):
    return _save(
        Trajectory(
            resident=resident,
            activity=activity,
            question="Hulp bij schulden",
            start_date=timezone.localdate(),
        ),
        activity,
    )


def _consent(resident, activity):
    return _save(
        ConsentRecord(
            resident=resident,
            activity=activity,
            method="written",
            notice_version="2026-1",
            given_at=timezone.now(),
            recorded_by="test",
        ),
        activity,
    )


BUILDERS: dict[type, Callable] = {
    Resident: _resident,
    DataSource: _data_source,
    ConsentRecord: _consent,
    InformingTask: lambda r, a: _save(
        InformingTask(
            resident=r,
            activity=a,
            reason="source",
            obtained_at=timezone.now(),
            deadline=timezone.now(),
        ),
        a,
    ),
    Trajectory: _trajectory,
    Goal: lambda r, a: _save(
        Goal(trajectory=_trajectory(r, a), resident=r, description="Schulden op orde"), a
    ),
    Signal: lambda r, a: _save(
        Signal(
            resident=r,
            activity=a,
            kind="problem",
            description="Zorgen om de buurman",
            reporter_kind="neighbour",
            channel="phone",
            received_at=timezone.now(),
            recorded_by="test",
        ),
        a,
    ),
    Participation: lambda r, a: _save(
        Participation(
            resident=r,
            project=factories.project(),
            joined_on=timezone.localdate(),
            consent=_consent(r, a),
        ),
        a,
    ),
    Note: lambda r, a: _save(
        Note(
            resident=r,
            activity=a,
            occurred_on=timezone.localdate(),
            kind="phone",
            text="Gebeld over de afspraak",
        ),
        a,
    ),
    Document: lambda r, a: _save(
        Document(
            resident=r,
            activity=a,
            file="documents/x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=10,
            title="x",
            uploaded_by="test",
        ),
        a,
    ),
}


def build(model, resident, activity):
    """Make (or find) one row of ``model`` belonging to ``resident``."""
    return BUILDERS[model](resident, activity)
