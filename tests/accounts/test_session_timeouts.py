"""A session ends after SESSION_IDLE_TIMEOUT without requests, and SESSION_ABSOLUTE_TIMEOUT after sign-in,
however busy the user is."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client as HttpClient

from tests.accounts.signing_in import password_step
from tests.conftest import World


def test_an_idle_session_ends_and_the_user_signs_in_again(world: World, clock: Any) -> None:
    browser = HttpClient()
    password_step(browser, world.reporter)
    assert browser.get("/service-orders/").status_code == 200

    clock.shift(settings.SESSION_IDLE_TIMEOUT - 60)
    assert browser.get("/service-orders/").status_code == 200
    clock.shift(settings.SESSION_IDLE_TIMEOUT + 1)
    response = browser.get("/service-orders/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/service-orders/"
    assert browser.get("/").status_code == 302  # signed out, not just turned away once


def test_a_busy_session_still_ends_at_the_absolute_timeout(world: World, clock: Any) -> None:
    browser = HttpClient()
    password_step(browser, world.reporter)
    step = settings.SESSION_IDLE_TIMEOUT // 2
    elapsed = 0
    while elapsed + step < settings.SESSION_ABSOLUTE_TIMEOUT:
        clock.shift(step)
        elapsed += step
        assert browser.get("/").status_code == 200, elapsed

    clock.shift(settings.SESSION_ABSOLUTE_TIMEOUT - elapsed + 1)

    assert browser.get("/").status_code == 302


def test_the_session_api_answers_an_ended_session_in_json(world: World, clock: Any) -> None:
    browser = HttpClient()
    browser.force_login(world.monitor)
    assert browser.get("/api/v1/products/").status_code == 200

    clock.shift(settings.SESSION_IDLE_TIMEOUT + 1)
    response = browser.get("/api/v1/products/")

    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"
