"""Browser tests: Playwright (sync API) driving the system's Chromium against ``live_server``.

Data is made before the browser starts and checked after it stops: Playwright's sync API runs
an event loop in this thread, and Django refuses ORM calls while one is running.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def browser_page(transactional_db, live_server):
    """A fresh Chromium page with Dutch as the browser language."""
    if not CHROMIUM.exists():
        reason = "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        if os.environ.get("ZORGVULDIG_REQUIRE_BROWSER") == "1":  # CI: a skip would hide it
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def check_page():
    """Run axe-core (WCAG 2.1 A/AA) on the page, save a screenshot, fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        if violations:
            summary = [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "nodes": [n["html"] for n in v["nodes"]][:5],
                }
                for v in violations
            ]
            print(json.dumps(summary, indent=2, ensure_ascii=False))
        assert not violations, f"{name}: {len(violations)} accessibility violation(s), see output"

    return check
