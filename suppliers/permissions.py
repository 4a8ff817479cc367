"""Who belongs to a provider: the predicate every app's permissions build on (docs §2).

Roles are the groups of `suppliers.roles`; an actor (`suppliers.access.Actor`) carries them with the providers
the user works for. The apps' own `permissions.py` say what each role may do to their objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from suppliers.access import Actor, actor_for
from suppliers.roles import API_TOKEN_ROLES, Role

if TYPE_CHECKING:
    from suppliers.models import ApiToken


def is_provider_member(actor: Actor, provider_id: int | None) -> bool:
    """The provider's own staff: an active membership of an active provider, in a provider role."""
    return actor.is_provider_user and provider_id in actor.provider_ids


def may_hold_api_token(actor: Actor) -> bool:
    """Roles that may hold an API token (suppliers.roles.API_TOKEN_ROLES); never an administrator."""
    if actor.is_superuser or actor.has_role(Role.ADMINISTRATOR):
        return False
    return bool(actor.roles & API_TOKEN_ROLES)


def may_use_api_token(*, user: Any, token: ApiToken) -> bool:
    """A token works while its holder may hold one and, for a provider's token, still works for that provider."""
    actor = actor_for(user)
    if not may_hold_api_token(actor):
        return False
    if token.provider_id is None:
        return actor.is_city_user
    return is_provider_member(actor, token.provider_id)


def may_administer_provider(actor: Actor, provider_id: int | None) -> bool:
    """The provider's admins manage its staff and API tokens (docs §2), and only theirs."""
    return provider_id is not None and provider_id in actor.administered_provider_ids


def may_administer_staff(actor: Actor) -> bool:
    return bool(actor.administered_provider_ids)
