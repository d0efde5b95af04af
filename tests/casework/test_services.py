"""P01: the welfare work -- signals, trajectories with goals, projects with participants, notes
and documents -- through the gate, with bad input refused and nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Document, Participation, Signal, Trajectory
from zorgvuldig.casework.services.notes import document_upload
from zorgvuldig.casework.services.projects import participation_add, project_create
from zorgvuldig.casework.services.signals import signal_register, signal_triage
from zorgvuldig.casework.services.trajectories import (
    goal_add,
    goal_update,
    trajectory_open,
    trajectory_set_status,
)
from zorgvuldig.core.errors import GateRefused, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.consent import consent_give, consent_withdraw
from zorgvuldig.people.models import Resident
from zorgvuldig.registry.models import DataCategory, LawfulGround
from zorgvuldig.staff.models import Role

pytestmark = pytest.mark.django_db
TODAY = dt.date.today


def _count(model, purpose) -> int:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return model.objects.count()


def _mine(worker, purpose, **kw):
    resident = factories.resident(purpose=purpose, assign_to=worker, **kw)
    with processing(actor=worker, purpose=purpose):
        return Resident.objects.get(pk=resident.pk)


def test_p01_signal_about_a_problem_or_an_opportunity_is_registered_and_triaged(worker, north):
    signals = factories.activity("signalen")
    resident = _mine(worker, "signalen")
    signal = signal_register(
        actor=worker,
        purpose=signals,
        resident=resident,
        kind="opportunity",
        description="Wil graag vrijwilligerswerk doen",
        reporter_kind="resident",
        channel="visit",
    )
    signal_triage(
        actor=worker, purpose=signals, signal=signal, urgency="low", team=north, outcome="nothing"
    )
    with processing(actor=worker, purpose=signals):
        stored = Signal.objects.get(pk=signal.pk)
    assert (stored.kind, stored.urgency, stored.outcome) == ("opportunity", "low", "nothing")
    assert stored.triaged_at is not None
    assert (
        ProcessingLogRecord.objects.filter(
            actor_ref=worker.actor_ref, action="update", object_type="casework.signal"
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    ("field", "override"),
    [
        ("kind", {"kind": "gerucht"}),
        ("description", {"description": "  "}),
        ("reporter_kind", {"reporter_kind": "spion"}),
        ("channel", {"channel": "duif"}),
        ("received_at", {"received_at": timezone.now() + dt.timedelta(days=2)}),
        ("received_at", {"received_at": timezone.now() - dt.timedelta(days=800)}),
        ("reporter_detail", {"reporter_kind": "other", "reporter_detail": ""}),
    ],
)
def test_p01_bad_signal_input_stores_nothing(worker, field, override):
    signals = factories.activity("signalen")
    resident = _mine(worker, "signalen")
    data = {"kind": "problem", "description": "Zorgen", "reporter_kind": "gp", "channel": "phone"}
    data.update(override)
    with pytest.raises(ValidationFailed) as exc:
        signal_register(actor=worker, purpose=signals, resident=resident, **data)
    assert field in exc.value.fields
    assert _count(Signal, signals) == 0


def test_p01_trajectory_runs_from_intake_to_closed_with_goals(support, worker):
    resident = _mine(worker, "hulptrajecten")
    trajectory = trajectory_open(
        actor=worker,
        purpose=support,
        resident=resident,
        question="Schulden en huurachterstand",
        start_date=TODAY(),
    )
    goal = goal_add(
        actor=worker,
        purpose=support,
        trajectory=trajectory,
        description="Betalingsregeling met de verhuurder",
    )
    goal_update(
        actor=worker,
        purpose=support,
        goal=goal,
        progress="achieved",
        progress_note="Regeling getekend",
    )
    for status in ("intake", "lopend"):
        trajectory_set_status(actor=worker, purpose=support, trajectory=trajectory, status=status)
    with pytest.raises(ValidationFailed) as exc:
        trajectory_set_status(
            actor=worker, purpose=support, trajectory=trajectory, status="afgesloten"
        )
    assert "end_date" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        trajectory_set_status(
            actor=worker,
            purpose=support,
            trajectory=trajectory,
            status="afgesloten",
            end_date=TODAY() + dt.timedelta(days=1),
        )
    assert "end_date" in exc.value.fields
    trajectory_set_status(
        actor=worker, purpose=support, trajectory=trajectory, status="afgesloten", end_date=TODAY()
    )
    with processing(actor=worker, purpose=support):
        stored = Trajectory.objects.get(pk=trajectory.pk)
    assert (stored.status, stored.end_date) == ("afgesloten", TODAY())
    with pytest.raises(ValidationFailed):
        trajectory_set_status(actor=worker, purpose=support, trajectory=stored, status="lopend")


def test_p13_trajectory_workers_must_be_assigned(support, worker, north):
    colleague = factories.employee(team_obj=north)
    resident = _mine(worker, "hulptrajecten")
    with pytest.raises(ValidationFailed) as exc:
        trajectory_open(
            actor=worker,
            purpose=support,
            resident=resident,
            question="Hulp",
            start_date=TODAY(),
            workers=[worker, colleague],
        )
    assert "workers" in exc.value.fields
    assert _count(Trajectory, support) == 0


def test_p04_project_participation_rests_on_consent(worker, north):
    lead = factories.employee(role=Role.TEAM_LEAD, team_obj=north)
    projects = factories.activity("projecten", ground=LawfulGround.CONSENT, lawful_ground_detail="")
    project = project_create(
        actor=lead,
        name="Repair café",
        description="Samen repareren",
        team=north,
        start_date=TODAY(),
        coordinators=[worker],
    )
    resident = _mine(worker, "projecten")
    consent = consent_give(
        actor=worker,
        purpose=projects,
        resident=resident,
        categories=DataCategory.objects.filter(code="naw"),
        method="verbal",
        notice_version="2026-1",
    )
    participation_add(
        actor=worker,
        purpose=projects,
        resident=resident,
        project=project,
        consent=consent,
        may_contact=True,
    )
    assert _count(Participation, projects) == 1
    with pytest.raises(ValidationFailed) as exc:
        participation_add(
            actor=worker, purpose=projects, resident=resident, project=project, consent=consent
        )
    assert "project" in exc.value.fields
    consent_withdraw(actor=worker, purpose=projects, consent=consent)
    with processing(actor=worker, purpose=projects):
        assert list(Participation.objects.all()) == []


def test_p01_only_the_team_lead_starts_a_project(worker, north):
    with pytest.raises(GateRefused):
        project_create(actor=worker, name="X", description="Y", team=north, start_date=TODAY())


def test_p12_document_is_stored_after_checks_and_refused_otherwise(
    support, worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    resident = _mine(worker, "hulptrajecten")
    pdf = SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n%%EOF\n")
    document = document_upload(
        actor=worker,
        purpose=support,
        resident=resident,
        uploaded=pdf,
        title="Brief van de verhuurder",
    )
    assert document.content_type == "application/pdf"
    assert not (tmp_path / document.file.name).read_bytes().startswith(b"%PDF")  # encrypted
    with processing(actor=worker, purpose=support):
        assert document.file.read_plain().startswith(b"%PDF")
    fake = SimpleUploadedFile("nep.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    with pytest.raises(ValidationFailed) as exc:
        document_upload(actor=worker, purpose=support, resident=resident, uploaded=fake)
    assert "file" in exc.value.fields
    assert _count(Document, support) == 1
    assert len(list(tmp_path.rglob("*.pdf"))) == 1


def test_p13_document_for_unassigned_resident_leaves_no_file(
    support, worker, other_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    resident = _mine(worker, "hulptrajecten")
    with pytest.raises(GateRefused):
        document_upload(
            actor=other_worker,
            purpose=support,
            resident=resident,
            uploaded=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n"),
        )
    assert list(tmp_path.rglob("*.pdf")) == []


def test_p12_refused_consent_leaves_no_evidence_file(worker, other_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    projects = factories.activity("projecten", ground=LawfulGround.CONSENT, lawful_ground_detail="")
    resident = _mine(worker, "projecten")
    with pytest.raises(GateRefused):
        consent_give(
            actor=other_worker,
            purpose=projects,
            resident=resident,
            categories=DataCategory.objects.filter(code="naw"),
            method="written",
            notice_version="2026-1",
            evidence=SimpleUploadedFile("Jansen_toestemming.pdf", b"%PDF-1.4\n"),
        )
    assert list(tmp_path.rglob("*")) == []


def test_p12_stored_file_names_reveal_nothing(support, worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resident = _mine(worker, "hulptrajecten")
    document = document_upload(
        actor=worker,
        purpose=support,
        resident=resident,
        uploaded=SimpleUploadedFile("Piet_Jansen_schulden.pdf", b"%PDF-1.4\n"),
    )
    assert document.original_name == "Piet_Jansen_schulden.pdf"
    assert "Jansen" not in document.file.name
    assert document.file.name.endswith(".pdf")
