import html
import re
from urllib.parse import unquote_plus

import pytest
from django.urls import reverse

from tests import factories
from tests.auth import mfa_login
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import Resident


@pytest.fixture
def as_employee(client):
    """Log the test client in as an employee (both factors) and return the client."""

    def login(employee):
        return mfa_login(client, employee.user)

    return login


def resident_count(purpose: str = "hulptrajecten") -> int:
    """All residents, counted as the test fixture (the gate sees everything for it)."""
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return Resident.objects.count()


def list_url(code: str = "hulptrajecten") -> str:
    return reverse("backoffice:resident_list", args=[code])


def file_url(public_id, code: str = "hulptrajecten") -> str:
    return reverse("backoffice:resident_detail", args=[code, public_id])


# -- searches: the term is POSTed, kept in the session, never in a URL --------------------------

URL_ATTRIBUTE = re.compile(r'\b(?:href|action|src|formaction)="([^"]*)"')


def search(client, url: str, term: str = "", **fields):
    """POST a search to a list, as its form does; returns the redirect (not followed)."""
    return client.post(url, {"q": term, **fields})


def clear_search(client, url: str):
    return client.post(url, {"wissen": "1"})


def urls_of(response) -> list[str]:
    """Every URL the response points to: its own, a redirect's Location, every link and form."""
    urls = [response.wsgi_request.get_full_path()]
    if response.has_header("Location"):
        urls.append(response["Location"])
    if not getattr(response, "streaming", False):
        urls += URL_ATTRIBUTE.findall(response.content.decode())
    return [unquote_plus(html.unescape(url)) for url in urls]


def assert_term_in_no_url(response, *terms: str) -> None:
    """No search term, in any spelling, is part of a URL the response carries or points to."""
    for url in urls_of(response):
        squashed = url.lower().replace(" ", "")
        for term in terms:
            assert term.lower().replace(" ", "") not in squashed, url
        query = url.split("#")[0].partition("?")[2]
        assert all(not part.startswith(("q=", "status=")) for part in query.split("&")), url
