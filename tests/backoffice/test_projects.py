"""Projects in the back-office (P01, P04, P12, P13): projects for everyone, participants only
through the gate under the consent-based ``projecten`` purpose."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.backoffice.views import projects as views
from zorgvuldig.casework.models import Participation, Project, ProjectActivity
from zorgvuldig.casework.services.projects import participation_add
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.people.consent import consent_give, consent_withdraw
from zorgvuldig.registry.models import LawfulGround
from zorgvuldig.staff.models import Role

P = "projecten"
LIST_URL = reverse("backoffice:project_list")
CREATE_URL = reverse("backoffice:project_create")


@pytest.fixture
def projects_purpose(db):
    return factories.activity(
        P,
        name="Buurtprojecten",
        ground=LawfulGround.CONSENT,
        lawful_ground_detail="Toestemming bij aanmelding",
        categories=[factories.category("naw")],
    )


@pytest.fixture
def garden(north):
    project = factories.project("Buurtmoestuin", team_obj=north)
    project.refresh_from_db()  # the factory hands back its start date as a string
    return project


def detail_url(project) -> str:
    return reverse("backoffice:project_detail", args=[project.pk])


def add_url(project, resident=None) -> str:
    url = reverse("backoffice:participation_add", args=[project.pk])
    return f"{url}?inwoner={resident.public_id}" if resident is not None else url


def consenting(worker, **data):
    """A resident of ``worker`` under the projects purpose, with an active consent."""
    resident = factories.resident(purpose=P, assign_to=worker, **data)
    consent = consent_give(
        actor=worker,
        purpose=P,
        resident=resident,
        categories=[factories.category("naw")],
        method="written",
        notice_version="2026-1",
    )
    return resident, consent


def participant(worker, project, **data):
    resident, consent = consenting(worker, **data)
    participation_add(actor=worker, purpose=P, resident=resident, project=project, consent=consent)
    return resident, consent


def participation_count() -> int:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        return Participation.objects.count()


def join(resident, consent, **extra) -> dict:
    data = {
        "inwoner": str(resident.public_id),
        "consent": str(consent.pk),
        "joined_on": timezone.localdate().isoformat(),
    }
    data.update(extra)
    return data


# -- list and page ----------------------------------------------------------------------------


def test_p01_every_employee_sees_the_projects_paginated(as_employee, worker, south, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for name in ("Taalcafé", "Wandelgroep", "Maaltijdproject"):
        factories.project(name, team_obj=south)
    client = as_employee(worker)
    first = client.get(LIST_URL).content.decode()
    assert "3 projecten" in first
    assert "Pagina 1 van 2" in first
    assert "Team Zuid" in first
    second = client.get(LIST_URL, {"page": 2}).content.decode()
    assert "Pagina 2 van 2" in second
    assert "Nieuw project" not in first  # only team leads start projects


def test_project_list_empty_state(as_employee, worker):
    assert "Er zijn nog geen projecten." in as_employee(worker).get(LIST_URL).content.decode()


def test_project_list_query_count_is_bounded(
    as_employee, worker, north, django_assert_max_num_queries
):
    for i in range(10):
        factories.project(f"Project {i}", team_obj=north)
    client = as_employee(worker)
    # Session, user, employee, count, projects with teams, coordinators, their users: 7.
    with django_assert_max_num_queries(9):
        assert client.get(LIST_URL).status_code == 200


def test_missing_project_is_404(as_employee, worker):
    assert (
        as_employee(worker).get(reverse("backoffice:project_detail", args=[999])).status_code == 404
    )


# -- starting a project and planning activities ----------------------------------------------


def test_p01_team_lead_starts_a_project_with_coordinators(as_employee, team_lead, worker):
    client = as_employee(team_lead)
    form = client.get(CREATE_URL).content.decode()
    assert f'value="{worker.pk}"' in form
    response = client.post(
        CREATE_URL,
        {
            "name": "Repair café",
            "description": "Samen spullen repareren",
            "start_date": timezone.localdate().isoformat(),
            "coordinators": [str(worker.pk)],
        },
    )
    project = Project.objects.get(name="Repair café")
    assert response.status_code == 302
    assert response["Location"] == detail_url(project)
    assert list(project.coordinators.all()) == [worker]
    assert project.team == team_lead.team
    assert "Het project is aangemaakt." in client.get(response["Location"]).content.decode()


def test_project_with_bad_input_shows_field_errors_and_stores_nothing(as_employee, team_lead):
    today = timezone.localdate()
    response = as_employee(team_lead).post(
        CREATE_URL,
        {
            "name": "Taalcafé",
            "description": "Nederlands oefenen",
            "start_date": today.isoformat(),
            "end_date": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "De einddatum ligt vóór de startdatum." in body
    assert 'href="#id_end_date"' in body
    assert 'value="Taalcafé"' in body
    empty = as_employee(team_lead).post(CREATE_URL, {"name": "", "description": ""})
    assert "Dit veld is verplicht." in empty.content.decode()
    assert Project.objects.count() == 0


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.PRIVACY_OFFICER])
def test_only_team_leads_start_projects(as_employee, north, role):
    client = as_employee(factories.employee(role=role, team_obj=north))
    assert client.get(CREATE_URL).status_code == 403
    response = client.post(
        CREATE_URL, {"name": "X", "description": "Y", "start_date": "2026-01-01"}
    )
    assert response.status_code == 403
    assert "Uw rol geeft geen toegang" in response.content.decode()
    assert Project.objects.count() == 0


def test_p01_coordinator_plans_an_activity(as_employee, worker, garden):
    garden.coordinators.add(worker)
    client = as_employee(worker)
    url = reverse("backoffice:project_activity_add", args=[garden.pk])
    assert "Activiteit toevoegen" in client.get(detail_url(garden)).content.decode()
    day = timezone.localdate()
    response = client.post(url, {"date": day.isoformat(), "title": "Zaaidag"})
    assert response.status_code == 302
    page = client.get(detail_url(garden)).content.decode()
    assert "Zaaidag" in page
    early = client.post(url, {"date": "2020-01-01", "title": "Te vroeg"})
    assert "De activiteit ligt vóór de start van het project." in early.content.decode()
    assert list(ProjectActivity.objects.values_list("title", flat=True)) == ["Zaaidag"]


def test_other_employees_cannot_plan_activities(as_employee, other_worker, garden):
    client = as_employee(other_worker)
    assert "Activiteit toevoegen" not in client.get(detail_url(garden)).content.decode()
    url = reverse("backoffice:project_activity_add", args=[garden.pk])
    response = client.post(url, {"date": timezone.localdate().isoformat(), "title": "Stiekem"})
    assert response.status_code == 403
    assert ProjectActivity.objects.count() == 0


# -- participants ---------------------------------------------------------------------------


def test_p04_participant_is_added_on_the_basis_of_their_consent(
    as_employee, projects_purpose, worker, garden
):
    resident, consent = consenting(worker, surname="Deelnemer")
    client = as_employee(worker)
    choose = client.get(add_url(garden)).content.decode()
    assert str(resident.public_id) in choose
    step2 = client.get(add_url(garden, resident)).content.decode()
    assert f'value="{consent.pk}"' in step2
    response = client.post(add_url(garden), join(resident, consent, may_contact="on"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(garden)
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        participation = Participation.objects.get(resident_id=resident.pk)
    assert (participation.consent_id, participation.may_contact) == (consent.pk, True)
    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref, action="create", object_type="casework.participation"
    ).exists()
    page = client.get(detail_url(garden)).content.decode()
    assert "De inwoner is als deelnemer toegevoegd." in page
    assert "Deelnemer" in page and escape(resident.surname) in page


def test_p04_resident_without_consent_cannot_be_chosen(
    as_employee, projects_purpose, worker, garden
):
    resident = factories.resident(purpose=P, assign_to=worker)
    body = as_employee(worker).get(add_url(garden, resident)).content.decode()
    assert "geen geldige toestemming" in body
    assert 'name="consent"' not in body


def test_p04_consent_withdrawn_meanwhile_gives_the_services_message(
    as_employee, projects_purpose, worker, garden
):
    resident, consent = consenting(worker)
    client = as_employee(worker)
    client.get(add_url(garden, resident))
    consent_withdraw(actor=worker, purpose=P, consent=consent)
    response = client.post(add_url(garden), join(resident, consent))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Deze toestemming is ingetrokken." in body
    assert "Er is niets opgeslagen." in body
    assert participation_count() == 0


def test_p04_gate_refusal_for_missing_consent_is_explained_on_the_form(
    as_employee, projects_purpose, worker, garden
):
    # A consent recorded for a moment still to come: the gate's consent basis does not hold yet.
    resident = factories.resident(purpose=P, assign_to=worker)
    consent = consent_give(
        actor=worker,
        purpose=P,
        resident=resident,
        categories=[factories.category("naw")],
        method="verbal",
        notice_version="2026-1",
        given_at=timezone.now() + dt.timedelta(minutes=4),
    )
    response = as_employee(worker).post(add_url(garden), join(resident, consent))
    body = response.content.decode()
    assert response.status_code == 200
    assert "geen geldige toestemming" in body
    assert 'href="#id_consent' in body
    assert participation_count() == 0
    assert ProcessingLogRecord.objects.filter(
        subject_ref=subject_ref(resident.pk), status="refused", reason_code="no_consent"
    ).exists()


def test_p12_reading_participants_is_logged(as_employee, projects_purpose, worker, garden):
    resident, _consent = participant(worker, garden)
    as_employee(worker).get(detail_url(garden))
    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref,
        action="read",
        object_type="casework.participation",
        subject_ref=subject_ref(resident.pk),
    ).exists()


def test_p13_only_participants_the_gate_returns_are_shown(
    as_employee, projects_purpose, worker, other_worker, garden
):
    participant(worker, garden, surname="Zichtbaar")
    participant(other_worker, garden, surname="Onzichtbaar")
    _resident, consent = participant(worker, garden, surname="Ingetrokken")
    consent_withdraw(actor=worker, purpose=P, consent=consent)
    body = as_employee(worker).get(detail_url(garden)).content.decode()
    assert "Zichtbaar" in body
    assert "Onzichtbaar" not in body
    assert "Ingetrokken" not in body


def test_p13_choosing_another_teams_resident_is_the_same_404(
    as_employee, projects_purpose, worker, other_worker, garden
):
    theirs, consent = consenting(other_worker, surname="Niet-Van-Mij")
    client = as_employee(worker)
    assert "Niet-Van-Mij" not in client.get(add_url(garden)).content.decode()
    missing = client.get(f"{add_url(garden)}?inwoner=00000000-0000-0000-0000-000000000000")
    unreachable = client.get(add_url(garden, theirs))
    posted = client.post(add_url(garden), join(theirs, consent))
    assert missing.status_code == unreachable.status_code == posted.status_code == 404
    assert unreachable.content == missing.content == posted.content
    assert participation_count() == 0


def test_p09_without_a_declaration_the_project_shows_but_no_participants(
    as_employee, projects_purpose, worker, north, garden
):
    participant(worker, garden, surname="Geheim")
    newcomer = factories.employee(team_obj=north, declared=False)
    response = as_employee(newcomer).get(detail_url(garden))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Buurtmoestuin" in body
    assert "Geheim" not in body
    assert "geheimhoudingsverklaring" in body
    assert "Deelnemer toevoegen" not in body


def test_project_page_query_count_is_bounded(
    as_employee, projects_purpose, worker, garden, django_assert_max_num_queries
):
    for _ in range(5):
        participant(worker, garden)
    client = as_employee(worker)
    with django_assert_max_num_queries(15):  # 14, plus the session's second-factor device
        assert client.get(detail_url(garden)).status_code == 200
