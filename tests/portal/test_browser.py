"""A real browser through the real pages: Debian's Chromium driven by Playwright (never a browser Playwright
downloads itself). Skipped where Chromium is missing, except in CI, which installs it and must run this."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import ConsoleMessage, Page, Response, expect, sync_playwright

from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must run the browser tests (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return path


@contextmanager
def browser_page(chromium: str) -> Iterator[Page]:
    """A fresh browser and page. Read the database before opening it: Playwright's sync API runs an event loop
    in this thread, and Django's ORM refuses to work where one runs."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fi-FI")
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_a_provider_reporter_signs_in_switches_to_english_and_sees_only_masked_codes(
    chromium: str, world: World, live_server: Any
) -> None:
    username = world.reporter.username
    full_code = world.order.client.identity_code
    masked_code = world.order.client.identity_code_masked
    other_client = world.other_order.client.last_name
    finnish_home = in_language("fi", "Home")
    assert finnish_home != "Home"

    with browser_page(chromium) as page:
        problems: list[str] = []
        page.on("console", lambda message: _note_console_error(problems, message))
        page.on("response", lambda response: _note_failed_response(problems, response))

        page.goto(f"{live_server.url}/")
        expect(page).to_have_url(f"{live_server.url}/login/?next=/")
        expect(page.locator("html")).to_have_attribute("lang", "fi")

        page.fill("#id_username", username)
        page.fill("#id_password", factories.PASSWORD)
        page.locator("main form button[type=submit]").click()

        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.locator("h1")).to_have_text(finnish_home)
        expect(page.locator("main")).to_contain_text(world.provider.name)

        page.select_option("#language-select", "en")
        page.locator(".language-switch button[type=submit]").click()

        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_have_text("Home")
        expect(page.locator("main")).to_contain_text("You are signed in as Provider reporter.")

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Service orders").click()

        expect(page).to_have_url(f"{live_server.url}/service-orders/")
        expect(page.locator("h1")).to_have_text("Service orders")
        expect(page.locator("td.code")).to_have_text([masked_code])
        content = page.content()
        assert full_code not in content
        assert other_client not in content
        assert problems == []


def _note_console_error(problems: list[str], message: ConsoleMessage) -> None:
    # A Content-Security-Policy violation or a failed script or stylesheet shows up here as an error.
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        problems.append(message.text)


def _note_failed_response(problems: list[str], response: Response) -> None:
    # The browser asks for /favicon.ico by itself; the portal has none, and that is no failure of a page.
    if response.status >= 400 and not response.url.endswith("/favicon.ico"):
        problems.append(f"{response.status} {response.url}")
