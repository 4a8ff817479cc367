"""Who belongs to a provider: the predicate every app's permissions build on (docs §2).

Roles are the groups of `suppliers.roles`; an actor (`suppliers.access.Actor`) carries them with the providers
the user works for. The apps' own `permissions.py` say what each role may do to their objects.
"""

from __future__ import annotations

from suppliers.access import Actor


def is_provider_member(actor: Actor, provider_id: int | None) -> bool:
    """The provider's own staff: an active membership of an active provider, in a provider role."""
    return actor.is_provider_user and provider_id in actor.provider_ids
