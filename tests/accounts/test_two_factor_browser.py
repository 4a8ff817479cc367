"""The second factor in a real browser (Debian's Chromium): the enrolment page's QR image loads under the strict
CSP, and a city user goes from the password to the app's code to the home page without a console error."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests import factories
from tests.conftest import World
from tests.portal.test_browser import (  # noqa: F401 - chromium is a fixture
    _note_console_error,
    _note_failed_response,
    browser_page,
    chromium,
    in_language,
)

pytestmark = pytest.mark.browser


def test_a_contract_monitor_sets_up_the_authenticator_and_reaches_home(
    chromium: str,  # noqa: F811
    world: World,
    live_server: Any,
) -> None:
    username = world.monitor.username
    home = in_language("fi", "Home")
    enrol_title = in_language("fi", "Set up two-factor authentication")

    with browser_page(chromium) as page:
        problems: list[str] = []
        page.on("console", lambda message: _note_console_error(problems, message))
        page.on("response", lambda response: _note_failed_response(problems, response))

        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", factories.PASSWORD)
        page.locator("main form button[type=submit]").click()

        expect(page.locator("h1")).to_have_text(enrol_title)
        qr = page.locator("main img")
        expect(qr).to_be_visible()
        assert page.evaluate("document.querySelector('main img').naturalWidth") > 0
        key = base64.b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
        page.fill("#id_code", f"{totp(key):06d}")
        page.locator("main form button[type=submit]").click()

        expect(page.locator("#recovery-codes li")).to_have_count(10)
        page.locator("main p a").last.click()

        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.locator("h1")).to_have_text(home)
        assert problems == []
