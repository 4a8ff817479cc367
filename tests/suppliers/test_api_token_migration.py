"""Upgrading a database whose machine clients hold rest_framework.authtoken keys (stored in clear): migration
0005 turns each key a holder may still hold into a knox digest that keeps working for 90 days, and erases
every clear key."""

from __future__ import annotations

import datetime
import secrets

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from suppliers.models import ApiToken
from tests import factories

BEFORE = [("suppliers", "0004_api_tokens_staff_events")]
AFTER = [("suppliers", "0005_api_tokens_from_clear_keys")]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def clear_keys(world):
    """The authtoken table as DRF's app left it, with one key for a reporter and one for an administrator."""
    keys = {"reporter": secrets.token_hex(20), "administrator": secrets.token_hex(20)}
    _migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id integer)")
        for who, key in keys.items():
            cursor.execute(
                "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
                [key, datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), getattr(world, who).pk],
            )
    yield keys
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE authtoken_token")


def _status(key: str) -> int:
    client = factories.api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/contracts/").status_code


@pytest.mark.django_db(transaction=True)
def test_a_clear_key_keeps_working_as_a_hashed_token_that_expires(world, clear_keys):
    _migrate(AFTER)

    assert _status(clear_keys["reporter"]) == 200
    token = ApiToken.objects.get(user=world.reporter)
    assert token.provider == world.provider
    assert token.digest != clear_keys["reporter"]
    assert token.expiry.date() == datetime.date(2027, 2, 21)  # 90 days from the frozen today


@pytest.mark.django_db(transaction=True)
def test_the_clear_keys_are_erased_and_a_role_that_may_not_hold_a_token_loses_its_key(world, clear_keys):
    _migrate(AFTER)

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    assert _status(clear_keys["administrator"]) == 401
    assert not ApiToken.objects.filter(user=world.administrator).exists()
