"""Reads about providers and clients, already scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import QuerySet

from suppliers.access import Actor
from suppliers.models import Provider


def provider_list(*, actor: Actor) -> QuerySet[Provider]:
    queryset = Provider.objects.all()
    if actor.sees_all_providers:
        return queryset
    if actor.provider_ids:
        return queryset.filter(id__in=actor.provider_ids)
    return queryset.none()
