"""The strict Content Security Policy holds in a real browser: nothing on our pages is blocked.

The header itself is checked in ``tests/security/test_headers.py``; this test loads the pages
in Chromium and fails on any violation the browser reports (an inline script, style or event
handler it refused), including the Django admin and the API's browsable pages, which come with
third-party templates.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests import factories
from tests.backoffice.casework_data import note
from tests.security.logins import login
from zorgvuldig.staff.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Collects what the browser refuses; runs before any page script, outside the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def _session_cookie(live_server, user) -> dict:
    """A logged-in session for ``user`` (both factors), as a cookie for the browser."""
    client = login(Client(), user.employee)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": live_server.url}


@pytest.fixture
def pages(transactional_db, live_server):
    """Session cookies for a case worker and an administrator, and the pages to visit."""
    north = factories.team("Team Noord")
    factories.activity("hulptrajecten", name="Hulptrajecten")
    worker = factories.employee(team_obj=north)
    admin = factories.employee(role=Role.ADMINISTRATOR)
    admin.user.is_staff = admin.user.is_superuser = True
    admin.user.save()
    resident = factories.resident(assign_to=worker)
    note(resident)
    file = f"/backoffice/doel/hulptrajecten/inwoners/{resident.public_id}/"
    return {
        "worker": (
            _session_cookie(live_server, worker.user),
            [
                "/backoffice/",
                "/backoffice/doel/hulptrajecten/inwoners/",
                file,
                file + "notities/nieuw/",
                "/backoffice/projecten/",
                "/api/register/activities/",  # DRF's browsable API (a browser asks for HTML)
            ],
        ),
        "admin": (
            _session_cookie(live_server, admin.user),
            [
                "/admin/",
                "/admin/staff/employee/",
                "/admin/staff/employee/add/",
                "/admin/staff/assignment/",
                "/admin/registry/processingactivity/",
            ],
        ),
        "anonymous": (None, ["/", "/privacyverklaring/", "/backoffice/login/", "/admin/login/"]),
    }


def test_p12_strict_csp_is_not_violated_by_any_page(pages, live_server, browser_page):
    page, base = browser_page, live_server.url
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    seen = {}
    for who in ("anonymous", "worker", "admin"):
        cookie, urls = pages[who]
        page.context.clear_cookies()
        if cookie:
            page.context.add_cookies([cookie])
        for url in urls:
            response = page.goto(base + url)
            assert response.status == 200, (who, url, response.status)
            assert "Content-Security-Policy" in {k.title() for k in response.headers}
            page.wait_for_load_state("load")
            seen[f"{who} {url}"] = page.evaluate("window.__cspViolations")
    violations = {page_name: found for page_name, found in seen.items() if found}
    assert violations == {}
    assert console == []
