"""Reads of self-evaluations, scoped to what the actor may see.

A provider's staff see their own provider's evaluations, drafts included; the city's contract monitors and
administrators see every submitted one (a draft is the provider's work in progress). Anyone else sees none,
and an evaluation they may not see is a 404, never a 403 that would confirm it exists.
"""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, QuerySet

from reporting.models import SelfEvaluation, SelfEvaluationComment, SelfEvaluationEvent, SelfEvaluationState
from reporting.permissions import may_monitor
from suppliers.access import Actor


def self_evaluation_list(*, actor: Actor) -> QuerySet[SelfEvaluation]:
    # Newest period first; a year after its quarters. Explicit: Meta.ordering is dropped by the GROUP BY.
    queryset = (
        SelfEvaluation.objects.select_related("provider", "contract")
        .annotate(comment_count=Count("comments"))
        .order_by("-year", F("quarter").desc(nulls_first=True), "provider__name", "contract__number", "id")
    )
    if not actor.is_authenticated:
        return queryset.none()
    if actor.is_provider_user:
        return queryset.filter(provider_id__in=actor.provider_ids)
    if may_monitor(actor):
        return queryset.exclude(state=SelfEvaluationState.DRAFT)
    return queryset.none()


def self_evaluation_detail_list(*, actor: Actor) -> QuerySet[SelfEvaluation]:
    """The visible evaluations with their comments, events and the people who wrote them, prefetched."""
    return (
        self_evaluation_list(actor=actor)
        .select_related("created_by", "submitted_by")
        .prefetch_related(
            Prefetch("comments", queryset=SelfEvaluationComment.objects.select_related("author").order_by("at", "id")),
            Prefetch("events", queryset=SelfEvaluationEvent.objects.select_related("actor").order_by("at", "id")),
        )
    )


def self_evaluation_filter(
    queryset: QuerySet[SelfEvaluation],
    *,
    provider_id: int | None = None,
    year: int | None = None,
    kind: str = "",
    state: str = "",
) -> QuerySet[SelfEvaluation]:
    """The list's filters, the same for the page and the API."""
    if provider_id is not None:
        queryset = queryset.filter(provider_id=provider_id)
    if year is not None:
        queryset = queryset.filter(year=year)
    if kind:
        queryset = queryset.filter(kind=kind)
    if state:
        queryset = queryset.filter(state=state)
    return queryset
