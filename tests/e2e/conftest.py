"""The browser tests: Debian's Chromium driven by Playwright, against the app on real HTTP.

Playwright's own browser download is never used: the launch points at
``/usr/bin/chromium`` (``scripts/install-system-deps.sh`` installs it). Without it
the tests skip, saying so, except in CI, where that is a failure. Each test runs in
a phone-sized page in Portuguese and São Paulo time; screenshots go to the test's
output folder (``test-results/``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from service.adapters.sqlite.store import SqliteStore
from service.entrypoints.web import create_app
from tests.api.conftest import ACCOUNT_SID, AUTH_TOKEN, LiveApp, make_settings
from tests.api.panel_support import PASSWORD
from tests.builders import seed_menu
from tests.fake_twilio import FakeTwilio
from tests.live_server import serve

CHROMIUM = Path("/usr/bin/chromium")
# The flags of TOOLING.md: no sandbox (root in a container), nothing fetched at start.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
# A full-page screenshot draws fixed and sticky bars where the viewport ends: they are put in
# the page's flow for it, through the CSSOM (the panel's CSP refuses injected stylesheets).
_IN_FLOW = """() => {
  document.querySelectorAll('.abas, .topo, .avisos').forEach(e => e.style.position = 'static');
  document.body.style.paddingBottom = '0';
}"""


def full_page_screenshot(page: Page, path: Path) -> None:
    """The whole page, top bar first and tab bar last, as a phone scrolls through it."""
    page.evaluate(_IN_FLOW)
    page.screenshot(path=str(path), full_page=True)
    page.reload()
PHONE_VIEWPORT: ViewportSize = {"width": 390, "height": 844}
# Live updates arrive in about a second; a loaded CI machine gets ample room.
LIVE_TIMEOUT_MS = 15_000

expect.set_options(timeout=LIVE_TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium with the flags these machines need."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run scripts/install-system-deps.sh as root"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": CHROMIUM_FLAGS}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A phone, in Portuguese, on Brazilian time."""
    return {**browser_context_args, "viewport": PHONE_VIEWPORT, "locale": "pt-BR",
            "timezone_id": "America/Sao_Paulo", "has_touch": True}


@pytest.fixture
def panel_app(tmp_path: Path) -> Iterator[LiveApp]:
    """The app with the panel on, SQLite, the seed menu and the fake Twilio API."""
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        db = tmp_path / "app.sqlite3"
        seeded = SqliteStore(db)
        seeded.save_menu(seed_menu())
        seeded.close()
        settings = make_settings(db, fake, panel_password=PASSWORD)
        with serve(create_app(settings=settings)) as url:
            yield LiveApp(url, settings, fake, db)
