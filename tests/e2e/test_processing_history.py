"""The page 'Verwerkingen' in the browser: reachable from the file, accessible, printable (P17)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests import factories
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_backoffice_flow import log_in
from zorgvuldig.core.gate import log_writes, processing
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.staff.models import Role
from zorgvuldig.staff.services import assignment_create

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARCH = dt.datetime(2026, 3, 12, 9, 15, tzinfo=dt.UTC)


@pytest.fixture
def history(transactional_db):
    """A resident read by two teams, a disclosure, and a read in a relative's file."""
    north = factories.team("Team Noord")
    south = factories.team("Team Zuid")
    support = factories.activity("hulptrajecten", name="Hulptrajecten")
    worker = factories.employee(team_obj=north, username="hulpverlener")
    lead = factories.employee(role=Role.TEAM_LEAD, team_obj=south, username="teamleider")
    with time_machine.travel(MARCH - dt.timedelta(days=40), tick=False):
        resident = factories.resident(assign_to=worker, surname="Visser", given_names="Anna")
        relative = factories.resident(assign_to=worker, surname="Visser", given_names="Bram")
        assignment_create(
            assigned_by=factories.FIXTURE_ACTOR,
            resident_id=resident.pk,
            activity=support,
            team=south,
        )
    for days, actor in ((0, worker), (1, lead), (3, worker)):
        with (
            time_machine.travel(MARCH + dt.timedelta(days=days), tick=False),
            processing(actor=actor, purpose=support),
        ):
            resident_get(actor=actor, purpose=support, public_id=resident.public_id)
    with (
        time_machine.travel(MARCH + dt.timedelta(days=5), tick=False),
        processing(actor=worker, purpose=support) as ctx,
    ):
        log_writes(ctx, "disclose", "people.resident", [resident.pk])  # as a disclosure would
    with (
        time_machine.travel(MARCH + dt.timedelta(days=6), tick=False),
        processing(actor=worker, purpose=support) as ctx,
    ):
        ctx.focus(relative.pk)  # the relative's file was open; Anna is named in it
        resident_get(actor=worker, purpose=support, public_id=relative.public_id)
        resident_get(actor=worker, purpose=support, public_id=resident.public_id)
    return {"resident": resident}


def test_processing_history_in_the_browser(history, live_server, browser_page, check_page):
    page, base = browser_page, live_server.url
    resident = history["resident"]

    log_in(page, base, "hulpverlener")
    page.goto(f"{base}/backoffice/doel/hulptrajecten/inwoners/{resident.public_id}/")
    page.get_by_role("navigation", name="Meer over dit dossier").get_by_role("link").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Wie verwerkte")
    table = page.get_by_role("table")
    assert "Verwerkingen van de gegevens van" in table.locator("caption").inner_text()
    assert page.get_by_role("columnheader").count() == 5
    assert "Verstrekt aan een ander" in table.inner_text()
    assert "Team Zuid" in table.inner_text()
    assert "In maart 2026 zijn uw gegevens 1 keer" in page.inner_text("main")
    check_page(page, "60-processing-history")

    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "61-processing-history-print.png"), full_page=True)
    assert not page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "62-phone-processing-history")
