"""Every casework operation passes the gate and documents the codes it can answer (P08, P09)."""

import re
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests import factories
from zorgvuldig.api.errors import ERROR_CODES

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
PURPOSE_PREFIX = "/api/purposes/{activity_code}/"
CASEWORK = ("signals", "trajectories", "notes", "consents", "informing", "documents", "projects")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _casework_operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if any(tag in CASEWORK for tag in operation.get("tags", [])):
                yield path, method, operation


def test_every_casework_area_is_in_the_schema(schema):
    tags = {tag for _p, _m, op in _casework_operations(schema) for tag in op["tags"]}

    assert tags == set(CASEWORK)


def test_p08_purpose_operations_document_the_gate(schema):
    operations = [o for o in _casework_operations(schema) if o[0].startswith(PURPOSE_PREFIX)]

    assert len(operations) >= 20
    for path, method, operation in operations:
        for code in ("not_authenticated", "no_confidentiality_declaration", "unknown_purpose"):
            assert f"`{code}`" in operation["description"], (path, method, code)
        assert "`log_unavailable`" in operation["description"], (path, method)
        assert {"401", "403", "503"} <= set(operation["responses"]), (path, method)
        if "{id}" in path or "{public_id}" in path:
            assert "`not_found`" in operation["description"], (path, method)
        if path.endswith("/search/"):
            # A search is a read with a body: the list's codes, and the body is parsed.
            for code in ("validation_failed", "parse_error", "not_found"):
                assert f"`{code}`" in operation["description"], (path, method, code)
        elif method in ("post", "patch"):
            for code in ("no_art9_ground", "no_consent", "validation_failed"):
                assert f"`{code}`" in operation["description"], (path, method, code)


def test_every_error_code_is_in_the_docs_table():
    table = set(re.findall(r"^\| \d{3} \| `([a-z_0-9]+)` \|", DOCS.read_text(), re.MULTILINE))

    assert set(ERROR_CODES) - {"actor_inactive"} <= table


ROUTES = [
    ("get", "/api/purposes/{p}/signals/"),
    ("post", "/api/purposes/{p}/signals/search/"),
    ("post", "/api/purposes/{p}/residents/search/"),
    ("get", "/api/purposes/{p}/trajectories/"),
    ("get", "/api/purposes/{p}/informing-tasks/"),
    ("get", "/api/purposes/{p}/residents/00000000-0000-4000-8000-000000000000/notes/"),
    ("post", "/api/purposes/{p}/residents/00000000-0000-4000-8000-000000000000/consents/"),
    ("get", "/api/purposes/{p}/documents/1/download/"),
    ("get", "/api/purposes/{p}/projects/1/participants/"),
]


@pytest.mark.parametrize("method,route", ROUTES)
def test_p09_employee_without_declaration_is_refused_by_the_gate(
    support, north, client_for, method, route
):
    undeclared = factories.employee(team_obj=north, declared=False)

    response = getattr(client_for(undeclared), method)(route.format(p="hulptrajecten"), {}, "json")

    assert response.status_code == 403
    assert response.json()["code"] == "no_confidentiality_declaration"


@pytest.mark.parametrize("method,route", ROUTES)
def test_p08_unknown_purpose_is_refused_by_the_gate(support, worker, client_for, method, route):
    response = getattr(client_for(worker), method)(route.format(p="bestaat-niet"), {}, "json")

    assert response.status_code == 403
    assert response.json()["code"] == "unknown_purpose"
