"""Writes about providers, their people and clients. Every write in the portal goes through a service."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from suppliers.access import Actor, actor_for, forget_actor, person_name
from suppliers.identity import normalize_identity_code
from suppliers.models import (
    AccessAction,
    ApiToken,
    Client,
    ClientAccessLog,
    MembershipRole,
    Provider,
    ProviderMembership,
    StaffEvent,
    StaffEventKind,
    UserPreference,
)
from suppliers.permissions import is_provider_member, may_administer_provider, may_hold_api_token
from suppliers.roles import CITY_ROLES, PROVIDER_ROLES, ROLE_PERMISSIONS, Role

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


def _name_key(first_name: str, last_name: str) -> tuple[str, str]:
    return (" ".join(first_name.split()).casefold(), " ".join(last_name.split()).casefold())


def client_get_or_create(
    *, identity_code: str, first_name: str, last_name: str, language: str = "fi"
) -> tuple[Client, bool]:
    """Find the client by identity code or create them; names of an existing client are not overwritten.

    An existing client is found only with the name registered for them (case and spacing aside): otherwise
    anyone who may order could learn a person's name from their identity code. The refusal names neither."""
    code = normalize_identity_code(identity_code)
    existing = Client.objects.filter(identity_code=code).first()
    if existing is not None:
        if _name_key(existing.first_name, existing.last_name) != _name_key(first_name, last_name):
            raise ValidationError(
                _(
                    "The name does not match the name registered for this personal identity code. Check the "
                    "identity code and write the client's name as in the population register."
                ),
                code="client_name_mismatch",
            )
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


# Provider self-administration and API tokens (docs §2, §13) -------------------------------------------------


def staff_event_record(
    *,
    actor_user: Any | None,
    provider: Provider | None,
    kind: str,
    subject: Any,
    token_name: str = "",
    from_value: str = "",
    to_value: str = "",
) -> StaffEvent:
    event = StaffEvent(
        actor=actor_user,
        provider=provider,
        kind=kind,
        subject=subject,
        token_name=token_name,
        from_value=from_value,
        to_value=to_value,
    )
    event.full_clean()
    event.save()
    return event


def _provider_role_groups_sync(user: Any) -> None:
    """A user's provider-role groups follow their active memberships: a role they hold at no provider goes."""
    held = set(ProviderMembership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    for role in PROVIDER_ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    forget_actor(user)


def _require_administers(actor: Actor, provider_id: int | None) -> None:
    if not may_administer_provider(actor, provider_id):
        raise PermissionDenied(_("Only the provider's admin manages its staff and API tokens."))


def _provider_role(role: str) -> str:
    if role not in MembershipRole.values:
        raise ValidationError(
            {"role": _("Choose a provider role: a provider cannot give a city role.")}, code="role_not_provider"
        )
    return role


@transaction.atomic
def staff_invite(
    *,
    actor: Actor,
    actor_user: Any,
    provider: Provider,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
) -> ProviderMembership:
    """A provider admin adds a person to their own provider; the person sets a password through the e-mailed
    link (reporting.notifications is not involved: the mail names no client)."""
    _require_administers(actor, provider.pk)
    _provider_role(role)
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists. Ask the city's administrator to add it.")},
            code="user_exists",
        )
    user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    membership = provider_membership_create(provider=provider, user=user, role=role)
    staff_event_record(
        actor_user=actor_user, provider=provider, kind=StaffEventKind.INVITED, subject=user, to_value=role
    )
    _staff_invitation_send(user=user, provider=provider, inviter=actor_user)
    return membership


def _staff_invitation_send(*, user: Any, provider: Provider, inviter: Any) -> None:
    """The set-password link, in the inviter's language; the mail names the provider and nothing else."""
    path = reverse(
        "staff-welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "provider": provider.name,
        "inviter": person_name(inviter),
        "link": f"{settings.PORTAL_BASE_URL}{path}",
        "username": user.get_username(),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    send_mail(
        subject=_("You have been invited to the social rehabilitation reporting portal"),
        message=render_to_string("suppliers/email/staff_invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def staff_membership_update(
    *, actor: Actor, actor_user: Any, membership: ProviderMembership, role: str, is_active: bool
) -> ProviderMembership:
    """Change a staff member's provider role or (de)activate them at this provider only. Deactivation revokes
    their API tokens for the provider; their memberships elsewhere are not this admin's to touch."""
    _require_administers(actor, membership.provider_id)
    _provider_role(role)
    if membership.user_id == actor.user_id:
        raise ValidationError(
            _("You cannot change your own role or deactivate yourself; ask another admin."), code="staff_self"
        )
    membership = ProviderMembership.objects.select_for_update().get(pk=membership.pk)
    events: list[tuple[str, str, str]] = []
    if membership.role != role:
        events.append((StaffEventKind.ROLE_CHANGED, membership.role, role))
    if membership.is_active != is_active:
        events.append((StaffEventKind.REACTIVATED if is_active else StaffEventKind.DEACTIVATED, "", ""))
    if not events:
        return membership
    membership.role = role
    membership.is_active = is_active
    membership.full_clean()
    membership.save(update_fields=["role", "is_active"])
    _provider_role_groups_sync(membership.user)
    if not is_active:
        for token in ApiToken.objects.filter(user_id=membership.user_id, provider_id=membership.provider_id):
            _api_token_delete(token=token, actor_user=actor_user)
    for kind, before, after in events:
        staff_event_record(
            actor_user=actor_user,
            provider=membership.provider,
            kind=kind,
            subject=membership.user,
            from_value=before,
            to_value=after,
        )
    return membership


def _expiry_days(expires_in_days: int) -> datetime.timedelta:
    if not 1 <= expires_in_days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "expires_in_days": _("A token lives from 1 to %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS},
            },
            code="token_expiry",
        )
    return datetime.timedelta(days=expires_in_days)


@transaction.atomic
def api_token_issue(
    *,
    actor: Actor | None,
    actor_user: Any | None,
    holder: Any,
    provider: Provider | None,
    name: str,
    expires_in_days: int,
) -> tuple[ApiToken, str]:
    """Issue a named, expiring API token; returns it and its key, which exists nowhere else after this.

    With a provider, the token is the provider's (issued by its admin, held by its active staff). Without one,
    it is a city integrator's and only the city's IT issues it (`actor` None: the management command)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name that says which system uses it.")}, code="required")
    ttl = _expiry_days(expires_in_days)
    holder_actor = actor_for(holder)
    if not may_hold_api_token(holder_actor):
        raise ValidationError(_("This person's role may not hold an API token."), code="token_role_refused")
    if provider is None:
        if actor is not None or not holder_actor.is_city_user:
            raise PermissionDenied(_("Only the city's IT issues tokens for the city's systems."))
    else:
        if actor is not None:
            _require_administers(actor, provider.pk)
        if not is_provider_member(holder_actor, provider.pk):
            raise ValidationError({"holder": _("The holder must be active staff of this provider.")}, code="invalid")
    token, key = ApiToken.objects.create(
        user=holder, expiry=ttl, name=name[:100], provider=provider, created_by=actor_user
    )
    staff_event_record(
        actor_user=actor_user,
        provider=provider,
        kind=StaffEventKind.TOKEN_ISSUED,
        subject=holder,
        token_name=token.name,
        to_value=token.expiry.date().isoformat(),
    )
    return token, key


def _api_token_delete(*, token: ApiToken, actor_user: Any | None) -> None:
    staff_event_record(
        actor_user=actor_user,
        provider=token.provider,
        kind=StaffEventKind.TOKEN_REVOKED,
        subject=token.user,
        token_name=token.name,
    )
    token.delete()


@transaction.atomic
def api_token_revoke(*, actor: Actor | None, actor_user: Any | None, token: ApiToken) -> None:
    """Revoke a token at once. A provider's admin revokes their provider's tokens; the city's IT any."""
    if actor is not None:
        _require_administers(actor, token.provider_id)
    _api_token_delete(token=token, actor_user=actor_user)
