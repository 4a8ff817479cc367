"""Goal attainment (SPEC §5, §10): Kiresuk–Sherman GAS T-scores per client and month, and their means.

For one client in one month, over the goals i with a GAS level xᵢ (−2…+2, 0 = the expected outcome) and a
weight wᵢ (default 1), with the inter-goal correlation ρ = 0.3:

    T = 50 + 10 · Σ wᵢxᵢ / √((1 − ρ) · Σ wᵢ² + ρ · (Σ wᵢ)²)

T = 50 when every goal is reached as expected; each standard deviation is 10 points. The levels come from
the report entries: the current revision of each month's report, once submitted (drafts and returned
reports are still being corrected). A group's score (per provider or product) is the mean of its clients'
T-scores for the month, given with n, the number of client-months it is the mean of.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Sqrt
from django.utils import timezone

from contracts.models import Product
from contracts.selectors import service_order_list
from portal.periods import Period
from reporting.models import GoalProgress, ReportEntry, ReportState
from suppliers.access import Actor
from suppliers.models import Provider

RHO = 0.3
COUNTED_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)
GROUPS = ("provider", "product")


def gas_t_score(goals: Iterable[tuple[int, int]], *, rho: float = RHO) -> float | None:
    """The Kiresuk–Sherman T-score of (level, weight) pairs; None without goals.

    T = 50 + 10 · Σ wᵢxᵢ / √((1 − ρ) · Σ wᵢ² + ρ · (Σ wᵢ)²)
    """
    pairs = list(goals)
    if not pairs:
        return None
    weighted = sum(weight * level for level, weight in pairs)
    squares = sum(weight * weight for _level, weight in pairs)
    total = sum(weight for _level, weight in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * squares + rho * total * total)


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
        rows = rows.filter(entry__report__period=str(period))
    if service_order_id is not None:
        rows = rows.filter(entry__service_order_id=service_order_id)
    levels: dict[int, list[tuple[int, int]]] = defaultdict(list)
    facts: dict[int, tuple[int, int, int, int, str]] = {}
    for entry_id, order_id, client_id, provider_id, product_id, month, level, weight in rows.values_list(
        "entry_id",
        "entry__service_order_id",
        "entry__service_order__client_id",
        "entry__report__provider_id",
        "entry__service_order__contract_line__product_id",
        "entry__report__period",
        "level",
        "goal__weight",
    ):
        levels[entry_id].append((level, weight))
        facts[entry_id] = (order_id, client_id, provider_id, product_id, month)
    scores = []
    for entry_id, pairs in levels.items():
        order_id, client_id, provider_id, product_id, month = facts[entry_id]
        score = gas_t_score(pairs)
        assert score is not None
        scores.append(ClientScore(entry_id, order_id, client_id, provider_id, product_id, month, score, len(pairs)))
    return sorted(scores, key=lambda score: (score.period, score.service_order_id))


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


# The same T-score computed in the database, for dashboards over many months ---------------------------------


def _float(expression: Any) -> Cast:
    return Cast(expression, FloatField())


def gas_entry_t_score() -> Subquery:
    """The T-score of the report entry at OuterRef("pk"), in SQL (NULL without goal progress).

    The formula of `gas_t_score`, so that a dashboard over national data aggregates in the database instead
    of reading every goal's level (hundreds of thousands of rows a year).
    """
    weight = F("goal__weight")
    sum_wx = _float(Sum(F("level") * weight))
    sum_w2 = _float(Sum(weight * weight))
    sum_w = _float(Sum(weight))
    score = Value(50.0) + Value(10.0) * sum_wx / Sqrt(
        Value(1 - RHO) * sum_w2 + Value(RHO) * sum_w * sum_w, output_field=FloatField()
    )
    per_entry = (
        GoalProgress.objects.filter(entry_id=OuterRef("pk"))
        .order_by()
        .values("entry_id")
        .annotate(t_score=ExpressionWrapper(score, output_field=FloatField()))
        .values("t_score")
    )
    return Subquery(per_entry, output_field=FloatField())


def counted_entries(*, first: Period, last: Period) -> QuerySet[ReportEntry]:
    """Entries of the current revision of submitted and approved reports from `first` to `last`."""
    return ReportEntry.objects.filter(
        report__is_current=True,
        report__state__in=COUNTED_STATES,
        report__period__gte=str(first),
        report__period__lte=str(last),
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
    """T-score sums and cost per month, provider and product over `entries`, in one statement.

    Each entry's T-score is computed once, grouped over its goal progress in a common table expression,
    and joined to the entries. (Annotating the entries with `gas_entry_t_score()` and aggregating that
    makes Django repeat the correlated subquery in every aggregate: 2.3 s instead of 0.3 s on a national
    year in PostgreSQL.) Plain SQL that SQLite and PostgreSQL both run; `entries` contributes its filters
    as a subquery with its own parameters.
    """
    from contracts.models import ContractLine, Goal, ServiceOrder
    from reporting.models import Report

    counted_sql, counted_params = entries.values("id").query.sql_with_params()
    tables = {
        "progress": GoalProgress._meta.db_table,
        "goal": Goal._meta.db_table,
        "entry": ReportEntry._meta.db_table,
        "report": Report._meta.db_table,
        "order": ServiceOrder._meta.db_table,
        "line": ContractLine._meta.db_table,
    }
    # The filter subquery is joined as a derived table (twice, with its parameters twice): PostgreSQL then
    # hash-joins it, where `IN (subquery)` led it to 90,000 index lookups.
    sql = f"""
        SELECT r.period, r.provider_id, cl.product_id,
               COUNT(CASE WHEN e.units_delivered > 0 OR s.t_score IS NOT NULL THEN 1 END),
               COUNT(s.t_score), SUM(s.t_score), SUM(e.cost)
        FROM ({counted_sql}) counted
        JOIN "{tables["entry"]}" e ON e.id = counted.id
        JOIN "{tables["report"]}" r ON r.id = e.report_id
        JOIN "{tables["order"]}" o ON o.id = e.service_order_id
        JOIN "{tables["line"]}" cl ON cl.id = o.contract_line_id
        LEFT JOIN (
            SELECT gp.entry_id AS entry_id,
                   50 + 10 * CAST(SUM(gp.level * g.weight) AS DOUBLE PRECISION) / SQRT(CAST(
                       {1 - RHO!r} * SUM(g.weight * g.weight) + {RHO!r} * SUM(g.weight) * SUM(g.weight)
                       AS DOUBLE PRECISION
                   )) AS t_score
            FROM ({counted_sql}) scored
            JOIN "{tables["progress"]}" gp ON gp.entry_id = scored.id
            JOIN "{tables["goal"]}" g ON g.id = gp.goal_id
            GROUP BY gp.entry_id
        ) s ON s.entry_id = e.id
        GROUP BY r.period, r.provider_id, cl.product_id
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*counted_params, *counted_params])
        rows = cursor.fetchall()
    return [
        GasCell(
            period=period,
            provider_id=provider_id,
            product_id=product_id,
            client_months=client_months,
            scored=scored,
            t_sum=float(t_sum or 0.0),
            # SQLite sums decimals as floats: back to cents.
            cost=Decimal(str(cost or 0)).quantize(Decimal("0.01")),
        )
        for period, provider_id, product_id, client_months, scored, t_sum, cost in rows
    ]
