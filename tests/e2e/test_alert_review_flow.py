"""P14 in the browser: a team lead finds the emergency-access alert and reviews it."""

from __future__ import annotations

import pytest

from tests import factories
from tests.e2e.test_backoffice_flow import log_in
from zorgvuldig.oversight.alerts import run_rules
from zorgvuldig.people.emergency import emergency_access_open
from zorgvuldig.staff.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REASON = "Buurvrouw belt: meneer doet niet open en zijn vaste hulpverlener is ziek."


@pytest.fixture
def alert(transactional_db):
    north, south = factories.team("Team Noord"), factories.team("Team Zuid")
    support = factories.activity("hulptrajecten", name="Hulptrajecten")
    worker = factories.employee(team_obj=north, username="hulpverlener")
    factories.employee(team_obj=north, username="teamleider", role=Role.TEAM_LEAD)
    colleague = factories.employee(team_obj=south, username="collega")
    factories.resident(assign_to=colleague, surname="Zwanenburg", birth_date="1951-06-07")
    emergency_access_open(
        employee=worker,
        purpose=support,
        reason=REASON,
        surname="Zwanenburg",
        birth_date="1951-06-07",
    )
    made = run_rules()
    assert made.get("emergency_access") == 1
    return made


def test_p14_team_lead_reviews_an_emergency_access_alert(
    alert, live_server, browser_page, check_page
):
    page, base = browser_page, live_server.url
    log_in(page, base, "teamleider")
    page.get_by_role("navigation").get_by_role("link", name="Meldingen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Meldingen over toegang"
    check_page(page, "alerts-01-list")

    page.get_by_role("link", name="Noodtoegang").first.click()
    check_page(page, "alerts-02-detail")
    page.get_by_label("Niet gerechtvaardigd").check()
    page.get_by_role("button", name="Oordeel vastleggen").click()
    assert page.get_by_role("alert").first.is_visible()  # a note is required
    check_page(page, "alerts-03-note-missing")

    page.get_by_label("Toelichting").fill("Niet afgestemd met de eigen hulpverlener; besproken.")
    page.get_by_role("button", name="Oordeel vastleggen").click()
    assert page.get_by_text("Meld dit als mogelijk datalek").is_visible()
    assert page.get_by_role("button", name="Oordeel vastleggen").count() == 0  # final
    check_page(page, "alerts-04-reviewed")
