"""Writes about providers, their people and clients. Every write in the portal goes through a service."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suppliers.access import forget_actor
from suppliers.identity import normalize_identity_code
from suppliers.models import (
    AccessAction,
    Client,
    ClientAccessLog,
    MembershipRole,
    Provider,
    ProviderMembership,
    UserPreference,
)
from suppliers.roles import CITY_ROLES, ROLE_PERMISSIONS, Role

User = get_user_model()


def role_groups_sync() -> None:
    """Create one group per role with exactly the permissions of suppliers.roles. Safe to run again."""
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name: dict[str, Permission] = {}
    for permission in Permission.objects.select_related("content_type").filter(
        content_type__app_label__in={name.split(".")[0] for name in wanted}
    ):
        by_name[f"{permission.content_type.app_label}.{permission.codename}"] = permission
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([by_name[name] for name in perms if name in by_name])


def role_groups_sync_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Runs after each app's post_migrate; the last run (after all permissions exist) leaves the full set.
    if global_apps.is_installed("contracts") and kwargs.get("apps") is not None:
        role_groups_sync()


@transaction.atomic
def user_role_assign(*, user: Any, role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Unknown role %(role)s.") % {"role": role}, code="unknown_role")
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    forget_actor(user)


@transaction.atomic
def provider_membership_create(*, provider: Provider, user: Any, role: str) -> ProviderMembership:
    """Attach a user to a provider. City staff may not also be provider staff: the scoping would be ambiguous."""
    if role not in MembershipRole.values:
        raise ValidationError(_("Unknown provider role %(role)s.") % {"role": role}, code="unknown_role")
    if user.groups.filter(name__in=CITY_ROLES).exists():
        raise ValidationError(_("A city user cannot be a member of a provider."), code="membership_city_user")
    membership, created = ProviderMembership.objects.get_or_create(
        user=user, provider=provider, defaults={"role": role}
    )
    if not created and (membership.role != role or not membership.is_active):
        membership.role = role
        membership.is_active = True
        membership.full_clean()
        membership.save(update_fields=["role", "is_active"])
    user_role_assign(user=user, role=role)
    return membership


@transaction.atomic
def user_language_set(*, user: Any, language: str) -> UserPreference:
    """Remember the language a user chose, for what the portal sends them later (e-mail)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language %(language)s.") % {"language": language}, code="unknown_language")
    preference, created = UserPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"language": language}
    )
    if not created and preference.language != language:
        preference.language = language
        preference.full_clean()
        preference.save(update_fields=["language", "updated_at"])
    return preference


def client_get_or_create(
    *, identity_code: str, first_name: str, last_name: str, language: str = "fi"
) -> tuple[Client, bool]:
    """Find the client by identity code or create them; names of an existing client are not overwritten."""
    code = normalize_identity_code(identity_code)
    existing = Client.objects.filter(identity_code=code).first()
    if existing is not None:
        return existing, False
    client = Client(identity_code=code, first_name=first_name.strip(), last_name=last_name.strip(), language=language)
    client.full_clean()
    client.save()
    return client, True


def client_access_record(
    *,
    user: Any,
    client_ids: Iterable[int],
    action: str,
    resource: str,
    object_ref: str = "",
    purpose: str = "",
) -> int:
    """Record that `user` saw these clients (docs §11): the one mechanism every page, API and export uses.

    One bulk insert, whatever the number of clients shown. Returns the number of rows written.
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Anonymous access to client data")
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    unique_ids = list(dict.fromkeys(client_id for client_id in client_ids if client_id is not None))
    rows = [
        ClientAccessLog(
            user_id=user.pk,
            client_id=client_id,
            action=action,
            resource=resource[:120],
            object_ref=object_ref[:80],
            purpose=purpose[:200],
        )
        for client_id in unique_ids
    ]
    ClientAccessLog.objects.bulk_create(rows, batch_size=500)
    return len(rows)
