"""The team lead's assignment screen (P13)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests import factories
from tests.backoffice.conftest import list_url
from zorgvuldig.staff.models import Assignment, Role

URL = reverse("backoffice:team_assignments")


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.PRIVACY_OFFICER, Role.ADMINISTRATOR])
def test_assignment_screen_refused_for_other_roles(as_employee, support, north, role):
    client = as_employee(factories.employee(role=role, team_obj=north))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Alleen teamleiders" in response.content.decode()
    assert client.post(URL, {"doel": "hulptrajecten"}).status_code == 403


def test_team_lead_without_team_is_refused(as_employee, support):
    lead = factories.employee(role=Role.TEAM_LEAD)
    assert as_employee(lead).get(URL).status_code == 403


def test_team_lead_sees_team_assignments(as_employee, support, team_lead, worker, other_worker):
    factories.resident(assign_to=worker, surname="Teamlid-Inwoner")
    factories.resident(assign_to=other_worker, surname="Ander-Team")
    response = as_employee(team_lead).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Teamlid-Inwoner" in body
    assert "Ander-Team" not in body
    assert "Toewijzingen" in body


def test_team_lead_assigns_a_visible_resident_to_a_worker(
    as_employee, support, team_lead, worker, north
):
    colleague = factories.employee(team_obj=north)
    resident = factories.resident(assign_to=worker)
    client = as_employee(team_lead)
    form = client.get(URL).content.decode()
    assert str(resident.public_id) in form
    assert f"employee:{colleague.pk}" in form

    response = client.post(
        URL,
        {
            "doel": "hulptrajecten",
            "resident": str(resident.public_id),
            "target": f"employee:{colleague.pk}",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(resident_id=resident.pk, employee=colleague).exists()
    assert escape(resident.surname) in as_employee(colleague).get(list_url()).content.decode()


def test_team_lead_assigns_to_the_whole_team(as_employee, support, team_lead, worker, north):
    resident = factories.resident(assign_to=worker)
    as_employee(team_lead).post(
        URL,
        {
            "doel": "hulptrajecten",
            "resident": str(resident.public_id),
            "target": f"team:{north.pk}",
        },
    )
    assert Assignment.objects.filter(resident_id=resident.pk, team=north).exists()


def test_team_lead_cannot_assign_a_resident_outside_reach(
    as_employee, support, team_lead, worker, other_worker
):
    outside = factories.resident(assign_to=other_worker)
    factories.resident(assign_to=worker)  # so the lead has the purpose at all
    client = as_employee(team_lead)
    assert str(outside.public_id) not in client.get(URL).content.decode()
    response = client.post(
        URL,
        {
            "doel": "hulptrajecten",
            "resident": str(outside.public_id),
            "target": f"employee:{worker.pk}",
        },
    )
    assert response.status_code == 200
    assert "Controleer de gemarkeerde velden" in response.content.decode()
    assert not Assignment.objects.filter(resident_id=outside.pk, employee=worker).exists()


def test_team_lead_cannot_assign_to_someone_outside_the_team(
    as_employee, support, team_lead, worker, other_worker
):
    resident = factories.resident(assign_to=worker)
    response = as_employee(team_lead).post(
        URL,
        {
            "doel": "hulptrajecten",
            "resident": str(resident.public_id),
            "target": f"employee:{other_worker.pk}",
        },
    )
    assert response.status_code == 200
    assert not Assignment.objects.filter(resident_id=resident.pk, employee=other_worker).exists()


def test_team_lead_ends_an_assignment(as_employee, support, team_lead, worker):
    resident = factories.resident(assign_to=worker, surname="Beeindigd-Achternaam")
    assignment = Assignment.objects.get(resident_id=resident.pk, employee=worker)
    client = as_employee(team_lead)
    response = client.post(reverse("backoffice:assignment_end", args=[assignment.pk]))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_until is not None
    assert resident.surname not in as_employee(worker).get(list_url()).content.decode()


def test_team_lead_cannot_end_another_teams_assignment(
    as_employee, support, team_lead, other_worker
):
    resident = factories.resident(assign_to=other_worker)
    assignment = Assignment.objects.get(resident_id=resident.pk)
    response = as_employee(team_lead).post(
        reverse("backoffice:assignment_end", args=[assignment.pk])
    )
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.valid_until is None
