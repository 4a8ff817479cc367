"""Who may change whose sign-in."""

from __future__ import annotations

from typing import Any

from suppliers.models import MembershipRole, Provider, ProviderMembership


def may_set_provider_two_factor(user: Any, provider: Provider) -> bool:
    """Only an active provider admin of that provider (never the city, never another provider's admin)."""
    return ProviderMembership.objects.filter(
        user_id=user.pk, provider=provider, role=MembershipRole.ADMIN, is_active=True, provider__is_active=True
    ).exists()


def may_reset_two_factor(user: Any) -> bool:
    """Administrators reset a user's devices (a lost phone): superusers and staff who may change users."""
    return bool(user.is_active and user.is_staff and user.has_perm("auth.change_user"))
