"""Reads about providers and clients, already scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import QuerySet

from suppliers.access import Actor
from suppliers.models import ClientAccessLog, Provider, ProviderMembership


def provider_list(*, actor: Actor) -> QuerySet[Provider]:
    queryset = Provider.objects.all()
    if actor.sees_all_providers:
        return queryset
    if actor.provider_ids:
        return queryset.filter(id__in=actor.provider_ids)
    return queryset.none()


def provider_membership_list(*, actor: Actor) -> QuerySet[ProviderMembership]:
    queryset = ProviderMembership.objects.select_related("user", "provider")
    if actor.is_superuser or actor.has_role("administrator"):
        return queryset
    if actor.has_role("provider_admin"):
        return queryset.filter(provider_id__in=actor.provider_ids)
    return queryset.none()


def client_access_log_list(*, actor: Actor) -> QuerySet[ClientAccessLog]:
    """Only administrators read the access log (the data protection officer's requests go through them)."""
    queryset = ClientAccessLog.objects.select_related("user", "client")
    if actor.is_superuser or actor.has_role("administrator"):
        return queryset
    return queryset.none()
