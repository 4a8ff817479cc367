"""API throttling (DRF throttles): anonymous callers per address and token clients per user, each at its rate in
settings; too many answer 429 {code: throttled} with Retry-After, through the project's exception handler."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client as HttpClient

from tests import factories
from tests.conftest import World

LOW_RATES = {"anon": "3/minute", "token": "5/minute"}


@pytest.fixture(autouse=True)
def _low_throttle_rates(settings: Any) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": LOW_RATES}


def test_anonymous_traffic_is_throttled_with_retry_after(db: Any) -> None:
    browser = HttpClient(REMOTE_ADDR="192.0.2.20")
    for _number in range(3):
        assert browser.get("/api/v1/products/").status_code == 401

    response = browser.get("/api/v1/products/")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    # Another address has its own allowance.
    assert HttpClient(REMOTE_ADDR="192.0.2.21").get("/api/v1/products/").status_code == 401


def test_a_token_client_is_throttled_per_user(world: World) -> None:
    token = factories.api_token(world.reporter)
    machine = HttpClient(HTTP_AUTHORIZATION=f"Token {token}")
    for _number in range(5):
        assert machine.get("/api/v1/products/").status_code == 200

    response = machine.get("/api/v1/products/")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    other = factories.api_token(world.other_reporter)
    assert HttpClient(HTTP_AUTHORIZATION=f"Token {other}").get("/api/v1/products/").status_code == 200


def test_the_allowance_comes_back_after_the_window(world: World, clock: Any) -> None:
    token = factories.api_token(world.reporter)
    machine = HttpClient(HTTP_AUTHORIZATION=f"Token {token}")
    for _number in range(6):
        machine.get("/api/v1/products/")
    retry_after = int(machine.get("/api/v1/products/")["Retry-After"])

    clock.shift(retry_after + 1)

    assert machine.get("/api/v1/products/").status_code == 200


def test_signed_in_browsers_are_not_throttled_by_the_token_rate(world: World) -> None:
    browser = HttpClient()
    browser.force_login(world.reporter)

    assert all(browser.get("/api/v1/products/").status_code == 200 for _number in range(8))


def test_the_rates_come_from_settings() -> None:
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == LOW_RATES


def test_guessing_tokens_from_one_address_is_throttled(db: Any) -> None:
    guesser = HttpClient(REMOTE_ADDR="192.0.2.30")
    for number in range(3):
        assert guesser.get("/api/v1/products/", HTTP_AUTHORIZATION=f"Token {number:040d}").status_code == 401

    response = guesser.get("/api/v1/products/", HTTP_AUTHORIZATION=f"Token {9:040d}")

    assert response.status_code == 429
    assert "Retry-After" in response
