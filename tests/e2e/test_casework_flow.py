"""Casework in the browser: signals and informing (P07), health notes and consent (P04, P06).

Every page visited is checked with axe-core (WCAG 2.1 A/AA) and saved as a screenshot under
``test-artifacts/``. Data is made before the browser starts (see conftest).
"""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.backoffice import casework_data as data
from tests.e2e.test_backoffice_flow import log_in
from zorgvuldig.staff.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEALTH_REFUSAL = "Gezondheidsgegevens mogen alleen worden vastgelegd met uitdrukkelijke toestemming"
CONSENT_REFUSAL = "De inwoner heeft de toestemming voor dit doel ingetrokken of niet gegeven"
HEALTH_NOTE = "Mevrouw vertelt dat haar diabetes slecht is ingesteld."


@pytest.fixture
def casework(transactional_db):
    """A worker with a resident under a public-task purpose and one under a consent purpose."""
    north = factories.team("Team Noord")
    factories.activity("hulptrajecten", name="Hulptrajecten")
    data.health_activity()
    worker = factories.employee(team_obj=north, username="hulpverlener")
    factories.employee(role=Role.PRIVACY_OFFICER, username="fg")
    factories.resident(assign_to=worker, given_names="Kees", surname="Bakker", city="Alkmaar")
    late = factories.resident(assign_to=worker, given_names="Els", surname="Laat")
    data.overdue_signal(late)
    health = factories.resident(
        purpose=data.HEALTH_PURPOSE, assign_to=worker, given_names="Ria", surname="Gezond"
    )
    data.give_consent(health, data.HEALTH_PURPOSE)  # the basis; not explicit, not for health
    return {"worker": worker}


def open_file(page, base: str, purpose: str, name: str) -> None:
    page.goto(f"{base}/backoffice/doel/{purpose}/inwoners/")
    page.get_by_role("link", name=re.compile(name)).click()


def write_note(page, *, text: str, special: str) -> None:
    page.get_by_role("link", name="Notitie schrijven").click()
    page.get_by_label("Huisbezoek").check()
    page.get_by_role("textbox", name="Verslag").fill(text)
    page.get_by_label("Bevat het verslag bijzondere persoonsgegevens?").select_option(label=special)
    page.get_by_role("button", name="Notitie opslaan").click()


def test_a_third_party_signal_shows_its_informing_task(
    casework, live_server, browser_page, check_page
):
    page, base = browser_page, live_server.url
    log_in(page, base, "hulpverlener")
    assert page.get_by_role("heading", name="Inwoners die u te laat informeert").is_visible()
    assert page.get_by_role("link", name="Els Laat", exact=True).is_visible()
    check_page(page, "30-dashboard-overdue")

    page.get_by_role("link", name=re.compile("Signalen.*Hulptrajecten")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Signalen voor Hulptrajecten"
    check_page(page, "31-signal-queue")

    open_file(page, base, "hulptrajecten", "Bakker")
    check_page(page, "32-file-before-signal")
    page.get_by_role("link", name="Signaal vastleggen").click()
    assert "Kees Bakker" in page.get_by_label("Over welke inwoner gaat het?").inner_text()
    check_page(page, "33-signal-form")

    page.get_by_label("Probleem").check()
    page.get_by_label("Wat is er gesignaleerd?").fill("De huisarts ziet dat meneer vereenzaamt.")
    page.get_by_label("Huisarts", exact=True).check()
    page.get_by_label("Melder").fill("Huisartsenpraktijk De Linde")
    page.get_by_label("Hoe kwam het signaal binnen?").select_option(label="Telefoon")
    page.get_by_label("Ontvangen op").fill("2099-01-01T10:00")
    page.get_by_role("button", name="Signaal vastleggen").click()
    assert page.title().startswith("Fout:")
    assert page.locator("#id_received_at_error").inner_text() == "Deze datum ligt in de toekomst."
    check_page(page, "34-signal-form-error")

    page.get_by_label("Ontvangen op").fill("2026-01-05T09:30")  # a known date for the deadline
    page.get_by_role("button", name="Signaal vastleggen").click()
    assert "Het signaal is vastgelegd." in page.get_by_role("status").inner_text()
    tasks = page.get_by_role("region", name="Informatieplicht")
    assert tasks.get_by_text("Huisarts: Huisartsenpraktijk De Linde").is_visible()
    assert tasks.get_by_text("5 februari 2026", exact=True).is_visible()  # one month after receipt
    assert tasks.get_by_text("Te laat").first.is_visible()
    check_page(page, "35-file-with-informing-task")

    timeline = page.get_by_role("region", name="Tijdlijn")
    timeline.get_by_role("link", name=re.compile("Signaal bekijken en beoordelen")).click()
    page.get_by_label("Hoog").check()
    page.get_by_label("Team", exact=True).select_option(label="Team Noord")
    page.get_by_label("Hulptraject", exact=True).check()
    page.get_by_role("button", name="Beoordeling opslaan").click()
    assert (
        page.get_by_role("status").inner_text() == "De beoordeling van het signaal is opgeslagen."
    )
    check_page(page, "36-signal-triaged")

    page.get_by_role("link", name="Naar het dossier").click()
    tasks = page.get_by_role("region", name="Informatieplicht")
    tasks.get_by_role("row", name=re.compile("Huisartsenpraktijk")).get_by_role("link").click()
    check_page(page, "37-informing-task")
    page.get_by_label("Per brief").check()
    page.get_by_role("button", name="Geïnformeerd vastleggen").click()
    assert page.get_by_role("status").inner_text() == "Vastgelegd dat de inwoner is geïnformeerd."
    assert page.get_by_text("Geïnformeerd", exact=True).first.is_visible()


def test_other_signal_pages(casework, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url
    log_in(page, base, "hulpverlener")
    page.goto(f"{base}/backoffice/doel/hulptrajecten/signalen/nieuw/nieuwe-inwoner/")
    check_page(page, "38-signal-new-resident")
    page.get_by_role("button", name="Signaal vastleggen").click()
    assert page.get_by_role("alert").is_visible()
    check_page(page, "39-signal-new-resident-error")

    page.goto(f"{base}/backoffice/buurtsignalen/")
    check_page(page, "40-neighbourhood-signals")
    page.get_by_label("Kans").check()
    page.get_by_label("Buurt of wijk").fill("Rivierenwijk")
    page.get_by_label("Wat is er gesignaleerd?").fill("Bewoners willen een moestuin beginnen.")
    page.get_by_label("Woningcorporatie").check()
    page.get_by_label("Hoe kwam het signaal binnen?").select_option(label="E-mail")
    page.get_by_role("button", name="Buurtsignaal vastleggen").click()
    assert page.get_by_role("status").inner_text() == "Het buurtsignaal is vastgelegd."
    check_page(page, "41-neighbourhood-signal-recorded")

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, base, "fg")
    assert page.get_by_role(
        "heading", name="Informatieplicht: achterstand per verwerking"
    ).is_visible()
    assert page.get_by_text("Els Laat").count() == 0
    check_page(page, "42-privacy-officer-dashboard")


def test_signal_search_keeps_the_term_out_of_every_url(
    casework, live_server, browser_page, check_page
):
    page, base = browser_page, live_server.url
    list_url = f"{base}/backoffice/doel/hulptrajecten/signalen/"
    log_in(page, base, "hulpverlener")
    page.goto(list_url)
    page.get_by_label("Zoeken op achternaam of in de omschrijving").fill("Laat")
    page.get_by_label("Alleen signalen die nog beoordeeld moeten worden").check()
    page.get_by_role("button", name="Zoeken", exact=True).click()
    assert page.url == list_url  # post/redirect/get: the term stays on the server
    assert page.get_by_text("U zoekt op “Laat”.").is_visible()
    assert page.get_by_role("link", name="Els Laat", exact=True).is_visible()
    links = page.eval_on_selector_all(
        "a[href], form[action]", "els => els.map(e => e.href || e.action)"
    )
    assert not [url for url in links if "Laat" in url or "q=" in url or "status=" in url]
    check_page(page, "43-signal-search")

    page.get_by_role("button", name="Zoekopdracht wissen").click()
    assert page.url == list_url
    assert page.get_by_label("Zoeken op achternaam of in de omschrijving").input_value() == ""
    assert not page.get_by_label("Alleen signalen die nog beoordeeld moeten worden").is_checked()


def test_b_health_note_needs_explicit_consent(casework, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url
    log_in(page, base, "hulpverlener")
    open_file(page, base, data.HEALTH_PURPOSE, "Gezond")

    write_note(page, text=HEALTH_NOTE, special="Gezondheid")
    assert page.title().startswith("Fout:")
    assert HEALTH_REFUSAL in page.get_by_role("alert").inner_text()
    assert page.locator("#id_special_kind").get_attribute("aria-invalid") == "true"
    assert page.get_by_role("textbox", name="Verslag").input_value() == HEALTH_NOTE  # input kept
    check_page(page, "43-health-note-refused")

    page.get_by_role("link", name="Toestemming van de inwoner vastleggen").click()
    check_page(page, "44-consent-form")
    page.get_by_label("naw", exact=True).check()
    page.get_by_label(re.compile(r"gezondheid \(bijzonder")).check()
    page.get_by_label("Mondeling, vastgelegd door medewerker").check()
    page.get_by_role("button", name="Toestemming vastleggen").click()
    assert "uitdrukkelijke toestemming nodig" in page.get_by_role("alert").inner_text()
    check_page(page, "45-consent-form-error")
    page.get_by_label(re.compile("uitdrukkelijk toestemming gegeven")).check()
    page.get_by_role("button", name="Toestemming vastleggen").click()
    assert page.get_by_role("status").inner_text() == "De toestemming is vastgelegd."
    check_page(page, "46-file-with-explicit-consent")

    write_note(page, text=HEALTH_NOTE, special="Gezondheid")
    assert page.get_by_role("status").inner_text() == "De notitie is opgeslagen."
    timeline = page.get_by_role("region", name="Tijdlijn")
    assert timeline.get_by_text("bijzonder persoonsgegeven: gezondheid").is_visible()
    assert timeline.get_by_text(HEALTH_NOTE).is_visible()
    check_page(page, "47-file-with-health-note")


def test_c_withdrawing_consent_stops_processing(casework, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url
    log_in(page, base, "hulpverlener")
    open_file(page, base, data.HEALTH_PURPOSE, "Gezond")
    write_note(
        page,
        text="Telefonisch afgesproken voor volgende week.",
        special="Geen bijzonder persoonsgegeven",
    )
    assert page.get_by_role("status").inner_text() == "De notitie is opgeslagen."

    consents = page.get_by_role("region", name="Toestemmingen voor dit doel")
    consents.get_by_role("button", name=re.compile("Toestemming intrekken")).click()
    assert page.get_by_role("status").inner_text().startswith("De toestemming is ingetrokken.")
    assert page.get_by_text("De verwerking voor dit doel is gestopt.").is_visible()
    assert page.get_by_text("Telefonisch afgesproken").count() == 0  # out of reach at once
    check_page(page, "48-file-consent-withdrawn")

    write_note(page, text="Nog een notitie.", special="Geen bijzonder persoonsgegeven")
    assert page.title().startswith("Fout:")
    assert CONSENT_REFUSAL in page.get_by_role("alert").inner_text()
    check_page(page, "49-note-refused-after-withdrawal")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Ria Gezond").click()
    check_page(page, "50-phone-file-consent-withdrawn")
