"""A case worker's day in the browser, with an accessibility check on every page."""

from __future__ import annotations

import re
import time

import pytest

from tests import factories
from tests.auth import STEP, totp_code
from zorgvuldig.staff.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def organisation(transactional_db):
    """A team with a worker and a team lead, and residents for the worker."""
    north = factories.team("Team Noord")
    factories.activity("hulptrajecten", name="Hulptrajecten")
    worker = factories.employee(team_obj=north, username="hulpverlener")
    lead = factories.employee(role=Role.TEAM_LEAD, team_obj=north, username="teamleider")
    factories.employee(team_obj=north, username="nieuwkomer", declared=False)
    residents = [
        factories.resident(assign_to=worker, surname=f"Achternaam{i}", city="Amersfoort")
        for i in range(3)
    ]
    return {"worker": worker, "lead": lead, "residents": residents}


# Per browser context (one per test, each with fresh data) and username, the last time step
# whose code was typed: a code works once (django-otp), so a second login within the same 30
# seconds types the next step's code, which the server accepts (one step of clock tolerance).
_CODE_STEPS: dict[tuple[object, str], int] = {}


def _fresh_code(page, username: str) -> str:
    key = (page.context, username)
    now = int(time.time()) // STEP
    step = max(now, _CODE_STEPS.get(key, now - 1) + 1)
    _CODE_STEPS[key] = step
    return totp_code(at=step * STEP)


def log_in(page, base_url: str, username: str) -> None:
    """Both factors, as a person would: the password, then the code from the app (P12).

    Factory employees have a TOTP device with ``tests.auth.TEST_TOTP_KEY``; the code is
    computed from that key, not read from the database (which the browser's thread may not use).
    """
    page.goto(f"{base_url}/backoffice/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Verificatiecode").fill(_fresh_code(page, username))
    page.get_by_role("button", name="Bevestigen", exact=True).click()


def breadcrumb(page, name: str):
    return page.get_by_role("navigation", name="Kruimelpad").get_by_role(
        "link", name=name, exact=True
    )


def fill_new_resident(page, *, postcode: str) -> None:
    page.get_by_label("Voornamen").fill("Sanne")
    page.get_by_label("Achternaam").fill("de Wit")
    page.get_by_label("Geboortedatum").fill("1979-06-21")
    page.get_by_label("Straat").fill("Kerkstraat")
    page.get_by_label("Huisnummer").fill("4")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Woonplaats").fill("Amersfoort")
    page.get_by_label("Een verwijzende organisatie").check()
    page.get_by_label("Naam van de bron").fill("Huisartsenpraktijk De Linde")


def test_case_worker_flow(organisation, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url

    page.goto(f"{base}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    check_page(page, "01-home")

    page.get_by_role("main").get_by_role("link", name="Inloggen voor medewerkers").click()
    check_page(page, "02-login")
    log_in(page, base, "hulpverlener")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
    assert page.get_by_text("Getekend (versie").is_visible()
    check_page(page, "03-dashboard")

    page.get_by_role("link", name="Hulptrajecten", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Inwoners voor Hulptrajecten"
    assert page.get_by_text("3 inwoners").is_visible()
    check_page(page, "04-resident-list")

    page.get_by_role("link", name=re.compile("Achternaam1")).click()
    assert "Achternaam1" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("De inwoner zelf").first.is_visible()
    check_page(page, "05-resident-file")


def test_register_a_resident_correcting_a_bad_postcode(
    organisation, live_server, browser_page, check_page
):
    page, base = browser_page, live_server.url
    log_in(page, base, "hulpverlener")
    page.goto(f"{base}/backoffice/doel/hulptrajecten/inwoners/")
    page.get_by_role("link", name="Nieuwe inwoner registreren").click()
    check_page(page, "06-resident-form")

    fill_new_resident(page, postcode="12345")
    page.get_by_role("button", name="Inwoner registreren").click()
    assert page.title().startswith("Fout:")
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_postcode_error").inner_text() == (
        "Geef een Nederlandse postcode op, zoals 1234 AB."
    )
    assert page.get_by_label("Voornamen").input_value() == "Sanne"  # input kept
    check_page(page, "07-resident-form-error")

    page.get_by_role("alert").get_by_role("link", name=re.compile("Postcode")).click()
    assert page.evaluate("document.activeElement.id") == "id_postcode"
    page.get_by_label("Postcode").fill("3811 AB")
    page.get_by_role("button", name="Inwoner registreren").click()
    assert page.get_by_role("status").inner_text() == "De inwoner is geregistreerd."
    assert page.get_by_role("heading", level=1).inner_text() == "Sanne de Wit"
    assert page.get_by_text("Huisartsenpraktijk De Linde").first.is_visible()
    check_page(page, "08-resident-registered")

    breadcrumb(page, "Hulptrajecten").click()
    assert page.get_by_text("4 inwoners").is_visible()  # stored once, after the correction


def test_register_and_not_found_pages(organisation, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url
    log_in(page, base, "hulpverlener")
    page.get_by_role("link", name="Register van verwerkingen").first.click()
    check_page(page, "09-register")
    page.get_by_role("main").get_by_role("link", name="Hulptrajecten", exact=True).click()
    check_page(page, "10-register-detail")

    page.goto(
        f"{base}/backoffice/doel/hulptrajecten/inwoners/00000000-0000-4000-8000-000000000000/"
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    check_page(page, "11-not-found")


def test_other_roles_pages(organisation, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url

    log_in(page, base, "nieuwkomer")
    assert page.get_by_role("heading", name="Teken eerst de geheimhoudingsverklaring").is_visible()
    check_page(page, "20-dashboard-no-declaration")
    page.goto(f"{base}/backoffice/doel/hulptrajecten/inwoners/")
    assert page.get_by_role("heading", level=1).inner_text() == "Geen toegang"
    check_page(page, "21-refused-no-declaration")
    page.goto(f"{base}/backoffice/")
    page.get_by_label("Ik heb de geheimhoudingsverklaring gelezen").check()
    page.get_by_role("button", name=re.compile("Verklaring tekenen")).click()
    assert page.get_by_role("status").is_visible()
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, base, "teamleider")
    page.get_by_role("link", name="Toewijzingen").click()
    check_page(page, "22-team-assignments")
    resident_select = page.locator("#id_resident")
    option = resident_select.locator("option", has_text="Achternaam2").get_attribute("value")
    resident_select.select_option(value=option)
    page.get_by_label("Toewijzen aan").select_option(label="Het hele team: Team Noord")
    page.get_by_role("button", name="Toewijzen").click()
    assert page.get_by_role("status").inner_text() == "De toewijzing is vastgelegd."
    check_page(page, "23-team-assigned")

    page.goto(f"{base}/privacyverklaring/")
    check_page(page, "24-privacy-statement")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{base}/backoffice/doel/hulptrajecten/inwoners/")
    check_page(page, "25-phone-resident-list")


@pytest.fixture
def many_residents(organisation):
    """26 residents in one postcode (two pages when searched) besides the three in Amersfoort."""
    worker = organisation["worker"]
    for i in range(26):
        factories.resident(assign_to=worker, surname=f"Postcodebewoner{i:02d}", postcode="3811 AB")
    return organisation


def urls_in_page(page) -> list[str]:
    """The page's own URL and every link and form target in it."""
    targets = page.eval_on_selector_all(
        "a[href], form[action]", "els => els.map(e => e.href || e.action)"
    )
    return [page.url, *targets]


def test_search_keeps_the_term_out_of_every_url(
    many_residents, live_server, browser_page, check_page
):
    page, base = browser_page, live_server.url
    list_url = f"{base}/backoffice/doel/hulptrajecten/inwoners/"
    log_in(page, base, "hulpverlener")
    page.goto(list_url)
    assert page.get_by_text("29 inwoners").is_visible()

    page.get_by_label("Zoeken op naam, postcode of woonplaats").fill("3811ab")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    assert page.url == list_url  # post/redirect/get: the term stays on the server
    assert page.get_by_text("26 inwoners gevonden").is_visible()
    assert page.get_by_text("U zoekt op “3811ab”.").is_visible()
    assert page.get_by_text("Achternaam0").count() == 0
    assert not [url for url in urls_in_page(page) if "3811" in url or "q=" in url]
    check_page(page, "26-resident-search")

    page.get_by_role("link", name="Volgende pagina").click()
    assert page.url == f"{list_url}?page=2"
    assert page.get_by_text("Pagina 2 van 2", exact=True).is_visible()
    assert page.get_by_role("link", name=re.compile("Postcodebewoner")).count() == 1
    assert page.get_by_text("Achternaam0").count() == 0
    assert not [url for url in urls_in_page(page) if "3811" in url or "q=" in url]

    page.get_by_role("button", name="Zoekopdracht wissen").click()
    assert page.url == list_url
    assert page.get_by_text("29 inwoners").is_visible()
    assert page.get_by_label("Zoeken op naam, postcode of woonplaats").input_value() == ""
    assert page.get_by_role("button", name="Zoekopdracht wissen").count() == 0
