"""Everything the rules look at, fetched in a fixed number of queries whatever the report's size."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone

from contracts.models import (
    ContractLine,
    ContractLinePrice,
    Goal,
    Product,
    ServiceOrder,
    UnitBudget,
    WorkShareRate,
)
from portal.periods import Period
from reporting.models import AttendanceDay, GoalProgress, Report, ReportEntry, ReportState
from reporting.money import ZERO, RateTable, to_cents


@dataclass
class EntryData:
    entry: ReportEntry
    order: ServiceOrder
    days: list[AttendanceDay]
    progress: list[GoalProgress]
    goals: list[Goal]

    @property
    def id(self) -> int:
        return self.entry.pk

    @property
    def product(self) -> Product:
        return self.order.contract_line.product


@dataclass
class ReportContext:
    report: Report
    period: Period
    today: datetime.date
    entries: list[EntryData]
    lines: dict[int, ContractLine]
    rates: RateTable
    # Orders of the report's clients on housing products anywhere (other providers included).
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

    @property
    def active_orders_per_line(self) -> dict[int, int]:
        return {line_id: len(spans) for line_id, spans in self.order_spans_per_line.items()}

    def order_span(self, item: EntryData) -> tuple[datetime.date, datetime.date] | None:
        """The days of the month the entry's order runs, or None when it does not run in the month."""
        first = max(item.order.starts_on, self.first_day)
        last = min(item.order.ends_on, self.last_day)
        return (first, last) if first <= last else None

    def entry_cost(self, item: EntryData) -> Decimal:
        """Units × the contract's price on the first day the order runs in the month, as the services
        compute it, but from the entry's own figures: the stored cost may be stale."""
        line = self.lines.get(item.order.contract_line_id)
        if line is None:
            return ZERO
        price = line.price_on(max(item.order.starts_on, self.first_day))
        return to_cents(item.entry.units_delivered * (price or ZERO))

    def total_cost(self) -> Decimal:
        return sum((self.entry_cost(item) for item in self.entries), ZERO)


def report_context_build(report: Report, *, today: datetime.date | None = None) -> ReportContext:
    period = Period.parse(report.period)
    today = today or timezone.localdate()
    report = (
        Report.objects.select_related("contract", "provider")
        .prefetch_related(
            Prefetch(
                "contract__lines",
                queryset=ContractLine.objects.select_related("product").prefetch_related(
                    Prefetch("prices", queryset=ContractLinePrice.objects.order_by("valid_from"))
                ),
            )
        )
        .get(pk=report.pk)
    )
    entries = list(
        ReportEntry.objects.filter(report=report)
        .select_related(
            "service_order__client",
            "service_order__contract_line__product",
            "service_order__ordering_unit",
        )
        .prefetch_related(
            Prefetch("days", queryset=AttendanceDay.objects.order_by("date")),
            Prefetch("goal_progress", queryset=GoalProgress.objects.order_by("goal_id")),
            Prefetch("service_order__goals", queryset=Goal.objects.order_by("id")),
        )
        .order_by("id")
    )
    data = [
        EntryData(
            entry=entry,
            order=entry.service_order,
            days=list(entry.days.all()),
            progress=list(entry.goal_progress.all()),
            goals=list(entry.service_order.goals.all()),
        )
        for entry in entries
    ]
    lines = {line.pk: line for line in report.contract.lines.all()}
    rates = RateTable(WorkShareRate.objects.values_list("effective_from", "amount_per_hour"))

    housing_clients = [item.order.client_id for item in data if item.product.is_housing]
    housing: dict[int, list[ServiceOrder]] = defaultdict(list)
    if housing_clients:
        for order in ServiceOrder.objects.filter(
            client_id__in=housing_clients,
            contract_line__product__is_housing=True,
            starts_on__lte=period.last_day,
            ends_on__gte=period.first_day,
        ).select_related("contract_line__product", "provider"):
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
    approved = dict(
        ReportEntry.objects.filter(
            service_order__ordering_unit_id__in=unit_ids,
            report__state=ReportState.APPROVED,
            report__period__startswith=f"{period.year:04d}-",
        )
        .filter(~Q(report__contract_id=report.contract_id, report__period=report.period))
        # A corrected month counts once: an approved revision gives way to a later approved one.
        .exclude(report__next_revision__state=ReportState.APPROVED)
        .values("service_order__ordering_unit_id")
        .annotate(total=Sum("cost"))
        .values_list("service_order__ordering_unit_id", "total")
    )
    return ReportContext(
        report=report,
        period=period,
        today=today,
        entries=data,
        lines=lines,
        rates=rates,
        housing_orders_by_client=dict(housing),
        order_spans_per_line=dict(spans),
        budgets=budgets,
        approved_cost_by_unit={unit: total or ZERO for unit, total in approved.items()},
    )
