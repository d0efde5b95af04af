"""The register pages (P15): readable by every employee, exportable by the FG and admins."""

import csv
import io
import json

import pytest
from django.urls import reverse

from tests import factories
from zorgvuldig.registry.models import ProcessingActivity, Recipient
from zorgvuldig.registry.services import activity_save
from zorgvuldig.staff.models import Role


@pytest.fixture
def care(db):
    health = factories.category("gezondheid", special_kind="health")
    return factories.activity(
        "wijkzorg",
        categories=[factories.category("naw"), health],
        art9_exemption="h",
        art9_detail="UAVG art. 30 lid 3",
        subject_categories="Inwoners\nMantelzorgers",
    )


def test_any_employee_reads_the_register(as_employee, support, care, worker):
    client = as_employee(worker)
    listing = client.get(reverse("backoffice:register_list")).content.decode()
    assert support.name in listing
    assert care.name in listing
    assert reverse("backoffice:register_export_json") not in listing  # no export for workers

    detail = client.get(reverse("backoffice:register_detail", args=["wijkzorg"]))
    body = detail.content.decode()
    assert detail.status_code == 200
    for text in (
        care.purpose,
        "Taak van algemeen belang",
        "h. Gezondheidszorg en sociale diensten",
        "bijzonder: Gezondheid",
        "Mantelzorgers",
        care.retention_period,
        care.security_measures,
        care.dpo_contact,
        "Versiegeschiedenis",
        "Eerste versie",
    ):
        assert text in body, text


def test_register_detail_shows_what_changed_per_version(as_employee, care, worker):
    care.retention_period = "20 jaar"
    activity_save(
        changed_by="test",
        activity=care,
        data_categories=care.data_categories.all(),
        recipients=[Recipient.objects.create(name="GGD", kind="authority")],
    )
    body = as_employee(worker).get(reverse("backoffice:register_detail", args=["wijkzorg"]))
    text = body.content.decode()
    assert "Bewaartermijn" in text
    assert "Ontvangers" in text
    assert "GGD" in text


def test_unknown_register_entry_is_404(as_employee, worker):
    response = as_employee(worker).get(reverse("backoffice:register_detail", args=["nee"]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.TEAM_LEAD])
def test_register_export_is_refused_for_casework_roles(as_employee, support, role):
    client = as_employee(factories.employee(role=role))
    for name in ("register_export_json", "register_export_csv"):
        response = client.get(reverse(f"backoffice:{name}"))
        assert response.status_code == 403
        assert "Alleen de privacyfunctionaris en beheerders" in response.content.decode()


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.ADMINISTRATOR])
def test_register_export_is_a_parseable_download(as_employee, support, care, role):
    client = as_employee(factories.employee(role=role))

    as_json = client.get(reverse("backoffice:register_export_json"))
    assert as_json.status_code == 200
    assert as_json["Content-Disposition"].startswith("attachment;")
    assert ".json" in as_json["Content-Disposition"]
    rows = json.loads(as_json.content)["processing_activities"]
    assert {r["code"] for r in rows} == set(
        ProcessingActivity.objects.values_list("code", flat=True)
    )

    as_csv = client.get(reverse("backoffice:register_export_csv"))
    assert as_csv.status_code == 200
    assert as_csv["Content-Disposition"].startswith("attachment;")
    assert as_csv["Content-Type"].startswith("text/csv")
    parsed = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8"))))
    assert {r["code"] for r in parsed} == {"hulptrajecten", "wijkzorg"}
    assert next(r for r in parsed if r["code"] == "wijkzorg")["special_categories"] == "health"
