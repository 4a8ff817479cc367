"""Lockout (django-axes): repeated failed sign-ins lock the username, and the address, for a while; the message
says so without telling whether the username exists; an administrator unlocks; the log names no one."""

from __future__ import annotations

import datetime
import io
import logging
import re
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client as HttpClient
from django.utils import translation

from suppliers.roles import Role
from tests import factories

LIMIT = settings.AXES_FAILURE_LIMIT
WRONG_PASSWORD = "wrong-password-1"


def lockout_message(language: str = "fi") -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    with translation.override(language):
        return translation.gettext(
            "Too many failed sign-in attempts. Signing in is blocked for %(minutes)s minutes; "
            "an administrator can unlock it sooner."
        ) % {"minutes": minutes}


def without_csrf_token(response: Any) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def attempt(username: str, password: str = WRONG_PASSWORD, address: str = "192.0.2.10") -> Any:
    return HttpClient(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def test_a_username_is_locked_after_n_failures_even_for_the_right_password(db: Any) -> None:
    user = factories.make_user(provider=factories.make_provider())
    for number in range(LIMIT - 1):
        failed = attempt(user.username, address=f"192.0.2.{number + 1}")
        assert failed.status_code == 200
        assert lockout_message() not in failed.content.decode()

    locked = attempt(user.username, address="198.51.100.1")

    assert locked.status_code == 429
    assert lockout_message() in locked.content.decode()
    assert lockout_message() != lockout_message("en")
    right_password = attempt(user.username, factories.PASSWORD, address="198.51.100.2")
    assert right_password.status_code == 429
    assert "_auth_user_id" not in HttpClient().session


def test_the_lockout_says_the_same_for_a_username_that_does_not_exist(db: Any) -> None:
    user = factories.make_user(provider=factories.make_provider())
    for number in range(LIMIT):
        known = attempt(user.username, address=f"192.0.2.{number + 1}")
        unknown = attempt("no-such-user", address=f"192.0.2.{number + 101}")

    assert known.status_code == unknown.status_code == 429
    assert without_csrf_token(known) == without_csrf_token(unknown)
    assert user.username not in known.content.decode()


def test_an_address_is_locked_after_n_failures_whatever_the_usernames(db: Any) -> None:
    user = factories.make_user(provider=factories.make_provider())
    for number in range(LIMIT):
        attempt(f"guess-{number}", address="203.0.113.7")

    from_that_address = attempt(user.username, factories.PASSWORD, address="203.0.113.7")
    from_elsewhere = attempt(user.username, factories.PASSWORD, address="203.0.113.8")

    assert from_that_address.status_code == 429
    assert from_elsewhere.status_code == 302


def test_the_lock_ends_after_the_cool_off_time(db: Any, clock: Any) -> None:
    user = factories.make_user(provider=factories.make_provider())
    for _number in range(LIMIT):
        attempt(user.username)
    assert attempt(user.username, factories.PASSWORD, address="198.51.100.9").status_code == 429

    clock.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 1)

    assert attempt(user.username, factories.PASSWORD, address="198.51.100.9").status_code == 302


def test_an_administrator_unlocks_a_username_with_the_command(db: Any) -> None:
    user = factories.make_user(provider=factories.make_provider())
    for number in range(LIMIT):
        attempt(user.username, address=f"192.0.2.{number + 1}")
    assert attempt(user.username, factories.PASSWORD, address="198.51.100.3").status_code == 429

    call_command("axes_reset_username", user.username, stdout=io.StringIO())

    assert attempt(user.username, factories.PASSWORD, address="198.51.100.3").status_code == 302


def test_an_administrator_unlocks_in_the_admin_by_deleting_the_attempts(db: Any) -> None:
    user = factories.make_user(provider=factories.make_provider())
    for number in range(LIMIT):
        attempt(user.username, address=f"192.0.2.{number + 1}")
    superuser = get_user_model().objects.create_superuser("it-tuki", password=factories.PASSWORD)
    admin = HttpClient()
    admin.force_login(superuser)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert user.username in listing.content.decode()

    admin.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    assert not AccessAttempt.objects.exists()
    assert attempt(user.username, factories.PASSWORD, address="198.51.100.4").status_code == 302


def test_failed_sign_ins_log_neither_the_username_nor_the_password(db: Any, caplog: pytest.LogCaptureFixture) -> None:
    # A username typed into the wrong field may be anything, an identity code included.
    user = factories.make_user(Role.CONTRACT_MONITOR)
    typed_code = factories.identity_code_born_on(datetime.date(1990, 1, 1))
    caplog.set_level(logging.DEBUG)
    for _number in range(LIMIT + 1):
        attempt(typed_code, "secret-typed-password")
        attempt(user.username, "another-secret-password")
    attempt(user.username, factories.PASSWORD, address="198.51.100.5")

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "AXES" in logged
    for secret in (typed_code, user.username, "secret-typed-password", "another-secret-password", factories.PASSWORD):
        assert secret not in logged
    stored = " ".join(f"{row.get_data} {row.post_data}" for row in AccessAttempt.objects.all())
    assert "secret-typed-password" not in stored
    assert typed_code not in stored  # the form data kept with an attempt masks the username too
