"""Users change their own password and reset a forgotten one by e-mail; passwords are 12+ characters and not
common ones."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client as HttpClient
from django.utils import translation

from accounts.models import SecurityAction, SecurityEvent
from tests import factories
from tests.conftest import World

NEW_PASSWORD = "vahva-uusi-salasana-42"


def test_a_user_changes_their_own_password(world: World) -> None:
    browser = HttpClient()
    browser.force_login(world.reporter)

    assert browser.get("/account/security/").status_code == 200
    assert browser.get("/account/password/").status_code == 200
    response = browser.post(
        "/account/password/",
        {"old_password": factories.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/account/password/done/"
    assert browser.get("/").status_code == 200  # still signed in
    world.reporter.refresh_from_db()
    assert world.reporter.check_password(NEW_PASSWORD)
    assert SecurityEvent.objects.filter(subject=world.reporter, action=SecurityAction.PASSWORD_CHANGED).exists()


def test_a_short_or_common_password_is_refused_in_the_users_language(world: World) -> None:
    browser = HttpClient()
    browser.force_login(world.reporter)

    short = browser.post(
        "/account/password/",
        {"old_password": factories.PASSWORD, "new_password1": "Lyhyt-4x!", "new_password2": "Lyhyt-4x!"},
    )
    common = browser.post(
        "/account/password/",
        {"old_password": factories.PASSWORD, "new_password1": "password1234", "new_password2": "password1234"},
    )

    with translation.override("fi"):
        too_short = translation.ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            12,
        ) % {"min_length": 12}
        too_common = translation.gettext("This password is too common.")
    assert short.status_code == 200
    assert too_short in short.content.decode()
    assert common.status_code == 200
    assert too_common in common.content.decode()
    world.reporter.refresh_from_db()
    assert world.reporter.check_password(factories.PASSWORD)


def test_a_forgotten_password_is_reset_through_a_link_in_an_e_mail_that_names_no_client(world: World) -> None:
    world.reporter.email = "tyontekija@example.invalid"
    world.reporter.save(update_fields=["email"])
    client = world.order.client

    sent = HttpClient().post("/password-reset/", {"email": "tyontekija@example.invalid"})
    unknown = HttpClient().post("/password-reset/", {"email": "ei-ketaan@example.invalid"})

    assert sent.status_code == unknown.status_code == 302
    assert sent["Location"] == unknown["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["tyontekija@example.invalid"]
    text = f"{email.subject}\n{email.body}"
    for secret in (client.first_name, client.last_name, client.identity_code, world.provider.name):
        assert secret not in text
    link = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", text)
    assert link, email.body
    browser = HttpClient()
    form = browser.get(link[1], follow=True)
    assert form.status_code == 200
    done = browser.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/password-reset/done/"
    assert (
        HttpClient().post("/login/", {"username": world.reporter.username, "password": NEW_PASSWORD}).status_code == 302
    )
    # The link works once.
    again = HttpClient().get(link[1], follow=True)
    assert 'name="new_password1"' not in again.content.decode()
