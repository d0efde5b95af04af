"""Break the glass in the browser (P13): the page, its errors, the banner, ending early."""

from __future__ import annotations

import pytest

from tests import factories
from tests.e2e.test_backoffice_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REASON = "Buurvrouw belt: meneer doet niet open en zijn vaste hulpverlener is ziek."


@pytest.fixture
def organisation(transactional_db):
    north, south = factories.team("Team Noord"), factories.team("Team Zuid")
    factories.activity("hulptrajecten", name="Hulptrajecten")
    factories.employee(team_obj=north, username="hulpverlener")
    colleague = factories.employee(team_obj=south, username="collega")
    return factories.resident(
        assign_to=colleague, surname="Zwanenburg", given_names="Kees", birth_date="1951-06-07"
    )


def test_emergency_access_flow(organisation, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url
    log_in(page, base, "hulpverlener")

    page.get_by_role("link", name="Noodtoegang aanvragen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Noodtoegang tot een dossier"
    assert page.get_by_text("Noodtoegang wordt altijd gemeld aan uw teamleider").first.is_visible()
    check_page(page, "emergency-01-form")

    page.get_by_label("Doel").select_option("hulptrajecten")
    page.get_by_label("Achternaam").fill("Zwanenburg")
    page.get_by_label("Geboortedatum").fill("1951-06-07")
    page.get_by_role("button", name="Noodtoegang openen").click()
    assert "/noodtoegang/" in page.url and "Zwanenburg" not in page.url
    assert page.get_by_role("alert").is_visible()
    check_page(page, "emergency-02-reason-missing")

    page.get_by_label("Reden").fill(REASON)
    page.get_by_role("button", name="Noodtoegang openen").click()
    assert "Kees Zwanenburg" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("U heeft noodtoegang tot").is_visible()
    check_page(page, "emergency-03-file-with-banner")

    page.get_by_role("button", name="Noodtoegang nu beëindigen").click()
    assert page.get_by_text("Uw noodtoegang is beëindigd.").is_visible()
    check_page(page, "emergency-04-ended")
