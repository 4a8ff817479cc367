"""The web shell: signing in and out, the home page of every role, languages, CSRF, CSP and caching."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.test import Client as HttpClient
from django.utils import translation

from suppliers.roles import Role
from tests import factories
from tests.conftest import World

PAGES = [
    "/",
    "/service-orders/",
    "/service-orders/new/",
    "/service-orders/{order}/",
    "/clients/{client}/",
    "/contracts/",
    "/contracts/{contract}/",
    "/products/",
]
CLIENT_DATA_PAGES = ["/service-orders/", "/service-orders/{order}/", "/clients/{client}/"]


def _url(template: str, world: World) -> str:
    return template.format(order=world.order.pk, client=world.order.client_id, contract=world.line.contract_id)


def in_language(language: str, message: Any) -> str:
    with translation.override(language):
        return str(translation.gettext(message) if isinstance(message, str) else message)


def signed_in(user: Any, **client_kwargs: Any) -> HttpClient:
    browser = HttpClient(**client_kwargs)
    browser.force_login(user)
    return browser


def html_lang(response: Any) -> str:
    match = re.search(r'<html lang="([^"]*)">', response.content.decode())
    assert match, "no <html lang>"
    return match[1]


def csp_directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {parts[0]: parts[1:] for parts in directives}


def login_error_in(language: str) -> str:
    """The message Django's login form gives for a wrong password, in the given language."""
    with translation.override(language):
        form = AuthenticationForm(data={"username": "nobody", "password": "wrong-password-1"})
        form.is_valid()
        return str(form.non_field_errors()[0])


# Signing in and out --------------------------------------------------------------------------------------------


def test_the_login_page_is_in_finnish_by_default(db, client):
    response = client.get("/login/")

    assert response.status_code == 200
    assert html_lang(response) == "fi"
    content = response.content.decode()
    assert in_language("fi", "Log in") in content
    assert in_language("fi", "Log in") != "Log in"
    assert 'name="csrfmiddlewaretoken"' in content
    assert 'name="username"' in content
    assert 'name="password"' in content


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(db, client):
    user = factories.make_user(Role.CONTRACT_MONITOR)

    response = client.post("/login/", {"username": user.username, "password": "not-the-password"})

    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content
    assert login_error_in("fi") in content.replace("&quot;", '"')
    assert login_error_in("fi") != login_error_in("en")
    assert client.get("/").status_code == 302


def test_signing_in_leads_to_the_home_page(db, client):
    # Provider staff sign in with a password alone unless their provider requires more; the city's two steps
    # are tests/accounts/test_two_factor.py.
    user = factories.make_user(provider=factories.make_provider())

    response = client.post("/login/", {"username": user.username, "password": factories.PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


def test_signing_in_returns_to_the_page_asked_for_but_never_to_another_site(db, client):
    user = factories.make_user(provider=factories.make_provider())
    credentials = {"username": user.username, "password": factories.PASSWORD}

    assert client.post("/login/?next=/products/", credentials)["Location"] == "/products/"
    client.logout()
    assert client.post("/login/", {**credentials, "next": "https://evil.example/"})["Location"] == "/"


def test_a_signed_in_user_opening_the_login_page_goes_home(world, client):
    client.force_login(world.monitor)

    response = client.get("/login/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logging_out_takes_a_post(world, client):
    client.force_login(world.monitor)

    assert client.get("/logout/").status_code == 405
    assert client.get("/").status_code == 200


def test_logging_out_signs_the_user_out_and_shows_the_login_page(world):
    browser = signed_in(world.monitor, enforce_csrf_checks=True)
    token = browser.get("/").cookies[settings.CSRF_COOKIE_NAME].value

    response = browser.post("/logout/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert browser.get("/").status_code == 302


@pytest.mark.parametrize("page", PAGES)
def test_pages_send_an_anonymous_visitor_to_the_login_page(world, client, page):
    url = _url(page, world)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


# The home page of every role -----------------------------------------------------------------------------------

ROLE_USERS = {
    Role.PROVIDER_REPORTER: "reporter",
    Role.PROVIDER_ADMIN: "provider_admin",
    Role.SOCIAL_WORKER: "social_worker",
    Role.LEAD_SOCIAL_WORKER: "lead",
    Role.CONTRACT_MONITOR: "monitor",
    Role.PAYROLL_CLERK: "payroll",
    Role.ADMINISTRATOR: "administrator",
}
MAY_ORDER = {Role.SOCIAL_WORKER, Role.LEAD_SOCIAL_WORKER, Role.ADMINISTRATOR}


def test_every_role_has_a_home_user_in_these_tests():
    assert set(ROLE_USERS) == set(Role.values)


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_role_sees_its_own_home_page(world, role):
    user = getattr(world, ROLE_USERS[role])

    response = signed_in(user).get("/")

    assert response.status_code == 200
    content = response.content.decode()
    role_label = in_language("fi", Role(role).label)
    assert in_language("fi", "You are signed in as %(role_label)s.") % {"role_label": role_label} in content
    assert ('href="/service-orders/new/"' in content) == (role in MAY_ORDER)
    assert (in_language("fi", "Your provider") in content) == (role in {Role.PROVIDER_REPORTER, Role.PROVIDER_ADMIN})
    if role in {Role.PROVIDER_REPORTER, Role.PROVIDER_ADMIN}:
        assert world.provider.name in content
        assert world.other_provider.name not in content
    assert f'href="/contracts/{world.line.contract_id}/"' in content


def test_a_user_without_a_role_is_told_to_ask_for_one(db):
    response = signed_in(factories.make_user()).get("/")

    assert response.status_code == 200
    assert in_language("fi", "Your account has no role yet. Ask an administrator to grant one.") in (
        response.content.decode()
    )


def test_the_home_page_counts_only_the_orders_the_user_may_see(world):
    reporter_home = signed_in(world.reporter).get("/")
    monitor_home = signed_in(world.monitor).get("/")

    assert reporter_home.context["active_order_count"] == 1
    assert monitor_home.context["active_order_count"] == 2


# Languages -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en", "fi"])
def test_the_language_switch_changes_the_page_language(world, language):
    browser = signed_in(world.reporter)

    response = browser.post("/i18n/setlang/", {"language": language, "next": "/service-orders/"})

    assert response.status_code == 302
    assert response["Location"] == "/service-orders/"
    page = browser.get("/service-orders/")
    assert html_lang(page) == language
    assert in_language(language, "Service orders") in page.content.decode()


def test_an_anonymous_visitor_can_switch_the_login_page_to_swedish(db, client):
    client.post("/i18n/setlang/", {"language": "sv", "next": "/login/"})

    response = client.get("/login/")

    assert html_lang(response) == "sv"
    assert in_language("sv", "Log in") in response.content.decode()


def test_the_language_switch_does_not_redirect_to_another_site(db, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_every_page_offers_the_three_languages(world):
    content = signed_in(world.monitor).get("/").content.decode()

    assert re.findall(r'<option value="(\w+)"', content) == ["fi", "sv", "en"]
    assert 'action="/i18n/setlang/"' in content


# CSRF --------------------------------------------------------------------------------------------------------


def test_the_login_form_refuses_a_post_without_its_csrf_token(db):
    user = factories.make_user(Role.CONTRACT_MONITOR)
    browser = HttpClient(enforce_csrf_checks=True)
    credentials = {"username": user.username, "password": factories.PASSWORD}

    assert browser.post("/login/", credentials).status_code == 403

    token = browser.get("/login/").cookies[settings.CSRF_COOKIE_NAME].value
    assert browser.post("/login/", {**credentials, "csrfmiddlewaretoken": token}).status_code == 302


def test_the_language_form_refuses_a_post_without_its_csrf_token(db):
    browser = HttpClient(enforce_csrf_checks=True)

    refused = browser.post("/i18n/setlang/", {"language": "en", "next": "/login/"})

    assert refused.status_code == 403
    assert html_lang(browser.get("/login/")) == "fi"
    token = browser.get("/login/").cookies[settings.CSRF_COOKIE_NAME].value
    accepted = browser.post("/i18n/setlang/", {"language": "en", "next": "/login/", "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert html_lang(browser.get("/login/")) == "en"


def test_the_order_form_refuses_a_post_without_its_csrf_token(world):
    browser = signed_in(world.social_worker, enforce_csrf_checks=True)

    assert browser.post("/service-orders/new/", {}).status_code == 403


# Security headers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["/login/", *PAGES])
def test_pages_carry_a_content_security_policy_without_inline_scripts(world, page):
    browser = HttpClient() if page == "/login/" else signed_in(world.social_worker)

    response = browser.get(_url(page, world))

    assert response.status_code == 200
    directives = csp_directives(response)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert directives["frame-ancestors"] == ["'none'"]
    styles = directives.get("style-src", directives.get("default-src"))
    assert "'unsafe-inline'" not in styles  # type: ignore[operator]
    # The policy works only if the pages need no exception: no inline script, handler or style.
    content = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)
    assert not re.search(r"\son[a-z]+\s*=", content)
    assert not re.search(r"\sstyle\s*=", content)


@pytest.mark.parametrize("page", CLIENT_DATA_PAGES)
def test_pages_with_client_data_are_not_stored_by_caches(world, page):
    response = signed_in(world.reporter).get(_url(page, world))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/api/v1/service-orders/", "/api/v1/clients/"])
def test_api_answers_with_client_data_are_not_stored_by_caches(world, path):
    key = factories.api_token(world.reporter)

    response = HttpClient().get(path, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_form_field_s_help_and_errors_are_the_texts_its_input_is_described_by(world, client):
    # Screen readers read a field's help and errors through aria-describedby: every id it names must exist.
    client.force_login(world.social_worker)

    content = client.post("/service-orders/new/", {"planned_volume": "x"}).content.decode()

    described = re.findall(r'aria-describedby="([^"]+)"', content)
    assert described
    ids = set(re.findall(r'\bid="([^"]+)"', content))
    missing = {name for names in described for name in names.split()} - ids
    assert missing == set()
