"""The organisation the IDOR matrix runs against (P13), built once per module through services.

Two teams, each with a case worker and a team lead, and a privacy officer. Resident A is
assigned to the north worker (so the north team lead reaches A too), resident B to the south
worker. Each has a full file under ``hulptrajecten`` -- note, signal with its informing task,
trajectory with a goal, consent with evidence, document -- and takes part in a project under
the consent-based ``projecten`` purpose. Every text about a resident carries that resident's
*marker* (also their surname): a marker of a resident out of an actor's reach must never appear
in any answer to that actor.

The north worker also holds an emergency-access grant, and an emergency-access alert about
them waits for review; one assignment per resident is the team's to end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories
from tests.backoffice.casework_data import give_consent, note, signal
from zorgvuldig.casework.models import Goal
from zorgvuldig.casework.services.notes import document_upload
from zorgvuldig.casework.services.projects import participation_add
from zorgvuldig.casework.services.trajectories import goal_add, trajectory_open
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.people.consent import consent_give
from zorgvuldig.people.models import InformingTask
from zorgvuldig.registry.models import LawfulGround
from zorgvuldig.staff.models import Assignment, EmergencyAccess, Role
from zorgvuldig.staff.services import assignment_create

SUPPORT = "hulptrajecten"
PROJECTS = "projecten"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ACTOR = factories.FIXTURE_ACTOR

# The actors of the matrix, by the name used in test ids.
ANONYMOUS = "anonymous"
WORKER = "worker"  # case worker assigned to resident A (team north)
TEAM_LEAD = "team_lead"  # team lead of north, the assigned worker's team
OTHER_WORKER = "other_worker"  # case worker of team south, assigned to resident B
OTHER_LEAD = "other_lead"  # team lead of south
PRIVACY_OFFICER = "privacy_officer"  # no casework: reaches no resident
ACTORS = (ANONYMOUS, OTHER_WORKER, WORKER, TEAM_LEAD, PRIVACY_OFFICER, OTHER_LEAD)


def pdf(name: str = "verslag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class File:
    """One resident's file: ids of everything in it, and the marker in every text."""

    marker: str
    resident_pk: int
    public_id: str
    birth_date: str
    note: int
    signal: int
    task: int
    trajectory: int
    goal: int
    consent: int
    project_consent: int
    document: int
    assignment: int


@dataclass
class World:
    employees: dict = field(default_factory=dict)  # actor name -> Employee
    a: File | None = None
    b: File | None = None
    garden: int = 0  # project with A and B as participants
    kitchen: int = 0  # project without participants, to add one
    grant: int = 0  # the north worker's emergency access
    alert: int = 0  # open emergency-access alert about the north worker
    naw: int = 0  # the "naw" data category
    sessions: dict = field(default_factory=dict)  # actor name -> logged-in session cookies

    def _in_reach(self, actor: str) -> File | None:
        return {WORKER: self.a, TEAM_LEAD: self.a, OTHER_WORKER: self.b, OTHER_LEAD: self.b}.get(
            actor
        )

    def markers_out_of_reach(self, actor: str) -> list[str]:
        """Markers and public ids of the residents ``actor`` may not see."""
        own = self._in_reach(actor)
        files = [f for f in (self.a, self.b) if f is not own]
        return [value for f in files for value in (f.marker, f.public_id)]

    def marker_in_reach(self, actor: str) -> str | None:
        """The marker of the resident ``actor`` may see (None: no resident in reach)."""
        own = self._in_reach(actor)
        return own.marker if own else None


def _file(marker: str, *, worker, birth_date: str, project, consent_project) -> File:
    resident = factories.resident(
        assign_to=worker,
        surname=marker,
        given_names="Idor",
        birth_date=birth_date,
        street=f"{marker}straat",
    )
    assignment_create(
        assigned_by=ACTOR, resident_id=resident.pk, activity=consent_project, employee=worker
    )
    written = note(resident, text=f"Huisbezoek bij {marker}: de post stapelt zich op.")
    reported = signal(resident, description=f"Buurvrouw van {marker} maakt zich zorgen.")
    with processing(actor=ACTOR, purpose=SUPPORT):
        task = InformingTask.objects.get(
            resident=resident, reason=InformingTask.Reason.SOURCE, activity__code=SUPPORT
        )
        trajectory = trajectory_open(
            actor=ACTOR,
            purpose=SUPPORT,
            resident=resident,
            question=f"{marker} wil hulp bij de administratie",
            start_date=timezone.localdate() - dt.timedelta(days=30),
            workers=[worker],
        )
        goal_add(actor=ACTOR, purpose=SUPPORT, trajectory=trajectory, description=f"{marker} doel")
        goal = Goal.objects.get(trajectory=trajectory)
        consent = consent_give(
            actor=ACTOR,
            purpose=SUPPORT,
            resident=resident,
            categories=[factories.category("naw")],
            method="written",
            notice_version="v1",
            explicit=False,
            evidence=pdf("toestemming.pdf"),
        )
        document = document_upload(
            actor=ACTOR,
            purpose=SUPPORT,
            resident=resident,
            uploaded=pdf(),
            title=f"Plan van {marker}",
        )
    project_consent = give_consent(resident, PROJECTS)
    with processing(actor=ACTOR, purpose=PROJECTS):
        participation_add(
            actor=ACTOR,
            purpose=PROJECTS,
            resident=resident,
            project=project,
            consent=project_consent,
            may_contact=True,
            joined_on=timezone.localdate(),
        )
    assignment = Assignment.objects.get(
        resident_id=resident.pk, employee=worker, activity__code=SUPPORT
    )
    return File(
        marker=marker,
        resident_pk=resident.pk,
        public_id=str(resident.public_id),
        birth_date=birth_date,
        note=written.pk,
        signal=reported.pk,
        task=task.pk,
        trajectory=trajectory.pk,
        goal=goal.pk,
        consent=consent.pk,
        project_consent=project_consent.pk,
        document=document.pk,
        assignment=assignment.pk,
    )


def build_world() -> World:
    """Make the organisation through the real services, as the test fixture (a system actor)."""
    from zorgvuldig.oversight.models import Alert, AlertKind

    support = factories.activity(SUPPORT)
    projects = factories.activity(
        PROJECTS, ground=LawfulGround.CONSENT, lawful_ground_detail="", purpose="Buurtprojecten"
    )
    north, south = factories.team("Team Noord"), factories.team("Team Zuid")
    world = World(naw=factories.category("naw").pk)
    world.employees = {
        WORKER: factories.employee(team_obj=north),
        TEAM_LEAD: factories.employee(role=Role.TEAM_LEAD, team_obj=north),
        OTHER_WORKER: factories.employee(team_obj=south),
        OTHER_LEAD: factories.employee(role=Role.TEAM_LEAD, team_obj=south),
        PRIVACY_OFFICER: factories.employee(role=Role.PRIVACY_OFFICER),
    }
    worker = world.employees[WORKER]
    garden = factories.project("Buurtmoestuin", team_obj=north)
    garden.refresh_from_db()  # the factory leaves start_date a string
    garden.coordinators.add(worker)
    world.garden = garden.pk
    world.kitchen = factories.project("Buurtkeuken", team_obj=north).pk
    world.a = _file(
        "Xanthippe",
        worker=worker,
        birth_date="1961-04-05",
        project=garden,
        consent_project=projects,
    )
    world.b = _file(
        "Zebedeus",
        worker=world.employees[OTHER_WORKER],
        birth_date="1957-09-30",
        project=garden,
        consent_project=projects,
    )
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        employee=worker,
        resident_id=world.a.resident_pk,
        activity=support,
        reason="Buurvrouw belt: mevrouw reageert niet op de deur en haar hulpverlener is ziek.",
        started_at=now,
        expires_at=now + dt.timedelta(hours=4),
    )
    world.grant = grant.pk
    world.alert = Alert.objects.create(
        kind=AlertKind.EMERGENCY_ACCESS,
        fingerprint=f"idor-matrix:{grant.pk}",
        key=str(grant.pk),
        actor_ref=worker.actor_ref,
        employee=worker,
        team=north,
        activity=support,
        subject_ref=subject_ref(world.a.resident_pk),
        emergency_access=grant,
        first_record_id=1,
        last_record_id=1,
        window_start=now,
        window_end=now,
    ).pk
    return world
