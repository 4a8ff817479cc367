"""Personal identity codes (docs §11): invalid ones are refused with a clear message in the user's language;
valid ones never appear unmasked in list responses, pages, URLs or logs.

Every code here is artificial (individual number 900–999) and built with stdnum's own check character.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from django.utils import translation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView
from stdnum.fi import hetu

from contracts.models import ServiceOrder
from suppliers.models import Client
from tests import factories
from tests.conftest import World

User = get_user_model()

CHECKSUM = "The personal identity code's check character is wrong."
DATE = "The personal identity code's date of birth is not a real date."
FORMAT = (
    "That is not a personal identity code: expected DDMMYYCZZZQ "
    "(date of birth, century sign, individual number, check character)."
)


def code(ddmmyy: str, sign: str, individual: int) -> str:
    """A valid identity code with the given date, century sign and (artificial) individual number."""
    return f"{ddmmyy}{sign}{individual:03d}{hetu._calc_checksum(f'{ddmmyy}{individual:03d}')}"


def wrong_check_character(valid: str) -> str:
    alphabet = "0123456789ABCDEFHJKLMNPRSTUVWXY"
    return valid[:-1] + alphabet[(alphabet.index(valid[-1]) + 1) % len(alphabet)]


INVALID = [
    pytest.param(wrong_check_character(code("010190", "-", 901)), CHECKSUM, id="wrong check character"),
    pytest.param(wrong_check_character(code("150605", "B", 955)), CHECKSUM, id="wrong check character, 2000s"),
    pytest.param(code("310290", "-", 902), DATE, id="31 February"),
    pytest.param(code("290223", "A", 903), DATE, id="29 February in a common year"),
    pytest.param(code("011390", "Y", 904), DATE, id="month 13"),
    pytest.param("010190*900P", FORMAT, id="unknown century sign"),
    pytest.param("01019O-900P", FORMAT, id="letter O for a zero"),
    pytest.param("010190-90P", FORMAT, id="too short"),
    pytest.param("ABCDEFGHIJK", FORMAT, id="not a code at all"),
    pytest.param(code("010190", "-", 1), FORMAT, id="individual number 001 is never issued"),
]


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def order_payload(world: World, identity_code: str, **overrides: Any) -> dict[str, Any]:
    payload = {
        "client_identity_code": identity_code,
        "client_first_name": "Eino",
        "client_last_name": "Esimerkki",
        "ordering_unit": "adult-family-social-work",
        "contract_line": world.line.pk,
        "starts_on": "2026-12-01",
        "ends_on": "2027-05-31",
        "planned_volume": "18.00",
        "decision_number": "SOS-2026-1",
    }
    payload.update(overrides)
    return payload


def page_payload(world: World, identity_code: str) -> dict[str, Any]:
    return order_payload(world, identity_code, ordering_unit=factories.unit("adult-family-social-work").pk)


def field_errors(content: str, field: str) -> list[str]:
    """The messages the form shows next to one field (components/form_field.html)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', content, re.S)
    assert match, f"no errors shown for {field}"
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", match[1], re.S)]


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG, including django.request and django.db.backends, captured into caplog.

    django.db.backends writes SQL with its parameters only when DEBUG is on; the tests run with DEBUG off, as
    production does (a developer's DEBUG server does log SQL parameters, identity codes included).
    """
    caplog.set_level(logging.DEBUG)
    silenced = []
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            caplog.set_level(logging.DEBUG, logger=name)
            if not logger.propagate:
                logger.addHandler(caplog.handler)
                silenced.append(logger)
    for name in ("django", "django.request", "django.db.backends", "django.security"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog
    for logger in silenced:
        logger.removeHandler(caplog.handler)


def links(content: str) -> list[str]:
    return [html.unescape(value) for value in re.findall(r'(?:href|src|action)="([^"]*)"', content)]


# Invalid codes are refused -------------------------------------------------------------------------------------


def test_the_identity_code_messages_are_translated_to_finnish_and_swedish():
    for message in (CHECKSUM, DATE, FORMAT):
        assert in_language("fi", message) != message
        assert in_language("sv", message) != message
        assert in_language("sv", message) != in_language("fi", message)


@pytest.mark.parametrize(("identity_code", "message"), INVALID)
def test_the_api_refuses_an_invalid_identity_code_with_a_finnish_message_by_default(
    world, all_logs, identity_code, message
):
    response = factories.api(world.social_worker).post(
        "/api/v1/service-orders/", order_payload(world, identity_code), format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == {"client_identity_code": [in_language("fi", message)]}
    assert body["detail"] == f"client_identity_code: {in_language('fi', message)}"
    assert not ServiceOrder.objects.filter(decision_number="SOS-2026-1").exists()
    assert not Client.objects.filter(identity_code=identity_code).exists()
    assert identity_code not in all_logs.text


@pytest.mark.parametrize(("identity_code", "message"), INVALID)
def test_the_api_refuses_an_invalid_identity_code_in_english_when_asked(world, identity_code, message):
    response = factories.api(world.social_worker).post(
        "/api/v1/service-orders/", order_payload(world, identity_code), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"client_identity_code": [message]}


def test_the_api_speaks_the_language_of_the_language_cookie(world):
    api = factories.api(world.social_worker)
    bad = wrong_check_character(code("010190", "-", 901))

    for language in ("sv", "en", "fi"):
        api.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = api.post("/api/v1/service-orders/", order_payload(world, bad), format="json")
        assert response.json()["errors"]["client_identity_code"] == [in_language(language, CHECKSUM)]


def test_the_api_answers_in_swedish_to_a_swedish_browser(world):
    response = factories.api(world.social_worker).post(
        "/api/v1/service-orders/",
        order_payload(world, code("310290", "-", 902)),
        format="json",
        HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9",
    )

    assert response.json()["errors"]["client_identity_code"] == [in_language("sv", DATE)]


@pytest.mark.parametrize(("identity_code", "message"), INVALID)
def test_the_order_form_refuses_an_invalid_identity_code_next_to_the_field(
    world, client, all_logs, identity_code, message
):
    client.force_login(world.social_worker)

    response = client.post("/service-orders/new/", page_payload(world, identity_code))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fi">' in content
    assert field_errors(content, "client_identity_code") == [in_language("fi", message)]
    assert 'role="alert"' in content
    assert not ServiceOrder.objects.filter(decision_number="SOS-2026-1").exists()
    assert identity_code not in all_logs.text


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_order_form_refuses_an_invalid_identity_code_in_the_chosen_language(world, client, language):
    client.force_login(world.social_worker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post("/service-orders/new/", page_payload(world, "010190*900P"))

    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert field_errors(content, "client_identity_code") == [in_language(language, FORMAT)]


def test_the_order_form_answers_in_english_to_an_english_browser(world, client):
    client.force_login(world.social_worker)

    response = client.post(
        "/service-orders/new/", page_payload(world, code("011390", "Y", 904)), HTTP_ACCEPT_LANGUAGE="en-GB,en"
    )

    assert field_errors(response.content.decode(), "client_identity_code") == [DATE]


# The century signs of the 2023 reform ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sign", "born"),
    [(sign, 1985) for sign in "-YXWVU"] + [(sign, 2005) for sign in "ABCDEF"],
)
def test_every_century_sign_of_the_2023_reform_is_accepted(world, sign, born):
    identity_code = code(f"1506{born % 100:02d}", sign, 950)

    response = factories.api(world.social_worker).post(
        "/api/v1/service-orders/", order_payload(world, identity_code), format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["client"]["identity_code_masked"] == f"1506{born % 100:02d}{sign}****"
    client = Client.objects.get(identity_code=identity_code)
    assert client.birth_date.year == born


def test_the_order_form_accepts_a_new_century_sign_in_lower_case(world, client):
    client.force_login(world.social_worker)
    identity_code = code("010203", "c", 977).upper()

    response = client.post("/service-orders/new/", page_payload(world, identity_code.lower()))

    assert response.status_code == 302
    assert Client.objects.get(identity_code=identity_code).birth_date.year == 2003


# Valid codes never appear unmasked -----------------------------------------------------------------------------


def test_api_lists_and_details_show_only_the_masked_code(world, all_logs):
    full = world.order.client.identity_code
    masked = full[:7] + "****"

    # The browsable API renders only with DEBUG (production answers JSON only): switched on here as in development.
    browsable = mock.patch.object(APIView, "renderer_classes", [JSONRenderer, BrowsableAPIRenderer])
    for user in (world.monitor, world.reporter, world.social_worker, world.payroll, world.administrator):
        api = factories.api(user)
        for url in (
            "/api/v1/service-orders/",
            f"/api/v1/service-orders/{world.order.pk}/",
            "/api/v1/clients/",
            f"/api/v1/clients/{world.order.client_id}/",
            f"/api/v1/service-orders/?client={world.order.client_id}",
        ):
            for accept in ("application/json", "text/html"):  # the JSON and the browsable API
                with browsable:
                    response = api.get(url, HTTP_ACCEPT=accept)
                assert response.status_code == 200, url
                content = response.content.decode()
                assert full not in content, (user, url, accept)
                assert masked in content, (user, url, accept)
    assert full not in all_logs.text


def test_the_api_answers_a_new_order_with_the_masked_code_and_logs_nothing_of_it(world, all_logs):
    identity_code = code("241287", "-", 931)

    response = factories.api(world.social_worker).post(
        "/api/v1/service-orders/", order_payload(world, identity_code), format="json"
    )

    assert response.status_code == 201
    assert identity_code not in response.content.decode()
    assert response.json()["client"]["identity_code_masked"] == "241287-****"
    assert identity_code not in all_logs.text
    assert all(identity_code not in value for value in response.headers.values())


def test_pages_show_only_the_masked_code_and_link_to_no_url_with_the_full_one(world, all_logs):
    full = world.order.client.identity_code
    masked = full[:7] + "****"
    masked_pages = [
        "/service-orders/",
        f"/service-orders/?client={world.order.client_id}",
        f"/service-orders/{world.order.pk}/",
        f"/clients/{world.order.client_id}/",
    ]

    for user in (world.monitor, world.reporter, world.social_worker, world.lead):
        http = HttpClient()
        http.force_login(user)
        for url in ["/", *masked_pages]:
            response = http.get(url)
            assert response.status_code == 200, (user, url)
            content = response.content.decode()
            assert full not in content, (user, url)
            assert masked in content or url not in masked_pages, (user, url)
            assert all(full not in link for link in links(content)), (user, url)
    assert full not in all_logs.text


def test_creating_an_order_on_the_page_keeps_the_code_out_of_urls_pages_and_logs(world, client, all_logs):
    client.force_login(world.social_worker)
    identity_code = code("241287", "-", 932)

    response = client.post("/service-orders/new/", page_payload(world, identity_code))

    assert response.status_code == 302
    assert identity_code not in response["Location"]
    page = client.get(response["Location"])
    content = page.content.decode()
    assert identity_code not in content
    assert "241287-****" in content
    assert all(identity_code not in link for link in links(content))
    assert identity_code not in all_logs.text


@pytest.mark.parametrize("who", ["superuser", "administrator"])
def test_the_admin_shows_only_the_masked_code(world, client, all_logs, who):
    if who == "superuser":
        user = User.objects.create_superuser(username="root", password=factories.PASSWORD)
    else:
        user = world.administrator
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    client.force_login(user)
    full = world.order.client.identity_code
    pk = world.order.client_id

    for url in (
        "/admin/suppliers/client/",
        f"/admin/suppliers/client/?q={world.order.client.last_name}",
        f"/admin/suppliers/client/{pk}/change/",
        f"/admin/suppliers/client/{pk}/history/",
        "/admin/contracts/serviceorder/",
        f"/admin/contracts/serviceorder/{world.order.pk}/change/",
        f"/admin/suppliers/client/?_to_field=id&_popup=1&q={world.order.client.last_name}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert full not in content, url
        assert all(full not in link for link in links(content)), url
    assert full[:7] + "****" in client.get(f"/admin/suppliers/client/{pk}/change/").content.decode()
    assert full not in all_logs.text


@pytest.mark.identity_code_in_url("a user typing a code into the admin's search box is the case under test")
def test_the_admin_does_not_search_clients_by_identity_code(world, client):
    # Admin searches are GET requests: a search on the code would put it in a URL (and the server's log).
    client.force_login(User.objects.create_superuser(username="root", password=factories.PASSWORD))

    response = client.get("/admin/suppliers/client/", {"q": world.order.client.identity_code})

    assert response.status_code == 200
    assert world.order.client.last_name not in response.content.decode()
