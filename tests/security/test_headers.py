"""HTTP hardening headers on real pages, and templates that keep to the strict CSP (P12).

Every answer carries the same Content-Security-Policy: scripts, styles and everything else
only from our own origin, no inline script or style, no plugins, no ``<base>``, no framing,
forms only to ourselves. The template scan makes sure no template needs more: an inline
``<script>``, ``<style>``, ``style="..."`` or ``on...=`` handler would be refused by browsers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from rest_framework.test import APIClient

from tests import factories
from tests.security.logins import login
from zorgvuldig.staff.models import Role

EXPECTED_CSP = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}
EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def parse_csp(header: str) -> dict[str, set[str]]:
    """``"a x y; b z"`` -> ``{"a": {"x", "y"}, "b": {"z"}}``."""
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        assert name not in policy, f"directive {name} twice"
        policy[name] = set(sources)
    return policy


@pytest.fixture
def pages(db, support, worker):
    """(client, url, expected status) for each kind of page: public, staff, API, admin."""
    logged_in = login(APIClient(), worker)
    administrator = factories.employee(role=Role.ADMINISTRATOR)
    administrator.user.is_staff = administrator.user.is_superuser = True
    administrator.user.save()
    return {
        "backoffice login": (APIClient(), "/backoffice/login/", 200),
        "public home": (APIClient(), "/", 200),
        "backoffice dashboard": (logged_in, "/backoffice/", 200),
        "resident list": (logged_in, "/backoffice/doel/hulptrajecten/inwoners/", 200),
        "api list": (logged_in, "/api/register/activities/", 200),
        "api refusal": (APIClient(), "/api/register/activities/", 401),
        "admin": (login(APIClient(), administrator), "/admin/", 200),
        "not found": (logged_in, "/backoffice/bestaat-niet/", 404),
    }


PAGE_NAMES = [
    "backoffice login",
    "public home",
    "backoffice dashboard",
    "resident list",
    "api list",
    "api refusal",
    "admin",
    "not found",
]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_p12_every_answer_has_the_strict_csp(pages, name):
    client, url, status = pages[name]
    response = client.get(url)

    assert response.status_code == status
    assert parse_csp(response["Content-Security-Policy"]) == EXPECTED_CSP
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_p12_every_answer_has_the_hardening_headers(pages, name):
    client, url, _status = pages[name]
    response = client.get(url)

    for header, value in EXPECTED_HEADERS.items():
        assert response.get(header) == value, header


def test_p12_the_policy_allows_nothing_inline_or_foreign():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    sources = {source for values in directives.values() for source in values}
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & sources


def test_p12_browsable_api_has_no_inline_style(db, worker):
    client = login(APIClient(), worker)

    response = client.get("/api/register/activities/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "<style" not in body
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", body)


# -- the templates ------------------------------------------------------------------------------

TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']application/(?:ld\+)?json["']""", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def our_templates() -> list[Path]:
    """Every template file of the project: the shared folder and each app's templates/."""
    source = Path(settings.BASE_DIR)
    folders = [Path(folder) for folder in engines["django"].engine.dirs]
    folders += sorted(source.glob("*/templates"))
    return sorted({path for folder in folders for path in folder.rglob("*.html")})


def inline_code(text: str) -> list[str]:
    """What the strict CSP would refuse in this template text."""
    found = []
    for match in INLINE_SCRIPT.finditer(text):
        if not DATA_BLOCK.search(match.group()):
            found.append(f"inline <script>: {match.group()}")
    found += [f"<style> block at {m.start()}" for m in STYLE_BLOCK.finditer(text)]
    for tag in TAG.finditer(text):
        markup = tag.group()
        if STYLE_ATTRIBUTE.search(markup):
            found.append(f"style attribute: {markup}")
        if EVENT_HANDLER.search(markup):
            found.append(f"event handler: {markup}")
        if JAVASCRIPT_URL.search(markup):
            found.append(f"javascript: URL: {markup}")
    return found


def test_p12_templates_were_found():
    names = {path.name for path in our_templates()}
    assert {"base.html", "login.html", "dashboard.html"} <= names


def test_p12_no_template_has_inline_script_style_or_handlers():
    problems = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in our_templates()
        if (found := inline_code(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<div style="color: red">',
        "<style>p { color: red }</style>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
        '<body\n  onload="go()">',
    ],
)
def test_p12_the_template_scan_finds_inline_code(text):
    assert inline_code(text)


@pytest.mark.parametrize(
    "text",
    [
        '<script src="/static/app.js"></script>',
        '<script type="application/json" id="config">{}</script>',
        '<link rel="stylesheet" href="/static/site.css">',
        "<p>Stijl en opmaak: online=ja</p>",
        '<input name="one" data-style="x">',
    ],
)
def test_p12_the_template_scan_allows_external_code_and_data(text):
    assert inline_code(text) == []
