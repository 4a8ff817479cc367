"""Reads about providers and clients, already scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import QuerySet

from suppliers.access import Actor
from suppliers.models import ApiToken, Provider, ProviderMembership, StaffEvent


def provider_list(*, actor: Actor) -> QuerySet[Provider]:
    queryset = Provider.objects.all()
    if actor.sees_all_providers:
        return queryset
    if actor.provider_ids:
        return queryset.filter(id__in=actor.provider_ids)
    return queryset.none()


def administered_providers(*, actor: Actor) -> QuerySet[Provider]:
    """The providers whose staff and API tokens the actor manages (their admin membership)."""
    return Provider.objects.filter(id__in=actor.administered_provider_ids, is_active=True).order_by("name")


def staff_list(*, actor: Actor) -> QuerySet[ProviderMembership]:
    """The memberships of the providers the actor administers: a provider admin's staff, no one else's."""
    return (
        ProviderMembership.objects.filter(provider_id__in=actor.administered_provider_ids)
        .select_related("user", "provider")
        .order_by("provider__name", "user__last_name", "user__first_name", "id")
    )


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The API tokens of the providers the actor administers, live ones first (expired ones are removed by knox
    on the holder's next use)."""
    return (
        ApiToken.objects.filter(provider_id__in=actor.administered_provider_ids)
        .select_related("user", "provider")
        .order_by("provider__name", "-created", "-id")
    )


def staff_event_list(*, actor: Actor) -> QuerySet[StaffEvent]:
    return StaffEvent.objects.filter(provider_id__in=actor.administered_provider_ids).select_related(
        "actor", "subject", "provider"
    )
