"""Goal attainment (docs §5, §10): Kiresuk–Sherman GAS T-scores per client and month, and their means.

The T-score of one client in one month is `reporting.gas.gas_t_score`. The levels come from the report
entries: the current revision of each month's report, once submitted (drafts and returned reports are still
being corrected). Each entry keeps its T-score (`ReportEntry.t_score`), computed by the
report services when its levels are written, with the goals' weights then: like the levels themselves, a
month already reported is not rescored when a weight changes later. A group's score (per provider or
product) is the mean of its clients' T-scores for the month, given with n, the number of client-months it is
the mean of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from contracts.models import Product, ServiceOrder
from contracts.selectors import service_order_list
from core.periods import Period
from reporting.models import GoalProgress, ReportEntry, ReportState
from suppliers.access import Actor
from suppliers.models import Provider

COUNTED_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)
GROUPS = ("provider", "product")


@dataclass(frozen=True)
class ClientScore:
    """One client's T-score for one month on one service order."""

    entry_id: int
    service_order_id: int
    client_id: int
    provider_id: int
    product_id: int
    period: str
    t_score: float
    goals: int


@dataclass(frozen=True)
class GroupScore:
    key: int
    name: str
    t_score: float
    n: int


def _progress_scope(actor: Actor) -> Q | None:
    """Which entries' GAS levels the actor may count (None: nothing)."""
    if actor.sees_all_clients:
        return Q()
    if actor.is_provider_user:
        # A provider counts every report it filed, also for clients whose orders have since ended.
        return Q(entry__report__provider_id__in=actor.provider_ids)
    if actor.is_city_unit_worker:
        return Q(entry__service_order_id__in=service_order_list(actor=actor, today=timezone.localdate()).values("pk"))
    return None


def gas_progress_rows(*, actor: Actor) -> QuerySet[GoalProgress]:
    scope = _progress_scope(actor)
    queryset = GoalProgress.objects.filter(
        entry__report__is_current=True, entry__report__state__in=COUNTED_STATES
    ).order_by()
    return queryset.none() if scope is None else queryset.filter(scope)


def gas_client_scores(
    *, actor: Actor, period: Period | None = None, service_order_id: int | None = None
) -> list[ClientScore]:
    """T-scores per entry (client and month), in one query, oldest month first."""
    rows = gas_progress_rows(actor=actor)
    if period is not None:
        rows = rows.filter(entry__report__period=period)
    if service_order_id is not None:
        rows = rows.filter(entry__service_order_id=service_order_id)
    # Per entry: its stored T-score and the number of goals it was computed from.
    per_entry = (
        rows.filter(entry__t_score__isnull=False)
        .values("entry_id")
        .annotate(goals=Count("pk"))
        .values_list(
            "entry_id",
            "entry__service_order_id",
            "entry__service_order__client_id",
            "entry__report__provider_id",
            "entry__service_order__contract_line__product_id",
            "entry__report__period",
            "entry__t_score",
            "goals",
        )
    )
    scores = []
    for entry_id, order_id, client_id, provider_id, product_id, month, t_score, goals in per_entry:
        assert t_score is not None  # filtered above
        scores.append(ClientScore(entry_id, order_id, client_id, provider_id, product_id, str(month), t_score, goals))
    return sorted(scores, key=lambda score: (score.period, score.service_order_id))


def order_gas_scores(actor: Actor, order: ServiceOrder) -> dict[str, list[ClientScore]]:
    """The order page's goal attainment, month by month (registered with contracts.extensions)."""
    return {"gas_scores": gas_client_scores(actor=actor, service_order_id=order.pk)}


def gas_group_scores(scores: Iterable[ClientScore], *, group: str) -> list[GroupScore]:
    """The mean T-score per provider or product, with n; ordered by name."""
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}")
    buckets: dict[int, list[float]] = defaultdict(list)
    for score in scores:
        buckets[score.provider_id if group == "provider" else score.product_id].append(score.t_score)
    model = Provider if group == "provider" else Product
    names = {row.pk: str(row.name) for row in model.objects.filter(pk__in=buckets)}
    rows = [
        GroupScore(key, names.get(key, str(key)), sum(values) / len(values), len(values))
        for key, values in buckets.items()
    ]
    return sorted(rows, key=lambda row: row.name)


def gas_overall(scores: Iterable[ClientScore]) -> GroupScore | None:
    values = [score.t_score for score in scores]
    if not values:
        return None
    return GroupScore(0, "", sum(values) / len(values), len(values))


# Over many months: the stored T-scores, aggregated in the database ---------------------------------------------


def counted_entries(*, first: Period, last: Period) -> QuerySet[ReportEntry]:
    """Entries of the current revision of submitted and approved reports from `first` to `last`."""
    return ReportEntry.objects.filter(
        report__is_current=True,
        report__state__in=COUNTED_STATES,
        report__period__gte=first,
        report__period__lte=last,
    ).order_by()


@dataclass(frozen=True)
class GasCell:
    """One month × provider × product: client-months, those with a T-score, their sum, the cost.

    A client-month is an entry with units delivered or goal progress (an order active in the month but
    without either is not one); the cost is the sum over every entry.
    """

    period: str
    provider_id: int
    product_id: int
    client_months: int
    scored: int
    t_sum: float
    cost: Decimal


def gas_cells(entries: QuerySet[ReportEntry]) -> list[GasCell]:
    """T-score sums and cost per month, provider and product over `entries`, in one grouped query over the
    entries' stored T-scores (a national year: some 130,000 entries, no goal progress rows read)."""
    rows = (
        entries.order_by()
        .values("report__period", "report__provider_id", "service_order__contract_line__product_id")
        .annotate(
            client_months=Count("pk", filter=Q(units_delivered__gt=0) | Q(t_score__isnull=False)),
            scored=Count("t_score"),
            t_sum=Sum("t_score"),
            cost=Sum("cost"),
        )
        .values_list(
            "report__period",
            "report__provider_id",
            "service_order__contract_line__product_id",
            "client_months",
            "scored",
            "t_sum",
            "cost",
        )
    )
    return [
        GasCell(
            period=str(period),
            provider_id=provider_id,
            product_id=product_id,
            client_months=client_months,
            scored=scored,
            t_sum=float(t_sum or 0.0),
            cost=(cost or Decimal("0")).quantize(Decimal("0.01")),
        )
        for period, provider_id, product_id, client_months, scored, t_sum, cost in rows
    ]
