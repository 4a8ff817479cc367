"""Reads about a user's sign-in: must they have a second factor, and which devices do they hold."""

from __future__ import annotations

from typing import Any

from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ProviderTwoFactorPolicy
from suppliers.access import actor_for
from suppliers.models import MembershipRole, ProviderMembership

_REQUIRED_ATTR = "_portal_two_factor_required"


def two_factor_required(user: Any) -> bool:
    """Every city role and every administrator (staff, superuser) signs in with a second factor (docs §11);
    provider staff do when a provider they work for requires it. Cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, _REQUIRED_ATTR, None)
    if cached is not None:
        return bool(cached)
    actor = actor_for(user)
    required = bool(user.is_staff or user.is_superuser or actor.is_city_user)
    if not required and actor.provider_ids:
        required = ProviderTwoFactorPolicy.objects.filter(
            provider_id__in=actor.provider_ids, requires_two_factor=True
        ).exists()
    setattr(user, _REQUIRED_ATTR, required)
    return required


def forget_two_factor_required(user: Any) -> None:
    if hasattr(user, _REQUIRED_ATTR):
        delattr(user, _REQUIRED_ATTR)


def has_confirmed_device(user: Any) -> bool:
    return bool(user_has_device(user, confirmed=True))


def pending_totp_device(user: Any) -> TOTPDevice | None:
    """The authenticator the user is setting up (not confirmed yet), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user: Any) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0


def administered_providers(user: Any) -> list[Any]:
    """The providers this user is an active provider admin of (where they may set the 2FA rule)."""
    memberships = ProviderMembership.objects.filter(
        user_id=user.pk, is_active=True, provider__is_active=True, role=MembershipRole.ADMIN
    ).select_related("provider", "provider__two_factor_policy")
    return [membership.provider for membership in memberships.order_by("provider__name")]
