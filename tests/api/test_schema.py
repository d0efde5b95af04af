"""The OpenAPI schema: served, valid, and it documents each operation's error codes."""

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from zorgvuldig.api.errors import ERROR_CODES

pytestmark = pytest.mark.django_db

RESIDENT_OPERATIONS = {
    ("/api/purposes/{activity_code}/residents/", "get"),
    ("/api/purposes/{activity_code}/residents/", "post"),
    ("/api/purposes/{activity_code}/residents/{public_id}/", "get"),
    ("/api/purposes/{activity_code}/residents/{public_id}/", "patch"),
}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_is_served_to_anyone(anonymous):
    response = anonymous.get("/api/schema/")

    assert response.status_code == 200
    served = yaml.safe_load(response.content)
    assert "/api/purposes/{activity_code}/residents/" in served["paths"]


def test_schema_is_valid_openapi(schema):
    validate_schema(schema)


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning (unknown types, name clashes) into an
    # error, so a new endpoint that the schema cannot describe fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_schema_lists_every_api_operation(schema):
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}

    assert operations >= RESIDENT_OPERATIONS
    assert {
        ("/api/token/", "post"),
        ("/api/register/activities/", "get"),
        ("/api/register/activities/{code}/", "get"),
        ("/api/register/export.json", "get"),
        ("/api/register/export.csv", "get"),
    } <= operations


@pytest.mark.parametrize("path,method", sorted(RESIDENT_OPERATIONS))
def test_resident_operations_document_their_error_codes(schema, path, method):
    operation = schema["paths"][path][method]

    for code in ("not_authenticated", "no_confidentiality_declaration", "unknown_purpose"):
        assert f"`{code}`" in operation["description"]
    for status in ("401", "403", "503"):
        assert status in operation["responses"]
    if method == "post":
        assert "`role_not_allowed`" in operation["description"]
    if "{public_id}" in path:
        assert "`not_found`" in operation["description"]


def test_every_documented_code_is_in_the_code_table(schema):
    for item in schema["paths"].values():
        for operation in item.values():
            for line in operation.get("description", "").splitlines():
                if line.startswith("- `"):
                    assert line[3:].split("`")[0] in ERROR_CODES


def test_bsn_is_an_optional_field_of_the_resident(schema):
    resident = schema["components"]["schemas"]["Resident"]

    assert "bsn" in resident["properties"]
    assert "bsn" not in resident["required"]


SEARCHES = {
    "/api/purposes/{activity_code}/residents/search/": "ResidentSearchInput",
    "/api/purposes/{activity_code}/signals/search/": "SignalSearchInput",
}


def test_no_operation_takes_search_in_the_query_string(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            names = {p["name"].lower() for p in operation.get("parameters", [])}
            assert "search" not in names, (path, method)


@pytest.mark.parametrize("path,component", sorted(SEARCHES.items()))
def test_searches_are_posts_with_the_term_in_the_body(schema, path, component):
    operation = schema["paths"][path]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]

    assert set(schema["paths"][path]) == {"post"}
    assert body == {"$ref": f"#/components/schemas/{component}"}
    assert {"search", "page", "page_size"} <= set(
        schema["components"]["schemas"][component]["properties"]
    )
    page = schema["components"]["schemas"][answer["$ref"].rsplit("/", 1)[1]]
    assert set(page["properties"]) == {"count", "next", "previous", "results"}
    for code in ("validation_failed", "parse_error", "not_found", "log_unavailable"):
        assert f"`{code}`" in operation["description"]


@pytest.mark.parametrize(
    "path", ["/api/purposes/{activity_code}/residents/", "/api/purposes/{activity_code}/signals/"]
)
def test_lists_document_that_search_in_the_url_is_refused(schema, path):
    assert "`search_in_url_not_allowed`" in schema["paths"][path]["get"]["description"]
