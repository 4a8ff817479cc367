"""Everything the rules look at, fetched in a fixed number of queries whatever the report's size."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from contracts.models import ContractLine, ContractLinePrice, Goal, ServiceOrder, UnitBudget, WorkShareRate
from portal.periods import Period
from reporting.models import AttendanceDay, GoalProgress, Report, ReportEntry, ReportState
from reporting.money import RateTable


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
    def product(self):  # type: ignore[no-untyped-def]
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
    # Orders active in the month per contract line of this contract (for capacity).
    active_orders_per_line: dict[int, int] = field(default_factory=dict)
    # Yearly budget and approved cost so far (other reports) per ordering unit.
    budgets: dict[int, Decimal] = field(default_factory=dict)
    approved_cost_by_unit: dict[int, Decimal] = field(default_factory=dict)

    @property
    def first_day(self) -> datetime.date:
        return self.period.first_day

    @property
    def last_day(self) -> datetime.date:
        return self.period.last_day


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

    active = dict(
        ServiceOrder.objects.filter(
            contract_line__contract_id=report.contract_id,
            starts_on__lte=period.last_day,
            ends_on__gte=period.first_day,
        )
        .values("contract_line_id")
        .annotate(count=Count("id"))
        .values_list("contract_line_id", "count")
    )

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
        active_orders_per_line=active,
        budgets=budgets,
        approved_cost_by_unit={unit: total or Decimal("0") for unit, total in approved.items()},
    )
