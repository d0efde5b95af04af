import pytest
from django.urls import reverse

from tests import factories
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import Resident
from zorgvuldig.staff.models import Role


@pytest.fixture
def as_employee(client):
    """Log the test client in as an employee and return the client."""

    def login(employee):
        client.force_login(employee.user)
        return client

    return login


@pytest.fixture
def team_lead(north):
    return factories.employee(role=Role.TEAM_LEAD, team_obj=north)


@pytest.fixture
def privacy_officer(db):
    return factories.employee(role=Role.PRIVACY_OFFICER)


def resident_count(purpose: str = "hulptrajecten") -> int:
    """All residents, counted as the test fixture (the gate sees everything for it)."""
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return Resident.objects.count()


def list_url(code: str = "hulptrajecten") -> str:
    return reverse("backoffice:resident_list", args=[code])


def file_url(public_id, code: str = "hulptrajecten") -> str:
    return reverse("backoffice:resident_detail", args=[code, public_id])
