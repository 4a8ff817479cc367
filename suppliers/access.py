"""Who the requesting user is, in the portal's terms: roles and the providers they belong to.

Built once per request (two small queries) and cached on the user object; every selector takes it, so no
selector asks the database about the user again, row by row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from suppliers.roles import CITY_ROLES, CITY_UNIT_ROLES, CITY_WIDE_ROLES, PROVIDER_ROLES, Role

_CACHE_ATTR = "_portal_actor"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    roles: frozenset[str]
    provider_ids: frozenset[int]
    is_superuser: bool = False
    # The providers whose staff and API tokens this user manages: an active provider-admin membership there.
    administered_provider_ids: frozenset[int] = frozenset()

    @property
    def id(self) -> int:
        """The user's id; only for actors already known to be signed in."""
        if self.user_id is None:
            raise PermissionError("anonymous actor has no id")
        return self.user_id

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def sees_all_providers(self) -> bool:
        """City roles see every provider's contracts; only some of them see every client (below)."""
        return self.is_superuser or bool(self.roles & CITY_ROLES)

    @property
    def sees_all_clients(self) -> bool:
        return self.is_superuser or bool(self.roles & CITY_WIDE_ROLES)

    @property
    def is_city_unit_worker(self) -> bool:
        return bool(self.roles & CITY_UNIT_ROLES)

    @property
    def is_provider_user(self) -> bool:
        return bool(self.provider_ids) and bool(self.roles & PROVIDER_ROLES)

    @property
    def is_city_user(self) -> bool:
        return self.is_superuser or bool(self.roles & CITY_ROLES)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def primary_role(self) -> str | None:
        for role in Role.values:
            if role in self.roles:
                return role
        return Role.ADMINISTRATOR if self.is_superuser else None


ANONYMOUS = Actor(user_id=None, roles=frozenset(), provider_ids=frozenset())


def actor_for(user: AbstractBaseUser | AnonymousUser) -> Actor:
    if not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from suppliers.models import ProviderMembership

    groups: Any = getattr(user, "groups")  # noqa: B009 - AbstractBaseUser declares no groups; ours has them
    roles = frozenset(name for name in groups.values_list("name", flat=True) if name in Role.values)
    memberships = list(
        ProviderMembership.objects.filter(user_id=user.pk, is_active=True, provider__is_active=True).values_list(
            "provider_id", "role"
        )
    )
    actor = Actor(
        user_id=user.pk,
        roles=roles,
        provider_ids=frozenset(provider_id for provider_id, _role in memberships),
        is_superuser=bool(getattr(user, "is_superuser", False)),
        administered_provider_ids=frozenset(
            provider_id for provider_id, role in memberships if role == Role.PROVIDER_ADMIN
        ),
    )
    setattr(user, _CACHE_ATTR, actor)
    return actor


def actor_narrow_to_provider(user: AbstractBaseUser, provider_id: int | None) -> Actor:
    """The actor of a request made with an API token issued for one provider's integration: it sees that
    provider only, even if its holder also works for another, and manages no one through it."""
    actor = actor_for(user)
    narrowed = Actor(
        user_id=actor.user_id,
        roles=actor.roles,
        provider_ids=actor.provider_ids & ({provider_id} if provider_id is not None else set()),
        is_superuser=actor.is_superuser,
    )
    setattr(user, _CACHE_ATTR, narrowed)
    return narrowed


def request_actor(request: Any) -> Actor:
    """The actor behind an HTTP request (a page's or an API view's), from its authenticated user."""
    return actor_for(request.user)


def person_name(user: Any) -> str:
    """How a user is named wherever the portal shows who did something: the full name, else the username."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def forget_actor(user: AbstractBaseUser) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def provider_visibility_cutoff(today: datetime.date) -> datetime.date:
    """The earliest order end date a provider still sees.

    A provider sees an order while it is active and until the report for its last month is due: on the
    10th (REPORT_DUE_DAY) it still sees last month's ended orders, on the 11th no longer (docs §2).
    """
    first_of_month = today.replace(day=1)
    if today.day <= settings.REPORT_DUE_DAY:
        previous = first_of_month - datetime.timedelta(days=1)
        return previous.replace(day=1)
    return first_of_month
