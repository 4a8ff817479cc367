"""Writes about signing in: setting up the authenticator, recovery codes, resets, a provider's 2FA rule.

Each runs in a transaction and records a SecurityEvent; none logs a secret, a code or a field value.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ProviderTwoFactorPolicy, SecurityAction, SecurityEvent
from accounts.permissions import may_reset_two_factor, may_set_provider_two_factor
from accounts.selectors import forget_two_factor_required
from suppliers.models import Provider

logger = logging.getLogger("portal.security")

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def _event(*, actor: Any, action: str, subject: Any = None, provider: Provider | None = None) -> None:
    SecurityEvent.objects.create(actor=actor, action=action, subject=subject, provider=provider)
    logger.info(
        "security event %s by user %s for user %s provider %s",
        action,
        actor.pk,
        getattr(subject, "pk", None),
        getattr(provider, "pk", None),
    )


@transaction.atomic
def totp_device_start(*, user: Any) -> TOTPDevice:
    """A new, unconfirmed authenticator for the user (any earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def _recovery_codes_replace(*, user: Any) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def totp_device_confirm(*, user: Any, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes (shown once)."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(
            _("The code is not valid. Enter the six digits your authenticator app shows now."), code="invalid_code"
        )
    # One authenticator per user: confirming a new one retires any earlier one.
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user=user)
    _event(actor=user, action=SecurityAction.TWO_FACTOR_ENROLLED, subject=user)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: Any) -> list[str]:
    """New recovery codes for a user who has an authenticator; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise PermissionDenied
    codes = _recovery_codes_replace(user=user)
    _event(actor=user, action=SecurityAction.RECOVERY_CODES_REGENERATED, subject=user)
    return codes


@transaction.atomic
def two_factor_devices_reset(*, actor: Any, user: Any) -> None:
    """An administrator removes a user's authenticator and recovery codes (a lost phone): the user sets up
    a new one at their next sign-in."""
    if not may_reset_two_factor(actor):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _event(actor=actor, action=SecurityAction.DEVICES_RESET, subject=user)


@transaction.atomic
def provider_two_factor_set(*, actor: Any, provider: Provider, required: bool) -> ProviderTwoFactorPolicy:
    """A provider admin requires (or stops requiring) a second factor of their own provider's staff."""
    if not may_set_provider_two_factor(actor, provider):
        raise PermissionDenied
    policy, _created = ProviderTwoFactorPolicy.objects.select_for_update().get_or_create(provider=provider)
    if policy.requires_two_factor != required:
        policy.requires_two_factor = required
        policy.updated_by = actor
        policy.save(update_fields=["requires_two_factor", "updated_by", "updated_at"])
        action = (
            SecurityAction.PROVIDER_TWO_FACTOR_REQUIRED if required else SecurityAction.PROVIDER_TWO_FACTOR_OPTIONAL
        )
        _event(actor=actor, action=action, provider=provider)
    forget_two_factor_required(actor)
    return policy


def password_changed_record(*, user: Any) -> None:
    _event(actor=user, action=SecurityAction.PASSWORD_CHANGED, subject=user)
