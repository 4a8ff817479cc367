"""Everything the rules look at, fetched in a fixed number of queries whatever the report's size."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone

from contracts.models import (
    ContractLine,
    ContractLinePrice,
    EmploymentPath,
    EmploymentPathState,
    EvidenceFile,
    Goal,
    OrderingUnit,
    Product,
    ServiceOrder,
    UnitBudget,
    WorkShareRate,
    price_in_force,
)
from core.periods import Period
from reporting.models import GoalProgress, Report, ReportEntry, ReportState
from reporting.money import ZERO, RateTable, entry_cost, price_date
from reporting.selectors import report_day_rows
from suppliers.identity import birth_date_of


class DayRow(NamedTuple):
    """A named tuple, not a frozen dataclass like the other rows: a month has tens of thousands of days, and a
    frozen dataclass is several times slower to build."""

    date: datetime.date
    status: str
    hours: Decimal


@dataclass(frozen=True, slots=True)
class ProgressRow:
    goal_id: int
    level: int


@dataclass(frozen=True, slots=True)
class GoalRow:
    pk: int
    description: str


@dataclass(frozen=True, slots=True)
class PathRow:
    """An employment path on the entry's order (declined proposals are left out)."""

    pk: int
    state: str
    justification: str
    proposed_on: datetime.date
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    has_evidence: bool

    def concerns(self, first: datetime.date, last: datetime.date) -> bool:
        """Whether the path bears on the month: its term overlaps it, or it is proposed by its end."""
        if self.starts_on is None or self.ends_on is None:
            return self.proposed_on <= last
        return self.starts_on <= last and first <= self.ends_on


@dataclass(frozen=True, slots=True)
class PriceRow:
    valid_from: datetime.date
    valid_to: datetime.date | None
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class EntryRow:
    pk: int
    units_delivered: Decimal
    work_share_paid: Decimal | None
    warning_reason: str


@dataclass(frozen=True, slots=True)
class ClientRow:
    pk: int
    identity_code: str

    def age_on(self, day: datetime.date) -> int:
        born = birth_date_of(self.identity_code)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True, slots=True)
class OrderRow:
    pk: int
    client: ClientRow
    contract_line_id: int
    ordering_unit: OrderingUnit
    provider_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    planned_volume: Decimal
    decision_number: str

    @property
    def client_id(self) -> int:
        return self.client.pk

    @property
    def ordering_unit_id(self) -> int:
        return self.ordering_unit.pk


@dataclass
class EntryData:
    """One entry with its order, days, progress and goals, as plain rows rather than model instances: a
    national month has hundreds of thousands of them, and the rules read only a few fields of each."""

    entry: EntryRow
    order: OrderRow
    product: Product
    days: list[DayRow]
    progress: list[ProgressRow]
    goals: list[GoalRow]
    paths: list[PathRow] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.entry.pk


@dataclass
class ReportContext:
    report: Report
    period: Period
    today: datetime.date
    entries: list[EntryData]
    lines: dict[int, ContractLine]
    rates: RateTable
    # Each line's prices, ordered by start: looked up without touching the ORM.
    prices: dict[int, list[PriceRow]] = field(default_factory=dict)
    # Other providers' orders on housing products for the report's clients in the month.
    housing_orders_by_client: dict[int, list[ServiceOrder]] = field(default_factory=dict)
    # (starts_on, ends_on) of the orders active in the month, per contract line of this contract (capacity).
    order_spans_per_line: dict[int, list[tuple[datetime.date, datetime.date]]] = field(default_factory=dict)
    # Yearly budget and approved cost so far (other reports) per ordering unit.
    budgets: dict[int, Decimal] = field(default_factory=dict)
    approved_cost_by_unit: dict[int, Decimal] = field(default_factory=dict)

    @property
    def first_day(self) -> datetime.date:
        return self.period.first_day

    @property
    def last_day(self) -> datetime.date:
        return self.period.last_day

    def order_span(self, item: EntryData) -> tuple[datetime.date, datetime.date] | None:
        """The days of the month the entry's order runs, or None when it does not run in the month."""
        first = max(item.order.starts_on, self.first_day)
        last = min(item.order.ends_on, self.last_day)
        return (first, last) if first <= last else None

    def price_on(self, line_id: int, day: datetime.date) -> Decimal | None:
        return price_in_force(self.prices.get(line_id, ()), day)

    def first_unpriced_day(self, line_id: int, first: datetime.date, last: datetime.date) -> datetime.date | None:
        """The first day in first..last without a price on the line, walking price periods, not days."""
        day = first
        for price in self.prices.get(line_id, ()):
            if price.valid_from > day:
                return day
            if price.valid_to is None:
                return None
            if price.valid_to >= day:
                day = price.valid_to + datetime.timedelta(days=1)
            if day > last:
                return None
        return day if day <= last else None

    def entry_cost(self, item: EntryData) -> Decimal:
        """Units × the contract's price on the first day the order runs in the month, as the services
        compute it, but from the entry's own figures: the stored cost may be stale."""
        if item.order.contract_line_id not in self.lines:
            return ZERO
        priced_on = price_date(order_starts_on=item.order.starts_on, month_first_day=self.first_day)
        return entry_cost(item.entry.units_delivered, self.price_on(item.order.contract_line_id, priced_on))

    def total_cost(self) -> Decimal:
        return sum((self.entry_cost(item) for item in self.entries), ZERO)


def report_context_build(report: Report, *, today: datetime.date | None = None) -> ReportContext:
    period = report.period
    today = today or timezone.localdate()
    report = Report.objects.select_related("contract", "provider").get(pk=report.pk)
    lines = {
        line.pk: line for line in ContractLine.objects.filter(contract_id=report.contract_id).select_related("product")
    }
    prices: dict[int, list[PriceRow]] = defaultdict(list)
    for line_id, valid_from, valid_to, unit_price in (
        ContractLinePrice.objects.filter(line__contract_id=report.contract_id)
        .order_by("line_id", "valid_from")
        .values_list("line_id", "valid_from", "valid_to", "unit_price")
    ):
        prices[line_id].append(PriceRow(valid_from, valid_to, unit_price))
    entry_rows = list(
        ReportEntry.objects.filter(report=report)
        .order_by("id")
        .values_list(
            "id",
            "units_delivered",
            "work_share_paid",
            "warning_reason",
            "service_order_id",
            "service_order__client_id",
            "service_order__client__identity_code",
            "service_order__contract_line_id",
            "service_order__contract_line__product_id",
            "service_order__ordering_unit_id",
            "service_order__provider_id",
            "service_order__starts_on",
            "service_order__ends_on",
            "service_order__planned_volume",
            "service_order__decision_number",
        )
    )
    products = {product.pk: product for product in Product.objects.filter(pk__in={row[8] for row in entry_rows})}
    ordering_units = {unit.pk: unit for unit in OrderingUnit.objects.filter(pk__in={row[9] for row in entry_rows})}
    days: dict[int, list[DayRow]] = defaultdict(list)
    for entry_id, date, status, hours in report_day_rows(report_id=report.pk):
        days[entry_id].append(DayRow(date, status, hours))
    progress: dict[int, list[ProgressRow]] = defaultdict(list)
    for entry_id, goal_id, level in (
        GoalProgress.objects.filter(entry__report_id=report.pk)
        .order_by("entry_id", "goal_id")
        .values_list("entry_id", "goal_id", "level")
    ):
        progress[entry_id].append(ProgressRow(goal_id, level))
    goals: dict[int, list[GoalRow]] = defaultdict(list)
    for order_id, goal_id, description in (
        Goal.objects.filter(service_order__report_entries__report_id=report.pk)
        .order_by("service_order_id", "id")
        .values_list("service_order_id", "id", "description")
    ):
        goals[order_id].append(GoalRow(goal_id, description))
    paths: dict[int, list[PathRow]] = defaultdict(list)
    for path_id, order_id, state, justification, proposed_at, starts_on, ends_on, has_evidence in (
        EmploymentPath.objects.filter(service_order__report_entries__report_id=report.pk)
        .exclude(state=EmploymentPathState.DECLINED)
        .annotate(has_evidence=Exists(EvidenceFile.objects.filter(path_id=OuterRef("pk"))))
        .order_by("service_order_id", "id")
        .values_list(
            "id", "service_order_id", "state", "justification", "proposed_at", "starts_on", "ends_on", "has_evidence"
        )
    ):
        paths[order_id].append(
            PathRow(
                path_id,
                state,
                justification,
                timezone.localdate(proposed_at),
                starts_on,
                ends_on,
                has_evidence,
            )
        )
    data = [
        EntryData(
            entry=EntryRow(entry_id, units, paid, reason),
            order=OrderRow(
                order_id,
                ClientRow(client_id, identity_code),
                line_id,
                ordering_units[unit_id],
                provider_id,
                starts_on,
                ends_on,
                volume,
                decision,
            ),
            product=products[product_id],
            days=days.get(entry_id, []),
            progress=progress.get(entry_id, []),
            goals=goals.get(order_id, []),
            paths=paths.get(order_id, []),
        )
        for (
            entry_id,
            units,
            paid,
            reason,
            order_id,
            client_id,
            identity_code,
            line_id,
            product_id,
            unit_id,
            provider_id,
            starts_on,
            ends_on,
            volume,
            decision,
        ) in entry_rows
    ]
    rates = RateTable(WorkShareRate.objects.values_list("effective_from", "amount_per_hour"))

    housing_clients = [item.order.client_id for item in data if item.product.is_housing]
    housing: dict[int, list[ServiceOrder]] = defaultdict(list)
    if housing_clients:
        for order in (
            ServiceOrder.objects.filter(
                client_id__in=housing_clients,
                contract_line__product__is_housing=True,
                starts_on__lte=period.last_day,
                ends_on__gte=period.first_day,
            )
            .exclude(provider_id=report.provider_id)
            .select_related("contract_line__product", "provider")
        ):
            # Only other providers' orders: the rule is about a client housed by two providers at once.
            housing[order.client_id].append(order)

    # Spans, not a count: capacity is clients at once, and two orders that follow each other share a place.
    spans: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for line_id, starts_on, ends_on in ServiceOrder.objects.filter(
        contract_line__contract_id=report.contract_id,
        starts_on__lte=period.last_day,
        ends_on__gte=period.first_day,
    ).values_list("contract_line_id", "starts_on", "ends_on"):
        spans[line_id].append((starts_on, ends_on))

    unit_ids = {item.order.ordering_unit_id for item in data}
    budgets = dict(
        UnitBudget.objects.filter(ordering_unit_id__in=unit_ids, year=period.year).values_list(
            "ordering_unit_id", "amount"
        )
    )
    approved = approved_cost_by_unit(report, set(budgets))
    return ReportContext(
        report=report,
        period=period,
        today=today,
        entries=data,
        lines=lines,
        rates=rates,
        prices=dict(prices),
        housing_orders_by_client=dict(housing),
        order_spans_per_line=dict(spans),
        budgets=budgets,
        approved_cost_by_unit=approved,
    )


def approved_cost_by_unit(report: Report, unit_ids: set[int]) -> dict[int, Decimal]:
    """What the city has approved so far in the report's year for these ordering units (other reports only).

    Bounded to what the budget rule needs: only units that have a budget for the year (none: no query), only
    approved reports of that year's twelve months (a range on the period, which an index serves, not a text
    pattern), read report first, then their entries by the report index and the entries' orders by key. So the
    plan does not depend on the planner's estimates: right after a bulk load, before PostgreSQL had statistics,
    the earlier form (entries joined to a year of reports by `period LIKE 'YYYY-%'`) took about 1.2 s a report.
    """
    if not unit_ids:
        return {}
    period = report.period
    year_reports = (
        Report.objects.filter(
            state=ReportState.APPROVED,
            period__gte=Period(period.year, 1),
            period__lte=Period(period.year, 12),
        )
        .exclude(contract_id=report.contract_id, period=report.period)
        # A corrected month counts once: an approved revision gives way to a later approved one (NOT EXISTS
        # through the revision link's index, not an outer join over every report).
        .exclude(Exists(Report.objects.filter(previous_revision_id=OuterRef("pk"), state=ReportState.APPROVED)))
        .values("pk")
    )
    approved = (
        ReportEntry.objects.filter(report_id__in=year_reports, service_order__ordering_unit_id__in=unit_ids)
        .values("service_order__ordering_unit_id")
        .annotate(total=Sum("cost"))
        .values_list("service_order__ordering_unit_id", "total")
        .order_by()
    )
    return {unit: total or ZERO for unit, total in approved}
