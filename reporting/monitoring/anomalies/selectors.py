"""Anomalies a person should look at (issue #7): each row is one case, with a link to its order, report or
contract. Reports count as in the outcomes: the current revision of submitted and approved reports.

1. **Same GAS level for a long time**: a goal reported with the identical level in at least
   `SAME_LEVEL_MONTHS` consecutive calendar months; the run ends in the range (the scan reaches back
   `SAME_LEVEL_MONTHS − 1` months before it).
2. **Hours at the daily maximum**: an entry whose every present day has the product's maximum daily hours
   (`Product.max_daily_hours`), with at least `MIN_PRESENT_DAYS` present days in the month.
3. **Occupancy above capacity**: per contract line with a capacity and month, the most clients with an
   active service order on one day, when more than the capacity (orders, not reports: the city bought them).
4. **A client reported by two providers on one day**: days a client is reported present by two different
   providers (any products), per client, month and pair of providers.

Kinds 1, 2 and 4 name clients (name and masked identity code): the dashboard lists their ids in
`client_ids`, and whoever shows it logs them (`suppliers.services.client_access_record`).

Each scan is bounded by the month range and aggregates in the database; rows come back only for anomalies
(and, for capacity, the orders of the lines whose order count could exceed it). Kind 2 reads what each entry
keeps of its days (`ReportEntry.present_days`, `least_present_hours`, written by the report services), not
the days themselves; kind 1 is one grouped pass over the goal progress of the months.

One module past 500 lines: the four scans share the range, the counted reports and one dashboard's rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Aggregate, CharField, Count, F, Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from contracts.models import Contract, ContractLine, Goal, GoalArea, Product, ServiceOrder
from core.periods import Period
from reporting.models import AttendanceDay, AttendanceStatus, GoalProgress, ReportEntry
from reporting.monitoring.outcomes.forms import months_before, months_between
from reporting.monitoring.tables import Column, Dashboard, Figure, Kind, Table, Value
from reporting.outcomes import COUNTED_STATES
from reporting.permissions import require_monitor
from suppliers.access import Actor
from suppliers.identity import mask_identity_code
from suppliers.models import Client, Provider

SAME_LEVEL_MONTHS = 6
MIN_PRESENT_DAYS = 5
# Rows shown per kind: more than a person can look at in one sitting; the figure gives the full count and the
# filters (provider, contract, a shorter range) narrow the list down.
MAX_ROWS = 200


def _counted(prefix: str, first: Period, last: Period) -> Q:
    """Rows of counted reports from `first` to `last`; `prefix` leads from the rows to the report."""
    return Q(
        **{
            f"{prefix}is_current": True,
            f"{prefix}state__in": COUNTED_STATES,
            f"{prefix}period__gte": first,
            f"{prefix}period__lte": last,
        }
    )


def _scope(prefix: str, *, provider_id: int | None, contract_id: int | None) -> Q:
    """The provider and contract filter; `prefix` leads to a report (it has both)."""
    condition = Q()
    if provider_id is not None:
        condition &= Q(**{f"{prefix}provider_id": provider_id})
    if contract_id is not None:
        condition &= Q(**{f"{prefix}contract_id": contract_id})
    return condition


def _order_scope(*, provider_id: int | None, contract_id: int | None) -> Q:
    """The same filter on service orders."""
    condition = Q()
    if provider_id is not None:
        condition &= Q(provider_id=provider_id)
    if contract_id is not None:
        condition &= Q(contract_line__contract_id=contract_id)
    return condition


class _Names:
    """Names for the ids the rows carry: one query per kind of name, whatever the number of rows."""

    def __init__(self, *, clients: Iterable[int], providers: Iterable[int], products: Iterable[int]) -> None:
        client_ids, provider_ids, product_ids = set(clients), set(providers), set(products)
        self.clients = {
            pk: (f"{last_name}, {first_name}", mask_identity_code(code))
            for pk, last_name, first_name, code in (
                Client.objects.filter(pk__in=client_ids).values_list("pk", "last_name", "first_name", "identity_code")
                if client_ids
                else []
            )
        }
        self.providers = (
            dict(Provider.objects.filter(pk__in=provider_ids).values_list("pk", "name")) if provider_ids else {}
        )
        self.products = (
            {product.pk: product.name for product in Product.objects.filter(pk__in=product_ids)} if product_ids else {}
        )

    def client(self, pk: int) -> tuple[str, str]:
        return self.clients.get(pk, (str(pk), ""))

    def provider(self, pk: int) -> str:
        return self.providers.get(pk, str(pk))

    def product(self, pk: int) -> str:
        return self.products.get(pk, str(pk))


# 1. The same GAS level for a long time -------------------------------------------------------------------------


@dataclass(frozen=True)
class SameLevelRun:
    goal_id: int
    goal_area: str
    service_order_id: int
    client_id: int
    provider_id: int
    product_id: int
    level: int
    first: str
    last: str
    months: int


class _Periods(Aggregate):
    """The group's periods as one comma-separated text (GROUP_CONCAT in SQLite, STRING_AGG in PostgreSQL)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')", **extra_context
        )


def _runs(periods: Iterable[str], *, ending_from: str) -> list[tuple[str, str, int]]:
    """(first, last, months) of each run of at least SAME_LEVEL_MONTHS consecutive months ending from
    `ending_from` on."""
    months = sorted(Period.parse(period) for period in periods)
    runs = []
    start = 0
    for index in range(1, len(months) + 1):
        if index < len(months) and months[index] == months[index - 1].next():
            continue
        length = index - start
        if length >= SAME_LEVEL_MONTHS and str(months[index - 1]) >= ending_from:
            runs.append((str(months[start]), str(months[index - 1]), length))
        start = index
    return runs


def same_level_runs(
    *, first: Period, last: Period, provider_id: int | None, contract_id: int | None
) -> list[SameLevelRun]:
    scan_from = months_before(first, SAME_LEVEL_MONTHS - 1)
    # A goal has one entry a month among current revisions, and one level in it. So the months of one goal
    # and level that follow each other are a run: one grouped pass over the months' goal progress gives each
    # goal and level with enough months, with its months as a text (no second pass over the rows).
    candidates = (
        GoalProgress.objects.filter(
            _counted("entry__report__", scan_from, last),
            _scope("entry__report__", provider_id=provider_id, contract_id=contract_id),
        )
        .order_by()
        .values("goal_id", "level")
        .annotate(months=Count("pk"), periods=_Periods("entry__report__period"))
        .filter(months__gte=SAME_LEVEL_MONTHS)
        .values("goal_id", "level", "periods")
    )
    candidates_sql, params = candidates.query.sql_with_params()
    tables = {
        "goal": Goal._meta.db_table,
        "order": ServiceOrder._meta.db_table,
        "line": ContractLine._meta.db_table,
    }
    # The goal's order, client, provider and product for the few groups found, joined after the grouping.
    sql = f"""
        SELECT c.goal_id, c.level, c.periods, g.area, o.id, o.client_id, o.provider_id, cl.product_id
        FROM ({candidates_sql}) c
        JOIN "{tables["goal"]}" g ON g.id = c.goal_id
        JOIN "{tables["order"]}" o ON o.id = g.service_order_id
        JOIN "{tables["line"]}" cl ON cl.id = o.contract_line_id
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    runs = [
        SameLevelRun(goal_id, area, order_id, client_id, provider, product, level, run_first, run_last, months)
        for goal_id, level, periods, area, order_id, client_id, provider, product in rows
        for run_first, run_last, months in _runs(periods.split(","), ending_from=str(first))
    ]
    return sorted(runs, key=lambda run: (run.provider_id, run.client_id, run.goal_id, run.first))


# 2. Hours at the daily maximum every present day -----------------------------------------------------------------


@dataclass(frozen=True)
class HoursAtMaximum:
    report_id: int
    period: str
    service_order_id: int
    client_id: int
    provider_id: int
    product_id: int
    present_days: int
    hours: Decimal


def hours_at_maximum(
    *, first: Period, last: Period, provider_id: int | None, contract_id: int | None
) -> list[HoursAtMaximum]:
    # Each entry keeps its present days and the fewest hours on one (written by the report services with the
    # days), so the scan reads a year's entries, not its million attendance days.
    limit = F("service_order__contract_line__product__max_daily_hours")
    rows = (
        ReportEntry.objects.filter(
            _counted("report__", first, last),
            _scope("report__", provider_id=provider_id, contract_id=contract_id),
            present_days__gte=MIN_PRESENT_DAYS,
            service_order__contract_line__product__max_daily_hours__isnull=False,
            least_present_hours__gte=limit,
        )
        .order_by()
        .values_list(
            "report_id",
            "report__period",
            "service_order_id",
            "service_order__client_id",
            "report__provider_id",
            "service_order__contract_line__product_id",
            "present_days",
            "service_order__contract_line__product__max_daily_hours",
        )
    )
    found = [
        HoursAtMaximum(report_id, str(period), order_id, client_id, provider, product, present, hours or Decimal(0))
        for report_id, period, order_id, client_id, provider, product, present, hours in rows
    ]
    return sorted(found, key=lambda row: (row.period, row.provider_id, row.client_id))


# 3. Occupancy above capacity ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverCapacity:
    contract_id: int
    line_id: int
    provider_id: int
    product_id: int
    period: str
    capacity: int
    most_clients: int
    first_day: datetime.date


def over_capacity(
    *, first: Period, last: Period, provider_id: int | None, contract_id: int | None
) -> list[OverCapacity]:
    orders = ServiceOrder.objects.filter(
        _order_scope(provider_id=provider_id, contract_id=contract_id),
        contract_line__capacity__isnull=False,
        starts_on__lte=last.last_day,
        ends_on__gte=first.first_day,
    ).order_by()
    # A line with no more orders in the whole range than its capacity cannot be over it on any day.
    candidates = (
        orders.values("contract_line_id", "contract_line__capacity")
        .annotate(orders=Count("pk"))
        .filter(orders__gt=F("contract_line__capacity"))
        .values("contract_line_id")
    )
    per_line: dict[int, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    facts: dict[int, tuple[int, int, int, int]] = {}
    for line_id, contract, provider, product, capacity, starts_on, ends_on in orders.filter(
        contract_line_id__in=candidates
    ).values_list(
        "contract_line_id",
        "contract_line__contract_id",
        "provider_id",
        "contract_line__product_id",
        "contract_line__capacity",
        "starts_on",
        "ends_on",
    ):
        changes = per_line[line_id]
        changes[max(starts_on, first.first_day)] += 1
        changes[min(ends_on, last.last_day) + datetime.timedelta(days=1)] -= 1
        facts[line_id] = (contract, provider, product, capacity or 0)
    found: list[OverCapacity] = []
    for line_id, changes in per_line.items():
        contract, provider, product, capacity = facts[line_id]
        # month -> (most clients on one day, the first day it was over the capacity)
        months: dict[str, tuple[int, datetime.date]] = {}
        active = 0
        days = sorted(changes)
        for index, day in enumerate(days[:-1]):
            active += changes[day]
            if active <= capacity:
                continue
            until = days[index + 1] - datetime.timedelta(days=1)
            for month in months_between(Period.of(day), Period.of(until)):
                key = str(month)
                start = max(day, month.first_day)
                most, first_day = months.get(key, (0, start))
                months[key] = (max(most, active), min(first_day, start))
        for key, (most, first_day) in months.items():
            found.append(OverCapacity(contract, line_id, provider, product, key, capacity, most, first_day))
    return sorted(found, key=lambda row: (row.period, row.provider_id, row.line_id))


# 4. A client reported by two providers on one day ---------------------------------------------------------------


@dataclass(frozen=True)
class TwoProviders:
    client_id: int
    period: str
    provider_ids: tuple[int, int]
    days: int
    first_day: datetime.date
    report_id: int


def two_providers_one_day(
    *, first: Period, last: Period, provider_id: int | None, contract_id: int | None
) -> list[TwoProviders]:
    # Only clients with orders at two providers in the range can be reported by two: narrow them down first.
    overlapping = ServiceOrder.objects.filter(starts_on__lte=last.last_day, ends_on__gte=first.first_day).order_by()
    candidates = (
        overlapping.values("client_id").annotate(providers=Count("provider_id", distinct=True)).filter(providers__gt=1)
    )
    if provider_id is not None or contract_id is not None:
        mine = overlapping.filter(_order_scope(provider_id=provider_id, contract_id=contract_id))
        candidates = candidates.filter(client_id__in=mine.values("client_id"))
    days = (
        AttendanceDay.objects.filter(
            _counted("entry__report__", first, last),
            status=AttendanceStatus.PRESENT,
            entry__service_order__client_id__in=candidates.values("client_id"),
        )
        .order_by()
        .values("entry__service_order__client_id", "date")
        .annotate(
            providers=Count("entry__report__provider_id", distinct=True),
            one=Min("entry__report__provider_id"),
            other=Max("entry__report__provider_id"),
            report=Min("entry__report_id"),
        )
        .filter(providers__gt=1)
    )
    grouped: dict[tuple[int, str, int, int], list[tuple[datetime.date, int]]] = defaultdict(list)
    for row in days:
        key = (row["entry__service_order__client_id"], str(Period.of(row["date"])), row["one"], row["other"])
        grouped[key].append((row["date"], row["report"]))
    found = []
    for (client_id, period, one, other), dates in grouped.items():
        if provider_id is not None and provider_id not in (one, other):
            continue
        first_day, report_id = min(dates)
        found.append(TwoProviders(client_id, period, (one, other), len(dates), first_day, report_id))
    return sorted(found, key=lambda row: (row.period, row.client_id))


# The dashboard ---------------------------------------------------------------------------------------------------


def _capped(total: int) -> str:
    return _("Showing %(shown)s of %(total)s; narrow the filters to see the rest.") % {
        "shown": MAX_ROWS,
        "total": total,
    }


def _client_columns() -> list[Column]:
    return [Column("client", _("Client")), Column("identity_code", _("Identity code (masked)"))]


def anomalies_dashboard(
    *,
    actor: Actor,
    first: Period,
    last: Period,
    provider_id: int | None = None,
    contract_id: int | None = None,
) -> Dashboard:
    """Cases a person should look at, one table per kind; `client_ids` lists the clients it names."""
    require_monitor(actor)
    # The longest, latest and largest cases first, so that a capped list keeps those.
    all_runs = sorted(
        same_level_runs(first=first, last=last, provider_id=provider_id, contract_id=contract_id),
        key=lambda run: -run.months,
    )
    all_maxed = sorted(
        hours_at_maximum(first=first, last=last, provider_id=provider_id, contract_id=contract_id),
        key=lambda row: row.period,
        reverse=True,
    )
    all_crowded = sorted(
        over_capacity(first=first, last=last, provider_id=provider_id, contract_id=contract_id),
        key=lambda row: (row.capacity - row.most_clients, row.period),
    )
    all_doubled = sorted(
        two_providers_one_day(first=first, last=last, provider_id=provider_id, contract_id=contract_id),
        key=lambda row: (-row.days, row.period),
    )
    runs, maxed = all_runs[:MAX_ROWS], all_maxed[:MAX_ROWS]
    crowded, doubled = all_crowded[:MAX_ROWS], all_doubled[:MAX_ROWS]
    client_ids = tuple(
        dict.fromkeys(
            [run.client_id for run in runs] + [row.client_id for row in maxed] + [row.client_id for row in doubled]
        )
    )
    names = _Names(
        clients=client_ids,
        providers=[run.provider_id for run in runs]
        + [row.provider_id for row in maxed]
        + [row.provider_id for row in crowded]
        + [pk for row in doubled for pk in row.provider_ids],
        products=[run.product_id for run in runs]
        + [row.product_id for row in maxed]
        + [row.product_id for row in crowded],
    )
    contracts = (
        dict(Contract.objects.filter(pk__in={row.contract_id for row in crowded}).values_list("pk", "number"))
        if crowded
        else {}
    )
    areas = dict(GoalArea.choices)

    same_level_rows: list[list[Value]] = [
        [
            *names.client(run.client_id),
            names.provider(run.provider_id),
            names.product(run.product_id),
            str(areas.get(run.goal_area, run.goal_area)),
            run.level,
            run.first,
            run.last,
            run.months,
        ]
        for run in runs
    ]
    maxed_rows: list[list[Value]] = [
        [
            *names.client(row.client_id),
            names.provider(row.provider_id),
            names.product(row.product_id),
            row.period,
            row.present_days,
            row.hours,
        ]
        for row in maxed
    ]
    crowded_rows: list[list[Value]] = [
        [
            contracts.get(row.contract_id, str(row.contract_id)),
            names.provider(row.provider_id),
            names.product(row.product_id),
            row.period,
            row.capacity,
            row.most_clients,
            row.most_clients - row.capacity,
            row.first_day,
        ]
        for row in crowded
    ]
    doubled_rows: list[list[Value]] = [
        [
            *names.client(row.client_id),
            row.period,
            names.provider(row.provider_ids[0]),
            names.provider(row.provider_ids[1]),
            row.days,
            row.first_day,
        ]
        for row in doubled
    ]
    tables = (
        Table(
            slug="same-gas-level",
            title=_("The same goal-attainment level for a long time"),
            columns=[
                *_client_columns(),
                Column("provider", _("Provider")),
                Column("product", _("Product")),
                Column("goal_area", _("Goal area")),
                Column("level", _("GAS level"), Kind.INTEGER),
                Column("from", _("From month")),
                Column("to", _("To month")),
                Column("months", _("Months"), Kind.INTEGER),
            ],
            rows=same_level_rows,
            links=[reverse("service-order-detail", args=[run.service_order_id]) for run in runs],
            note=_("A goal reported with the same GAS level in at least %(months)s consecutive months.")
            % {"months": SAME_LEVEL_MONTHS},
        ),
        Table(
            slug="hours-at-maximum",
            title=_("Work hours at the daily maximum on every present day"),
            columns=[
                *_client_columns(),
                Column("provider", _("Provider")),
                Column("product", _("Product")),
                Column("month", _("Month")),
                Column("present_days", _("Present days"), Kind.INTEGER),
                Column("hours", _("Hours every day (the product's maximum)"), Kind.DECIMAL),
            ],
            rows=maxed_rows,
            links=[reverse("report-detail", args=[row.report_id]) for row in maxed],
            note=_("Months with at least %(days)s present days, each with the product's maximum daily hours.")
            % {"days": MIN_PRESENT_DAYS},
        ),
        Table(
            slug="over-capacity",
            title=_("Occupancy above capacity"),
            columns=[
                Column("contract", _("Contract")),
                Column("provider", _("Provider")),
                Column("product", _("Product")),
                Column("month", _("Month")),
                Column("capacity", _("Capacity (clients at once)"), Kind.INTEGER),
                Column("most_clients", _("Most clients on one day"), Kind.INTEGER),
                Column("over", _("Over capacity by"), Kind.INTEGER),
                Column("first_day", _("First day over capacity"), Kind.DATE),
            ],
            rows=crowded_rows,
            links=[reverse("contract-detail", args=[row.contract_id]) for row in crowded],
            note=_("Clients with an active service order on the contract line on one day, above its capacity."),
        ),
        Table(
            slug="two-providers",
            title=_("A client reported by two providers on the same day"),
            columns=[
                *_client_columns(),
                Column("month", _("Month")),
                Column("provider", _("Provider")),
                Column("other_provider", _("Other provider")),
                Column("days", _("Days"), Kind.INTEGER),
                Column("first_day", _("First day"), Kind.DATE),
            ],
            rows=doubled_rows,
            links=[reverse("report-detail", args=[row.report_id]) for row in doubled],
            note=_("Days on which two providers report the client present, in any products."),
        ),
    )
    figures = (
        Figure(_("Same level for a long time"), len(all_runs), status="warning" if runs else "ok"),
        Figure(_("Hours at the daily maximum"), len(all_maxed), status="warning" if maxed else "ok"),
        Figure(_("Above capacity"), len(all_crowded), status="warning" if crowded else "ok"),
        Figure(_("Two providers on one day"), len(all_doubled), status="warning" if doubled else "ok"),
    )
    shown = (len(all_runs), len(all_maxed), len(all_crowded), len(all_doubled))
    capped = tuple(
        replace(table, note=f"{table.note} {_capped(total)}") if total > MAX_ROWS else table
        for table, total in zip(tables, shown, strict=True)
    )
    return Dashboard(
        slug="anomalies",
        title=_("Anomalies %(first)s–%(last)s") % {"first": first, "last": last},
        figures=figures,
        tables=capped,
        notes=(_("Counted: the current revision of submitted and approved reports; capacity from service orders."),),
        client_ids=client_ids,
    )
