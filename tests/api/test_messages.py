"""Error messages are fixed Dutch texts that never repeat what was sent (P12).

DRF's own texts are English ("Must be a valid boolean."), half Dutch ("Date heeft het verkeerde
formaat ...") or repeat input (the JSON parser's error, the media type, the method). The API
replaces them; these tests pin the Dutch texts and check that nothing sent comes back.
"""

import re
from pathlib import Path

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

API = Path(__file__).resolve().parents[2] / "src" / "zorgvuldig" / "api"
RESIDENTS = "/api/purposes/hulptrajecten/residents/"
SIGNALS = "/api/purposes/hulptrajecten/signals/"

BOOLEAN = "Kies ja of nee: true of false."
DATE = "Geef een datum op als JJJJ-MM-DD, zoals 2026-01-31."
DATETIME = "Geef een datum en tijd op als JJJJ-MM-DDTuu:mm, zoals 2026-01-31T09:30+01:00."
PARSE = (
    "De inhoud van het verzoek is niet te lezen. Stuur geldige JSON (bij een upload: een "
    "geldig multipart-formulier)."
)
ENGLISH = ("Must be", "Expecting", "JSON parse error", "format", "valid", "Unsupported")


def _no_echo(response, *sent):
    """Nothing sent comes back, and the texts for people have no English in them."""
    content = response.content.decode()
    for value in sent:
        assert value not in content, value
    body = response.json()
    texts = [body["detail"], *(m for messages in body["fields"].values() for m in messages)]
    for english in ENGLISH:
        assert not any(english in text for text in texts), english


def test_malformed_json_has_a_fixed_dutch_text_without_the_input(support, worker, client_for):
    response = client_for(worker).post(
        RESIDENTS,
        data='{"surname": "Zwanenburg", geheim: 1}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": PARSE, "fields": {}}
    _no_echo(response, "Zwanenburg", "geheim", "line 1", "column")


def test_boolean_in_the_query_string_has_a_dutch_message(support, worker, client_for):
    response = client_for(worker).get(SIGNALS, {"open": "misschien"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"open": [BOOLEAN]}
    _no_echo(response, "misschien")


def test_boolean_in_the_body_has_a_dutch_message(support, worker, client_for):
    response = client_for(worker).post(
        SIGNALS + "search/", {"search": "", "open": "misschien"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"open": [BOOLEAN]}
    _no_echo(response, "misschien")


def test_date_has_a_dutch_message(support, worker, client_for):
    response = client_for(worker).post(
        RESIDENTS,
        {"given_names": "Femke", "surname": "Zwanenburg", "birth_date": "12-04-1961"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"birth_date": [DATE]}
    _no_echo(response, "12-04-1961", "Femke", "Zwanenburg", "Date heeft", "YYYY")


def test_datetime_has_a_dutch_message(support, worker, client_for):
    resident = factories.resident(assign_to=worker)

    response = client_for(worker).post(
        SIGNALS,
        {
            "resident": str(resident.public_id),
            "kind": "problem",
            "description": "Post stapelt zich op",
            "reporter_kind": "resident",
            "channel": "phone",
            "received_at": "gisteren om negen uur",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"received_at": [DATETIME]}
    _no_echo(response, "gisteren", "Datetime", "hh:mm")


def test_other_drf_errors_do_not_repeat_the_request(support, worker, client_for):
    client = client_for(worker)

    media = client.post(RESIDENTS, data="surname=Zwanenburg", content_type="text/x-geheim")
    method = client.delete(RESIDENTS)

    assert media.status_code == 415
    assert media.json()["code"] == "unsupported_media_type"
    assert "application/json" in media.json()["detail"]
    _no_echo(media, "x-geheim", "Zwanenburg")
    assert method.status_code == 405
    assert method.json()["detail"] == "Deze HTTP-methode is hier niet toegestaan."
    _no_echo(method, "DELETE")


def test_api_modules_use_the_dutch_boolean_and_date_fields():
    # api/fields.py defines BooleanField, DateField and DateTimeField with Dutch messages; DRF's
    # own would answer in English again.
    pattern = re.compile(r"serializers\.(BooleanField|DateField|DateTimeField)\b")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(API.glob("*.py"))
        if path.name != "fields.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]

    assert offenders == []
