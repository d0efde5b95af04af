"""P12 in the browser: setting up the authenticator app, and the code step, both accessible."""

from __future__ import annotations

from base64 import b32decode

import pytest

from tests import factories
from tests.auth import totp_code
from tests.e2e.test_backoffice_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def people(transactional_db):
    north = factories.team("Team Noord")
    factories.activity("hulptrajecten", name="Hulptrajecten")
    factories.employee(team_obj=north, username="hulpverlener")
    factories.employee(team_obj=north, username="nieuwkomer", mfa=False)


def test_p12_new_employee_sets_up_the_app_from_the_page(
    people, live_server, browser_page, check_page
):
    page, base = browser_page, live_server.url
    page.goto(f"{base}/backoffice/login/")
    page.get_by_label("Gebruikersnaam").fill("nieuwkomer")
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("heading", name="Tweestapsverificatie instellen").wait_for()
    assert page.get_by_role("img", name="QR-code voor uw authenticator-app").is_visible()
    check_page(page, "mfa-01-instellen")

    # What an authenticator app does with the secret shown under the QR code.
    secret = page.locator("#totp-sleutel").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8)).hex()
    page.get_by_label("Verificatiecode").fill(totp_code(key=key))
    page.get_by_role("button", name="App koppelen").click()

    page.get_by_text("Uw authenticator-app is ingesteld.").wait_for()
    assert page.url == f"{base}/backoffice/"


def test_p12_code_step_after_the_password(people, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url
    log_in(page, base, "hulpverlener")  # password, then the code
    page.get_by_role("link", name="Inlogmethoden").click()
    page.get_by_role("heading", name="Uw inlogmethoden").wait_for()
    check_page(page, "mfa-03-inlogmethoden")
    page.get_by_role("banner").get_by_role("button", name="Uitloggen").click()

    page.goto(f"{base}/backoffice/login/")
    page.get_by_label("Gebruikersnaam").fill("hulpverlener")
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Bevestig dat u het bent").wait_for()
    page.get_by_label("Verificatiecode").fill("000000" if totp_code() != "000000" else "111111")
    page.get_by_role("button", name="Bevestigen", exact=True).click()

    page.get_by_role("heading", name="Controleer de gemarkeerde velden").wait_for()
    assert page.get_by_text("Deze code klopt niet of is al gebruikt").first.is_visible()
    check_page(page, "mfa-02-verificatiecode")
