"""The demo's casework: a case worker can do a day's work (issue 3, "done when").

Signals, trajectories, projects, notes, consents and informing tasks are there in every state,
the special-category notes only where the register or an explicit consent allows them, and the
main login ``hulpverlener`` finds open signals, overdue informing tasks, ongoing trajectories
and a resident whose consent was withdrawn. The demo is loaded once (``conftest.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from tests.demo.stored import stored_notes, table_count
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import (
    Document,
    Goal,
    NeighbourhoodSignal,
    Note,
    Outcome,
    Participation,
    Project,
    ReporterKind,
    Signal,
    SignalKind,
    Trajectory,
)
from zorgvuldig.core.context import SystemActor
from zorgvuldig.core.gate import processing
from zorgvuldig.demo.projects import NOTICE_VERSION
from zorgvuldig.people.basis import exempted_special_kinds
from zorgvuldig.people.informing import informing_tasks
from zorgvuldig.people.models import ConsentRecord, InformingTask
from zorgvuldig.registry.models import ProcessingActivity, SpecialKind
from zorgvuldig.staff.models import Employee, Team

FIXTURE = SystemActor("test-fixture")
pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _main() -> Employee:
    return Employee.objects.select_related("user", "team").get(user__username="hulpverlener")


# -- support trajectories -------------------------------------------------------------------


def test_every_trajectory_status_is_there_with_dates_that_fit():
    today = timezone.localdate()
    with processing(actor=FIXTURE, purpose="hulptrajecten"):
        trajectories = list(Trajectory.objects.all())
    assert len(trajectories) >= 80
    counts = Counter(t.status for t in trajectories)
    assert set(counts) == set(Trajectory.Status.values)
    assert min(counts.values()) >= 5
    for trajectory in trajectories:
        assert trajectory.start_date <= today
        if trajectory.status == Trajectory.Status.CLOSED:
            assert trajectory.start_date <= trajectory.end_date < today
        else:
            assert trajectory.end_date is None


def test_trajectories_have_one_to_three_goals_in_mixed_progress():
    with processing(actor=FIXTURE, purpose="hulptrajecten"):
        per_trajectory = Counter(Goal.objects.values_list("trajectory_id", flat=True))
        trajectories = Trajectory.objects.count()
        progress = Counter(Goal.objects.values_list("progress", flat=True))
        closed_open = Goal.objects.filter(
            trajectory__status=Trajectory.Status.CLOSED, progress=Goal.Progress.OPEN
        )
        assert not closed_open.exists()
    assert len(per_trajectory) == trajectories
    assert set(per_trajectory.values()) <= {1, 2, 3}
    assert set(progress) == set(Goal.Progress.values)


def test_trajectory_workers_are_assigned_to_the_resident():
    support = ProcessingActivity.objects.get(code="hulptrajecten")
    with processing(actor=FIXTURE, purpose=support):
        trajectories = list(Trajectory.objects.prefetch_related("workers"))
    shared = 0
    for trajectory in trajectories:
        workers = list(trajectory.workers.all())
        assert workers
        shared += len(workers) > 1
        for worker in workers:
            reach = worker.assignment_scope(support).filter(resident_id=trajectory.resident_id)
            assert reach.exists(), (trajectory.pk, worker.pk)
    assert shared > 0


# -- signals --------------------------------------------------------------------------------


def test_signals_mix_kinds_reporters_and_channels_over_sixty_days():
    now = timezone.now()
    with processing(actor=FIXTURE, purpose="signalen"):
        signals = list(Signal.objects.all())
        residents = {s.resident_id for s in signals}
    assert 75 <= len(signals) <= 90
    assert len(residents) >= 60
    assert {s.kind for s in signals} == set(SignalKind.values)
    reporters = {s.reporter_kind for s in signals}
    assert {
        ReporterKind.RESIDENT,
        ReporterKind.NEIGHBOUR,
        ReporterKind.GP,
        ReporterKind.MUNICIPALITY,
        ReporterKind.HOUSING,
        ReporterKind.COLLEAGUE,
    } <= reporters
    assert len({s.channel for s in signals}) >= 3
    assert all(now - dt.timedelta(days=62) < s.received_at <= now for s in signals)
    assert all(s.activity.code == "signalen" for s in signals)


def test_signals_are_open_or_triaged_to_every_outcome():
    with processing(actor=FIXTURE, purpose="signalen"):
        signals = list(Signal.objects.all())
    untriaged = [s for s in signals if s.triaged_at is None]
    triaged = [s for s in signals if s.triaged_at is not None]
    assert len(untriaged) >= 5
    assert all(s.outcome == Outcome.OPEN and not s.urgency for s in untriaged)
    assert {s.outcome for s in triaged} == {Outcome.NOTHING, Outcome.TRAJECTORY, Outcome.PROJECT}
    assert all(s.urgency and s.team_id for s in triaged)
    assert all(s.project_id for s in triaged if s.outcome == Outcome.PROJECT)


def test_signals_leading_to_a_trajectory_belong_to_residents_with_one():
    with processing(actor=FIXTURE, purpose="hulptrajecten"):
        with_trajectory = set(Trajectory.objects.values_list("resident_id", flat=True))
    with processing(actor=FIXTURE, purpose="signalen"):
        led = set(
            Signal.objects.filter(outcome=Outcome.TRAJECTORY).values_list("resident_id", flat=True)
        )
    assert led
    assert led <= with_trajectory


def test_neighbourhood_signals_name_a_place_and_no_person():
    signals = list(NeighbourhoodSignal.objects.all())
    assert len(signals) >= 10
    assert {s.kind for s in signals} == set(SignalKind.values)
    assert all(s.neighbourhood and s.recorded_by == "system:demo-loader" for s in signals)


# -- informing (P06, P07) ----------------------------------------------------------------------


def test_p07_third_party_signals_have_an_informing_task():
    with processing(actor=FIXTURE, purpose="signalen"):
        reported = set(
            Signal.objects.exclude(reporter_kind=ReporterKind.RESIDENT).values_list(
                "resident_id", flat=True
            )
        )
        tasks = set(
            InformingTask.objects.filter(reason=InformingTask.Reason.SOURCE).values_list(
                "resident_id", flat=True
            )
        )
    assert reported
    assert reported <= tasks


def test_informing_tasks_in_every_state():
    now = timezone.now()
    states = Counter()
    for code in ("signalen", "hulptrajecten", "buurtbemiddeling"):
        with processing(actor=FIXTURE, purpose=code):
            for task in InformingTask.objects.all():
                if task.status == InformingTask.Status.OPEN:
                    state = "overdue" if task.deadline < now else "open"
                    if state == "overdue":
                        assert task.obtained_at < now - dt.timedelta(days=28)
                else:
                    state = task.status
                states[state, task.reason] += 1
                if task.status == InformingTask.Status.INFORMED:
                    assert task.method and task.obtained_at <= task.informed_at <= now
                if task.status == InformingTask.Status.EXEMPTED:
                    assert task.reason == InformingTask.Reason.SOURCE
                    assert task.exemption == InformingTask.Exemption.SECRECY
                    assert len(task.exemption_reason) >= 10
                    assert task.completed_by == "system:demo-loader"
    assert states["open", "source"] and states["open", "interest"]
    assert states["overdue", "source"] >= 3
    assert states["informed", "source"] and states["informed", "interest"]
    assert states["exempted", "source"] >= 3


# -- projects and consent (P04) -------------------------------------------------------------


def test_projects_in_every_team_with_coordinators_and_activities():
    projects = list(Project.objects.prefetch_related("coordinators", "activities"))
    assert 3 <= len(projects) <= 5
    assert {p.team_id for p in projects} == set(Team.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    for project in projects:
        assert project.coordinators.exists()
        assert all(c.team_id == project.team_id for c in project.coordinators.all())
        dates = [a.date for a in project.activities.all()]
        assert len(dates) >= 3
        assert min(dates) >= project.start_date
    assert any(p.end_date and p.end_date < today for p in projects)
    assert any(max(a.date for a in p.activities.all()) > today for p in projects)
    main = _main()
    assert Project.objects.filter(coordinators=main).exists()


def test_every_participant_consented_some_withdrew():
    with processing(actor=FIXTURE, purpose="projecten"):
        consents = list(ConsentRecord.objects.prefetch_related("categories"))
        participations = list(Participation.objects.select_related("consent"))
    assert len(consents) >= 25
    assert {c.activity.code for c in consents} == {"projecten"}
    assert {c.notice_version for c in consents} == {NOTICE_VERSION}
    assert set(ConsentRecord.Method.values) == {c.method for c in consents}
    withdrawn = [c for c in consents if c.withdrawn_at is not None]
    assert 1 <= len(withdrawn) < len(consents)
    for consent in consents:
        codes = {c.code for c in consent.categories.all()}
        assert {"naw", "contact", "deelname"} <= codes
        assert ("religie" in codes) == consent.explicit
    assert any(c.explicit and c.withdrawn_at is None for c in consents)
    # Only participations on an active consent are reachable; everyone active takes part.
    assert all(p.consent.withdrawn_at is None for p in participations)
    assert all(p.consent.resident_id == p.resident_id for p in participations)
    active = {c.resident_id for c in consents if c.withdrawn_at is None}
    assert {p.resident_id for p in participations} == active


def test_p04_withdrawn_consent_stops_processing_but_the_rows_are_still_stored():
    with processing(actor=FIXTURE, purpose="projecten"):
        withdrawn = set(
            ConsentRecord.objects.filter(withdrawn_at__isnull=False).values_list(
                "resident_id", flat=True
            )
        )
        visible = Participation.objects.filter(resident_id__in=withdrawn).count()
        visible_notes = Note.objects.filter(resident_id__in=withdrawn).count()
    assert withdrawn
    assert visible == 0
    assert visible_notes == 0
    kept = [r for r in stored_notes() if r[0] == "projecten" and r[2] in withdrawn]
    assert kept  # the notes are there, awaiting retention handling
    with processing(actor=FIXTURE, purpose="projecten"):
        reachable = Participation.objects.count()
    assert table_count(Participation) > reachable


def test_written_consents_have_a_signed_form_as_pdf(demo_media):
    with processing(actor=FIXTURE, purpose="projecten"):
        consents = list(ConsentRecord.objects.all())
        written = [c for c in consents if c.method == ConsentRecord.Method.WRITTEN]
        assert written
        for consent in consents:
            assert bool(consent.evidence) == (consent.method == ConsentRecord.Method.WRITTEN)
        for consent in written:
            path = demo_media / consent.evidence.name
            assert not path.read_bytes().startswith(b"%PDF")  # encrypted at rest
            assert consent.evidence.read_plain().startswith(b"%PDF-1.4")


# -- notes and documents ------------------------------------------------------------------


def test_notes_under_several_purposes_and_contact_kinds():
    notes = stored_notes()
    per_activity = Counter(code for code, _kind, _resident in notes)
    assert set(per_activity) >= {
        "signalen",
        "hulptrajecten",
        "projecten",
        "buurtbemiddeling",
        "vrijwilligers",
        "klachten",
    }
    with processing(actor=FIXTURE, purpose="hulptrajecten"):
        kinds = set(Note.objects.values_list("kind", flat=True))
        on_trajectory = Note.objects.filter(trajectory__isnull=False).count()
    assert {Note.Kind.HOME_VISIT, Note.Kind.PHONE, Note.Kind.MEETING} <= kinds
    assert on_trajectory >= 150


def test_p04_special_category_notes_only_where_the_rules_allow_them():
    notes = stored_notes()
    special = [(code, kind, resident) for code, kind, resident in notes if kind]
    by_kind = defaultdict(set)
    for code, kind, _resident in special:
        by_kind[kind].add(code)
    assert by_kind[SpecialKind.HEALTH] == {"hulptrajecten"}
    assert by_kind[SpecialKind.RELIGION] == {"projecten"}
    for code, kind, resident in special:
        activity = ProcessingActivity.objects.get(code=code)
        if kind in exempted_special_kinds(activity):
            continue
        with processing(actor=FIXTURE, purpose=activity):
            explicit = ConsentRecord.objects.filter(
                resident_id=resident, explicit=True, categories__special_kind=kind
            )
            assert explicit.exists(), (code, kind)


def test_health_notes_are_readable_under_the_support_purpose_only():
    stored = sum(1 for code, kind, _r in stored_notes() if kind == SpecialKind.HEALTH)
    assert stored >= 10
    with processing(actor=FIXTURE, purpose="hulptrajecten"):
        assert Note.objects.filter(special_kind=SpecialKind.HEALTH).count() == stored
    with processing(actor=FIXTURE, purpose="signalen"):
        assert not Note.objects.filter(special_kind=SpecialKind.HEALTH).exists()


def test_documents_are_pdfs_on_trajectories(demo_media):
    with processing(actor=FIXTURE, purpose="hulptrajecten"):
        documents = list(Document.objects.all())
        assert len(documents) >= 5
        for document in documents:
            assert document.trajectory_id and document.content_type == "application/pdf"
            path = demo_media / document.file.name
            assert not path.read_bytes().startswith(b"%PDF")  # encrypted at rest
            plain = document.file.read_plain()
            assert plain.startswith(b"%PDF-1.4")
            assert len(plain) == document.size


# -- the main login's day -------------------------------------------------------------------


def test_hulpverlener_finds_open_signals_and_overdue_informing_tasks():
    main = _main()
    with processing(actor=main, purpose="signalen"):
        untriaged = Signal.objects.filter(triaged_at__isnull=True).count()
        overdue = informing_tasks(actor=main, purpose="signalen", overdue_only=True).count()
    assert untriaged >= 3
    assert overdue >= 2


def test_hulpverlener_has_trajectories_in_every_status_and_documents():
    main = _main()
    with processing(actor=main, purpose="hulptrajecten"):
        own = Trajectory.objects.filter(workers=main)
        statuses = Counter(own.values_list("status", flat=True))
        documents = Document.objects.filter(trajectory__workers=main).count()
        health = Note.objects.filter(
            trajectory__workers=main, special_kind=SpecialKind.HEALTH
        ).count()
    assert set(statuses) == set(Trajectory.Status.values)
    assert statuses[Trajectory.Status.ONGOING] >= 5
    assert documents >= 2
    assert health >= 1


def test_hulpverlener_has_a_project_resident_whose_consent_was_withdrawn():
    main = _main()
    with processing(actor=main, purpose="projecten"):
        withdrawn = list(ConsentRecord.objects.filter(withdrawn_at__isnull=False))
        assert withdrawn
        resident_ids = [c.resident_id for c in withdrawn]
        assert not Participation.objects.filter(resident_id__in=resident_ids).exists()
        assert Participation.objects.exists()  # the others still take part


def test_p12_casework_writes_are_logged_as_the_demo_loader():
    records = ProcessingLogRecord.objects.filter(actor_ref="system:demo-loader", status="ok")
    created = set(records.filter(action="create").values_list("object_type", flat=True))
    assert {
        "casework.signal",
        "casework.trajectory",
        "casework.goal",
        "casework.note",
        "casework.document",
        "casework.participation",
        "people.consentrecord",
        "people.informingtask",
    } <= created
    updated = set(records.filter(action="update").values_list("object_type", flat=True))
    assert {"casework.signal", "casework.trajectory", "people.informingtask"} <= updated
    assert {"people.consentrecord"} <= updated  # the withdrawals
