"""The register over the API: readable by employees, exported by FG and administrator (P15)."""

import csv
import io
import json

import pytest

from tests import factories
from zorgvuldig.registry.models import ProcessingActivity, Recipient
from zorgvuldig.registry.services import activity_save
from zorgvuldig.staff.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_activity(support):
    """An activity with a recipient and a second version."""
    recipient = Recipient.objects.create(name="Gemeente Amersfoort", kind=Recipient.Kind.AUTHORITY)
    activity = factories.activity("signalen", purpose="Signalen van zorg")
    activity = ProcessingActivity.objects.get(pk=activity.pk)
    activity.purpose = "Signalen van zorg en kansen"
    return activity_save(
        changed_by="test",
        activity=activity,
        data_categories=[factories.category("naw")],
        recipients=[recipient],
    )


def test_any_employee_lists_the_register(shared_activity, worker, client_for):
    body = client_for(worker).get("/api/register/activities/").json()

    assert body["count"] == 2
    by_code = {row["code"]: row for row in body["results"]}
    assert by_code["signalen"]["version"] == 2
    assert by_code["hulptrajecten"]["lawful_ground"] == "public_task"


def test_activity_detail_has_categories_recipients_and_version(shared_activity, worker, client_for):
    response = client_for(worker).get("/api/register/activities/signalen/")

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2
    assert body["purpose"] == "Signalen van zorg en kansen"
    assert [c["code"] for c in body["data_categories"]] == ["naw"]
    assert body["recipients"] == [
        {
            "name": "Gemeente Amersfoort",
            "kind": "authority",
            "country": "Nederland",
            "agreement_reference": "",
        }
    ]


def test_unknown_activity_is_404(support, worker, client_for):
    response = client_for(worker).get("/api/register/activities/bestaat-niet/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


EXPORTS = ["/api/register/export.json", "/api/register/export.csv"]


@pytest.mark.parametrize("url", EXPORTS)
@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.TEAM_LEAD])
def test_export_refused_to_other_roles(support, client_for, url, role):
    response = client_for(factories.employee(role=role)).get(url)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.ADMINISTRATOR])
def test_p15_export_json_is_parseable(shared_activity, client_for, role):
    response = client_for(factories.employee(role=role)).get(EXPORTS[0])

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    rows = json.loads(response.content)["processing_activities"]
    assert {row["code"] for row in rows} == {"hulptrajecten", "signalen"}
    assert {row["version"] for row in rows} == {1, 2}


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.ADMINISTRATOR])
def test_p15_export_csv_is_parseable(shared_activity, client_for, role):
    response = client_for(factories.employee(role=role)).get(EXPORTS[1], HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_code = {row["code"]: row for row in rows}
    assert set(by_code) == {"hulptrajecten", "signalen"}
    assert by_code["signalen"]["recipients"] == "Gemeente Amersfoort"
