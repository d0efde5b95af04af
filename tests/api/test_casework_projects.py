"""Projects and participants over the API: projects hold no personal data; taking part rests on
the resident's consent (P01, P04, P13)."""

import uuid

import pytest

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Participation, ProjectActivity
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.registry.models import LawfulGround, ProcessingActivity
from zorgvuldig.staff.services import assignment_create

pytestmark = pytest.mark.django_db


def _participants(project, purpose="projecten"):
    return f"/api/purposes/{purpose}/projects/{project}/participants/"


def _consent(client, resident, purpose="projecten") -> dict:
    response = client.post(
        f"/api/purposes/{purpose}/residents/{resident.public_id}/consents/",
        {"categories": ["naw"], "method": "written", "notice_version": "2026-1"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.fixture
def garden(north, worker):
    project = factories.project("Buurtmoestuin", team_obj=north)
    project.coordinators.add(worker)
    ProjectActivity.objects.create(project=project, date="2026-03-01", title="Zaaidag")
    return project


def test_p01_any_employee_reads_projects_without_personal_data(garden, other_worker, client_for):
    client = client_for(other_worker)
    before = ProcessingLogRecord.objects.count()

    listed = client.get("/api/projects/")
    detail = client.get(f"/api/projects/{garden.pk}/")

    assert listed.status_code == detail.status_code == 200
    assert [p["name"] for p in listed.json()["results"]] == ["Buurtmoestuin"]
    body = detail.json()
    assert body["team"]["name"] == "Team Noord"
    assert [c["id"] for c in body["coordinators"]] == [garden.coordinators.get().pk]
    assert [a["title"] for a in body["activities"]] == ["Zaaidag"]
    assert ProcessingLogRecord.objects.count() == before  # no personal data, nothing to log


def test_unknown_project_is_404(db, worker, client_for):
    client = client_for(worker)

    assert client.get("/api/projects/999999/").status_code == 404
    assert client.get("/api/projects/geen-getal/").status_code == 404


def test_p04_resident_joins_a_project_on_the_basis_of_consent(
    by_consent, garden, worker, client_for
):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    client = client_for(worker)
    consent = _consent(client, resident)

    response = client.post(
        _participants(garden.pk),
        {"resident": str(resident.public_id), "consent": consent["id"], "may_contact": True},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["resident"]["public_id"] == str(resident.public_id)
    assert (body["may_contact"], body["consent"]) == (True, consent["id"])
    record = ProcessingLogRecord.objects.get(action="create", object_type="casework.participation")
    assert record.actor_ref == f"employee:{worker.pk}"
    assert record.subject_ref == subject_ref(resident.pk)
    assert client.get(_participants(garden.pk)).json()["results"] == [body]


def test_p04_withdrawn_consent_ends_participation_processing(
    by_consent, garden, worker, client_for, rows
):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    client = client_for(worker)
    consent = _consent(client, resident)
    client.post(
        _participants(garden.pk),
        {"resident": str(resident.public_id), "consent": consent["id"]},
        format="json",
    )

    client.post(f"/api/purposes/projecten/consents/{consent['id']}/withdraw/")

    assert client.get(_participants(garden.pk)).json()["count"] == 0
    assert rows(Participation) == 1  # kept for retention handling, no longer processed


def test_p04_participation_needs_this_residents_active_consent(
    by_consent, garden, worker, client_for, rows, writes
):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    other = factories.resident(purpose="projecten", assign_to=worker)
    client = client_for(worker)
    others_consent = _consent(client, other)
    own = _consent(client, resident)
    client.post(f"/api/purposes/projecten/consents/{own['id']}/withdraw/")
    before = (rows(Participation), writes())

    wrong_resident = client.post(
        _participants(garden.pk),
        {"resident": str(resident.public_id), "consent": others_consent["id"]},
        format="json",
    )
    withdrawn = client.post(
        _participants(garden.pk),
        {"resident": str(resident.public_id), "consent": own["id"]},
        format="json",
    )
    future = client.post(
        _participants(garden.pk),
        {
            "resident": str(other.public_id),
            "consent": others_consent["id"],
            "joined_on": "2999-01-01",
        },
        format="json",
    )

    assert wrong_resident.status_code == withdrawn.status_code == future.status_code == 400
    assert list(wrong_resident.json()["fields"]) == ["consent"]
    assert list(withdrawn.json()["fields"]) == ["consent"]
    assert list(future.json()["fields"]) == ["joined_on"]
    assert (rows(Participation), writes()) == before


def test_p01_a_resident_joins_a_project_once(by_consent, garden, worker, client_for):
    resident = factories.resident(purpose="projecten", assign_to=worker)
    client = client_for(worker)
    consent = _consent(client, resident)
    payload = {"resident": str(resident.public_id), "consent": consent["id"]}

    first = client.post(_participants(garden.pk), payload, format="json")
    second = client.post(_participants(garden.pk), payload, format="json")

    assert first.status_code == 201
    assert second.status_code == 400
    assert list(second.json()["fields"]) == ["project"]


def test_p01_a_participation_under_another_purpose_still_counts_once(
    by_consent, garden, worker, client_for, rows, writes
):
    # Purpose limitation: a participation is bound to its consent's purpose, so under a second
    # consent-based purpose the first one is invisible to the service's own check; the
    # constraint participation_once catches it and the answer is the field error, not a 500.
    factories.activity(
        "vrijwilligers", ground=LawfulGround.CONSENT, lawful_ground_detail="", purpose="Vrijwillig"
    )
    resident = factories.resident(purpose="projecten", assign_to=worker)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=ProcessingActivity.objects.get(code="vrijwilligers"),
        employee=worker,
    )
    client = client_for(worker)
    consent = _consent(client, resident)
    joined = client.post(
        _participants(garden.pk),
        {"resident": str(resident.public_id), "consent": consent["id"]},
        format="json",
    )
    assert joined.status_code == 201, joined.json()
    other_consent = _consent(client, resident, purpose="vrijwilligers")
    before = (rows(Participation), writes())

    again = client.post(
        _participants(garden.pk, "vrijwilligers"),
        {"resident": str(resident.public_id), "consent": other_consent["id"]},
        format="json",
    )

    assert again.status_code == 400
    assert again.json() == {
        "code": "validation_failed",
        "detail": "Controleer de gemarkeerde velden.",
        "fields": {"project": ["Deze inwoner doet al mee aan dit project."]},
    }
    assert (rows(Participation), writes()) == before
    # Nothing broke: both purposes answer normally afterwards, each with its own participants.
    assert client.get(_participants(garden.pk)).json()["count"] == 1
    assert client.get(_participants(garden.pk, "vrijwilligers")).json()["count"] == 0


def test_p13_participants_of_unassigned_residents_are_hidden_and_404(
    by_consent, garden, worker, other_worker, client_for, rows
):
    foreign = factories.resident(purpose="projecten", assign_to=other_worker)
    other_client = client_for(other_worker)
    consent = _consent(other_client, foreign)
    payload = {"resident": str(foreign.public_id), "consent": consent["id"]}
    assert other_client.post(_participants(garden.pk), payload, "json").status_code == 201
    client = client_for(worker)

    listed = client.get(_participants(garden.pk))
    answers = [
        client.post(_participants(garden.pk), payload, "json"),
        client.post(_participants(garden.pk), {**payload, "resident": str(uuid.uuid4())}, "json"),
        client.get(_participants(999999)),
        client.post(_participants(999999), payload, "json"),
    ]

    assert listed.json()["count"] == 0
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert rows(Participation) == 1
