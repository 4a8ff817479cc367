"""Two-factor sign-in (docs §11, issue 15 acceptance 2): the city and administrators need a TOTP device, a
provider admin can require one of their staff, and until the code is given the user reaches nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityAction, SecurityEvent
from suppliers.roles import Role
from tests import factories
from tests.accounts.signing_in import code_of, enrolled, password_step, recovery_codes_in, secret_on_page
from tests.conftest import World

ENROL = "/account/two-factor/enrol/"
VERIFY = "/login/verify/"
PROVIDER_PAGE = "/account/two-factor/provider/"
BLOCKED_PAGES = ["/", "/service-orders/", "/contracts/", "/monitoring/", "/account/security/", "/admin/"]
BLOCKED_API = ["/api/v1/service-orders/", "/api/v1/reports/", "/api/v1/providers/"]


@pytest.mark.parametrize("who", ["social_worker", "lead", "monitor", "payroll", "administrator"])
def test_a_city_user_without_a_confirmed_device_reaches_nothing_but_enrolment(world: World, who: str) -> None:
    user = getattr(world, who)
    browser = HttpClient()

    response = password_step(browser, user)

    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2F"
    for page in BLOCKED_PAGES:
        blocked = browser.get(page)
        assert blocked.status_code == 302, page
        assert blocked["Location"].startswith(f"{ENROL}?next="), page
    for endpoint in BLOCKED_API:
        refused = browser.get(endpoint)
        assert refused.status_code == 403, endpoint
        assert refused.json()["code"] == "two_factor_enrolment_required", endpoint
    assert browser.post("/api/v1/reports/", {}).json()["code"] == "two_factor_enrolment_required"
    assert browser.get(ENROL).status_code == 200


def test_a_staff_member_or_superuser_needs_a_second_factor_too(db) -> None:
    superuser = get_user_model().objects.create_superuser("paakayttaja", password=factories.PASSWORD)
    staff = factories.make_user()
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])

    for user in (superuser, staff):
        assert password_step(HttpClient(), user)["Location"] == f"{ENROL}?next=%2F"


def test_enrolment_shows_a_qr_image_and_the_key_and_confirms_with_a_code(world: World, clock: Any) -> None:
    browser = HttpClient()
    password_step(browser, world.monitor, next_url="/products/")

    page = browser.get(f"{ENROL}?next=/products/")
    content = page.content.decode()
    assert '<img src="/account/two-factor/qr.svg"' in content
    key = secret_on_page(content)
    qr = browser.get("/account/two-factor/qr.svg")
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    assert b"<script" not in qr.content

    wrong = browser.post(ENROL, {"code": "000000", "next": "/products/"})
    assert wrong.status_code == 200
    assert 'role="alert"' in wrong.content.decode()
    assert browser.get("/products/").status_code == 302
    clock.shift(2)  # django-otp slows down guessing: a wrong code makes the next try wait a moment

    confirmed = browser.post(ENROL, {"code": f"{totp(key):06d}", "next": "/products/"})

    assert confirmed.status_code == 200
    codes = recovery_codes_in(confirmed.content.decode())
    assert len(codes) == 10
    assert 'href="/products/"' in confirmed.content.decode()
    assert browser.get("/products/").status_code == 200
    assert TOTPDevice.objects.get(user=world.monitor).confirmed
    assert SecurityEvent.objects.filter(actor=world.monitor, action=SecurityAction.TWO_FACTOR_ENROLLED).count() == 1
    # Shown once: no later page repeats them.
    assert not any(code in browser.get("/account/security/").content.decode() for code in codes)


def test_with_a_device_the_password_leads_to_the_code_and_only_a_right_code_opens_the_portal(
    world: World, clock: Any
) -> None:
    device = enrolled(world.monitor)
    browser = HttpClient()

    response = password_step(browser, world.monitor, next_url="/products/")

    assert response["Location"] == f"{VERIFY}?next=%2Fproducts%2F"
    blocked = browser.get("/products/")
    assert blocked["Location"] == f"{VERIFY}?next=%2Fproducts%2F"
    assert browser.get("/api/v1/products/").json()["code"] == "two_factor_required"

    wrong = browser.post(VERIFY, {"code": "123456", "next": "/products/"})
    assert wrong.status_code == 200
    assert 'role="alert"' in wrong.content.decode()
    assert browser.get("/products/").status_code == 302
    clock.shift(30)  # the app shows the next code (the one used at enrolment does not work twice)

    right = browser.post(VERIFY, {"code": code_of(device), "next": "/products/"})

    assert right.status_code == 302
    assert right["Location"] == "/products/"
    assert browser.get("/products/").status_code == 200
    assert browser.get("/api/v1/products/").status_code == 200


def test_the_code_step_never_sends_the_user_to_another_site(world: World, clock: Any) -> None:
    device = enrolled(world.monitor)
    clock.shift(30)
    browser = HttpClient()
    password_step(browser, world.monitor)

    response = browser.post(VERIFY, {"code": code_of(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_a_recovery_code_signs_in_once(world: World) -> None:
    enrolled(world.monitor)
    code = StaticToken.objects.filter(device__user=world.monitor).values_list("token", flat=True)[0]
    first = HttpClient()
    password_step(first, world.monitor)

    assert first.post(VERIFY, {"code": code.upper()})["Location"] == "/"
    assert first.get("/").status_code == 200

    second = HttpClient()
    password_step(second, world.monitor)
    again = second.post(VERIFY, {"code": code})
    assert again.status_code == 200
    assert second.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(world: World) -> None:
    enrolled(world.monitor)
    old = set(StaticToken.objects.filter(device__user=world.monitor).values_list("token", flat=True))
    browser = HttpClient()
    browser.force_login(world.monitor)

    page = browser.get("/account/security/")
    assert page.status_code == 200
    response = browser.post("/account/security/")

    new = recovery_codes_in(response.content.decode())
    assert len(new) == 10
    assert set(StaticToken.objects.filter(device__user=world.monitor).values_list("token", flat=True)) == set(new)
    assert not old & set(new)
    assert SecurityEvent.objects.filter(actor=world.monitor, action=SecurityAction.RECOVERY_CODES_REGENERATED).exists()


def test_provider_staff_sign_in_with_a_password_until_their_provider_requires_more(world: World) -> None:
    browser = HttpClient()

    response = password_step(browser, world.reporter)

    assert response["Location"] == "/"
    assert browser.get("/").status_code == 200


def test_a_provider_admins_require_two_factor_applies_to_their_own_staff_only(world: World) -> None:
    reporter_session = HttpClient()
    password_step(reporter_session, world.reporter)
    admin = HttpClient()
    admin.force_login(world.provider_admin)

    page = admin.get("/account/two-factor/provider/")
    assert page.status_code == 200
    assert world.provider.name in page.content.decode()
    saved = admin.post("/account/two-factor/provider/", {"provider": world.provider.pk, "requires_two_factor": "on"})

    assert saved.status_code == 302
    event = SecurityEvent.objects.get(action=SecurityAction.PROVIDER_TWO_FACTOR_REQUIRED)
    assert (event.actor, event.provider) == (world.provider_admin, world.provider)
    # The reporter's open session is stopped at its next request, and a new sign-in goes to enrolment.
    assert reporter_session.get("/").status_code == 302
    assert reporter_session.get("/")["Location"].startswith(ENROL)
    assert password_step(HttpClient(), world.reporter)["Location"] == f"{ENROL}?next=%2F"
    # The admin is staff of that provider too.
    assert admin.get("/")["Location"].startswith(ENROL)
    # Another provider's staff are not touched.
    other = HttpClient()
    assert password_step(other, world.other_reporter)["Location"] == "/"
    assert other.get("/").status_code == 200


@pytest.mark.parametrize("who", ["reporter", "other_reporter", "monitor", "administrator"])
def test_only_the_providers_own_admin_reaches_its_two_factor_page(world: World, who: str) -> None:
    browser = HttpClient()
    browser.force_login(getattr(world, who))

    assert browser.get("/account/two-factor/provider/").status_code == 404
    refused = browser.post(PROVIDER_PAGE, {"provider": world.provider.pk, "requires_two_factor": "on"})
    assert refused.status_code == 404
    assert not SecurityEvent.objects.exists()


def test_another_providers_admin_cannot_set_this_providers_rule(world: World) -> None:
    other_admin = factories.make_user(Role.PROVIDER_ADMIN, provider=world.other_provider)
    browser = HttpClient()
    browser.force_login(other_admin)

    refused = browser.post(PROVIDER_PAGE, {"provider": world.provider.pk, "requires_two_factor": "on"})

    assert refused.status_code == 404
    assert password_step(HttpClient(), world.reporter)["Location"] == "/"


def test_token_authenticated_machine_clients_are_not_asked_for_a_second_factor(world: World) -> None:
    token = factories.api_token(world.monitor)

    response = HttpClient().get("/api/v1/service-orders/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200


def test_an_administrator_resets_a_users_devices_and_the_user_sets_them_up_again(world: World) -> None:
    enrolled(world.monitor)
    superuser = get_user_model().objects.create_superuser("it-tuki", password=factories.PASSWORD)
    admin = HttpClient()
    admin.force_login(superuser)

    response = admin.post(
        "/admin/auth/user/",
        {"action": "reset_two_factor", "_selected_action": [world.monitor.pk], "index": 0},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.monitor).exists()
    assert not StaticToken.objects.filter(device__user=world.monitor).exists()
    event = SecurityEvent.objects.get(action=SecurityAction.DEVICES_RESET)
    assert (event.actor, event.subject) == (superuser, world.monitor)
    assert password_step(HttpClient(), world.monitor)["Location"] == f"{ENROL}?next=%2F"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_two_factor_pages_speak_the_users_language(world: World, language: str) -> None:
    from django.utils import translation

    browser = HttpClient()
    browser.post("/i18n/setlang/", {"language": language, "next": "/login/"})
    password_step(browser, world.monitor)

    content = browser.get(ENROL).content.decode()

    with translation.override(language):
        title = translation.gettext("Set up two-factor authentication")
    assert f'<html lang="{language}">' in content
    assert title in content
    if language != "en":
        assert title != "Set up two-factor authentication"
