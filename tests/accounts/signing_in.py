"""Signing in as a person does: the login form, then the code an authenticator app would show."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client as HttpClient
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories


def password_step(browser: HttpClient, user: Any, next_url: str = "") -> Any:
    data = {"username": user.username, "password": factories.PASSWORD}
    return browser.post(f"/login/?next={next_url}" if next_url else "/login/", data)


def code_of(device: TOTPDevice) -> str:
    """What the authenticator app shows now for this device's key (RFC 6238, as django-otp checks it)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def secret_on_page(content: str) -> bytes:
    """The key the enrolment page shows, as the app would read it (base32, in groups of four)."""
    import base64

    match = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', content)
    assert match, "the enrolment page shows no key"
    return base64.b32decode(match[1].replace(" ", ""))


def enrolled(user: Any) -> TOTPDevice:
    """A user who set up an authenticator earlier (through the service, as the enrolment page does)."""
    from accounts.services import totp_device_confirm, totp_device_start

    device = totp_device_start(user=user)
    totp_device_confirm(user=user, device=device, token=code_of(device))
    device.refresh_from_db()
    return device


def recovery_codes_in(content: str) -> list[str]:
    block = re.search(r'<ul class="plain" id="recovery-codes">(.*?)</ul>', content, re.S)
    assert block, "no recovery codes on the page"
    return re.findall(r'<code class="code">([a-z2-7]+)</code>', block[1])
