"""Money (docs §10): volumes and cost by month, product, provider and ordering unit; budget use per unit and year.

Both dashboards read the stored entry totals (`ReportEntry.cost`, `.work_share_amount`, computed by the
services on every write) of the *current revision* of each report, aggregated in the database in one grouped
query, so their query count does not grow with providers, orders or months.

Who sees what: contract monitors and administrators (`may_monitor`) see every ordering unit and provider. A
lead social worker sees both dashboards limited to their own ordering units (`OrderingUnit.members`); asking
for another unit is answered 404, as if it did not exist. Everyone else (provider staff, social workers,
payroll) is refused (403).

One module past 500 lines: both dashboards read the same grouped query of entry totals under the same scope.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contracts.models import (
    ContractLine,
    ContractLinePrice,
    OrderingUnit,
    Product,
    ServiceOrder,
    UnitBudget,
    price_in_force,
)
from core.periods import Period
from reporting.models import Report, ReportEntry, ReportState
from reporting.money import ZERO, to_cents
from reporting.monitoring.tables import Chart, Column, Dashboard, Figure, Kind, Series, Table, Value
from reporting.permissions import may_follow_unit_budgets, may_monitor
from suppliers.access import Actor
from suppliers.models import Provider

# Reports whose entries count as delivered: submitted (awaiting the city) and approved (realised).
COUNTED_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)
WARNING_SHARE = Decimal("0.8")
ALERT_SHARE = Decimal("1")


# Access ---------------------------------------------------------------------------------------------------


def money_unit_scope(*, actor: Actor, ordering_unit_id: int | None = None) -> frozenset[int] | None:
    """The ordering units whose money the actor may see: None for every unit (monitors), else a set.

    A lead social worker gets their own units (one query); asking for a unit outside them raises Http404.
    Anyone else gets PermissionDenied.
    """
    if may_monitor(actor):
        return None if ordering_unit_id is None else frozenset({ordering_unit_id})
    if not may_follow_unit_budgets(actor):
        raise PermissionDenied(_("Only contract monitors, administrators and lead social workers see the money."))
    own = frozenset(OrderingUnit.objects.filter(members=actor.user_id).values_list("pk", flat=True))
    if ordering_unit_id is None:
        return own
    if ordering_unit_id not in own:
        raise Http404("no such ordering unit")
    return frozenset({ordering_unit_id})


def _periods(first: Period, last: Period) -> list[Period]:
    return first.range_to(last)


# Volumes and cost -----------------------------------------------------------------------------------------


@dataclass
class _Sums:
    volume: Decimal = ZERO
    cost: Decimal = ZERO
    approved_cost: Decimal = ZERO
    work_share: Decimal = ZERO

    def add(self, *, volume: Decimal, cost: Decimal, work_share: Decimal, approved: bool) -> None:
        self.volume += volume
        self.cost += cost
        self.work_share += work_share
        if approved:
            self.approved_cost += cost

    def cells(self) -> list[Decimal]:
        return [self.volume, self.cost, self.approved_cost, self.cost - self.approved_cost, self.work_share]


def _sum_columns() -> list[Column]:
    return [
        Column("volume", _("Units delivered"), Kind.DECIMAL),
        Column("cost", _("Cost"), Kind.MONEY),
        Column("approved_cost", _("Approved cost"), Kind.MONEY),
        Column("pending_cost", _("Submitted, not yet approved"), Kind.MONEY),
        Column("work_share", _("Work-share money"), Kind.MONEY),
    ]


def _counted_reports(
    *, first: Period, last: Period, provider_id: int | None = None, contract_id: int | None = None
) -> QuerySet[Report]:
    reports = Report.objects.filter(is_current=True, state__in=COUNTED_STATES, period__gte=first, period__lte=last)
    if provider_id is not None:
        reports = reports.filter(provider_id=provider_id)
    if contract_id is not None:
        reports = reports.filter(contract_id=contract_id)
    return reports


def _entries_of(reports: QuerySet[Report], units: frozenset[int] | None) -> QuerySet[ReportEntry]:
    """The reports' entries. Grouping them by report id (and mapping the few thousand reports to month, state
    and provider in Python) is three times faster than grouping by the report's columns through the join."""
    entries = ReportEntry.objects.filter(report__in=reports.values("pk"))
    if units is not None:
        entries = entries.filter(service_order__ordering_unit_id__in=units)
    return entries


def _clients_served(entries: QuerySet[ReportEntry]) -> int:
    # A semi-join (orders whose id is among the entries') beats joining every entry to its order.
    served = entries.filter(units_delivered__gt=0).values("service_order_id")
    return ServiceOrder.objects.filter(pk__in=served).values("client_id").distinct().count()


def money_dashboard(
    *,
    actor: Actor,
    first: Period,
    last: Period,
    provider_id: int | None = None,
    contract_id: int | None = None,
    ordering_unit_id: int | None = None,
) -> Dashboard:
    """Volumes and cost from `first` to `last` (months inclusive), by month, product, provider and ordering unit.

    Counted: the entries of the current revision of reports that are submitted or approved. "Cost" is both;
    "approved cost" is the realised part (approved reports), "submitted, not yet approved" the rest. Drafts and
    returned reports are not counted (the provider has not reported them, or is correcting them). A month, a
    product, a provider and an ordering unit are those of the entry's report and service order. Units
    delivered are summed in each product's own unit (visits, days, nights, hours, months); the month and
    provider totals add different units and are a measure of activity, not of one quantity. Clients served:
    distinct clients with units delivered above zero in a counted entry.

    Raises PermissionDenied for actors who may not see money, Http404 for a lead asking for another unit.
    Five queries whatever the data: the unit scope (leads only), the grouped sums, the client count, and the
    names of the products, providers and units that appear.
    """
    units = money_unit_scope(actor=actor, ordering_unit_id=ordering_unit_id)
    reports = _counted_reports(first=first, last=last, provider_id=provider_id, contract_id=contract_id)
    report_rows = {
        pk: (str(period), state, owner)
        for pk, period, state, owner in reports.values_list("pk", "period", "state", "provider_id")
    }
    entries = _entries_of(reports, units)
    grouped = list(
        entries.values_list("report_id", "service_order__contract_line_id", "service_order__ordering_unit_id")
        .annotate(volume=Sum("units_delivered"), cost=Sum("cost"), work_share=Sum("work_share_amount"))
        .order_by()
    )
    line_products = dict(
        ContractLine.objects.filter(pk__in={row[1] for row in grouped}).values_list("pk", "product_id")
    )
    by_month: dict[str, _Sums] = defaultdict(_Sums)
    by_product: dict[int, _Sums] = defaultdict(_Sums)
    by_provider: dict[int, _Sums] = defaultdict(_Sums)
    by_unit: dict[int, _Sums] = defaultdict(_Sums)
    total = _Sums()
    for report_id, line_id, unit_id, volume, cost, work_share in grouped:
        period, state, row_provider_id = report_rows[report_id]
        for bucket in (
            by_month[period],
            by_product[line_products[line_id]],
            by_provider[row_provider_id],
            by_unit[unit_id],
            total,
        ):
            bucket.add(
                volume=volume or ZERO,
                cost=cost or ZERO,
                work_share=work_share or ZERO,
                approved=state == ReportState.APPROVED,
            )
    clients = _clients_served(entries)
    products = {
        product.pk: product
        for product in Product.objects.filter(pk__in=list(by_product)).only(
            "code", "unit", "name_fi", "name_sv", "name_en"
        )
    }
    providers = dict(Provider.objects.filter(pk__in=list(by_provider)).values_list("pk", "name"))
    unit_names = {
        unit.pk: unit.name
        for unit in OrderingUnit.objects.filter(pk__in=list(by_unit)).only("code", "name_fi", "name_sv", "name_en")
    }

    months = [str(period) for period in _periods(first, last)]
    month_table = Table(
        slug="by-month",
        title=_("Volumes and cost by month"),
        columns=[Column("month", _("Month")), *_sum_columns()],
        rows=[[month, *by_month[month].cells()] for month in months] if by_month else [],
        chart=Chart(
            "bar",
            months,
            [
                Series(_("Approved cost"), [float(by_month[month].approved_cost) for month in months]),
                Series(
                    _("Submitted, not yet approved"),
                    [float(by_month[month].cost - by_month[month].approved_cost) for month in months],
                ),
            ],
            value_label=_("EUR"),
        ),
    )
    product_rows: list[list[Value]] = sorted(
        ([products[pk].name, str(products[pk].get_unit_display()), *sums.cells()] for pk, sums in by_product.items()),
        key=lambda row: str(row[0]),
    )
    product_table = Table(
        slug="by-product",
        title=_("Volumes and cost by product"),
        columns=[Column("product", _("Product")), Column("unit", _("Unit")), *_sum_columns()],
        rows=product_rows,
    )
    provider_table = Table(
        slug="by-provider",
        title=_("Volumes and cost by provider"),
        columns=[Column("provider", _("Provider")), *_sum_columns()],
        rows=sorted(([providers[pk], *sums.cells()] for pk, sums in by_provider.items()), key=lambda row: str(row[0])),
    )
    unit_table = Table(
        slug="by-ordering-unit",
        title=_("Volumes and cost by ordering unit"),
        columns=[Column("ordering_unit", _("Ordering unit")), *_sum_columns()],
        rows=sorted(([unit_names[pk], *sums.cells()] for pk, sums in by_unit.items()), key=lambda row: str(row[0])),
    )
    return Dashboard(
        slug="money",
        title=_("Volumes and cost %(first)s – %(last)s") % {"first": first, "last": last},
        figures=[
            Figure(_("Cost"), total.cost, Kind.MONEY),
            Figure(_("Approved cost"), total.approved_cost, Kind.MONEY),
            Figure(_("Work-share money"), total.work_share, Kind.MONEY),
            Figure(_("Clients served"), clients, Kind.INTEGER),
        ],
        tables=[month_table, product_table, provider_table, unit_table],
        notes=[
            _(
                "Counted: the current revision of submitted and approved reports. Approved cost is realised; "
                "drafts and returned reports are not counted. Units are summed in each product's own unit."
            )
        ],
    )


# Budget use -----------------------------------------------------------------------------------------------


@dataclass
class _UnitYear:
    realised: dict[str, Decimal]  # period → approved cost
    pending: dict[str, Decimal]  # period → submitted, not yet approved
    committed: dict[str, Decimal]  # period → expected from orders (unrounded until the end)


def _committed_by_unit_and_month(
    *, year: int, units: frozenset[int] | None, last_approved: dict[int, str]
) -> dict[tuple[int, str], Decimal]:
    """What active orders are still expected to cost in the year's months after their contract's last
    approved month: planned volume per month × the unit price in force × the share of the month's days the
    order covers. Summed exactly and rounded to cents per unit and month by the caller.

    At national scale (20,000 orders) a loop over orders and months is too slow, so the database sums the
    planned volume of the orders that run a *whole* month, per unit, contract line and month; only the
    months an order starts or ends inside are prorated here, one order at a time (at most two per order).
    """
    months = {month: Period(year, month) for month in range(1, 13)}
    first_day, last_day = months[1].first_day, months[12].last_day
    orders = ServiceOrder.objects.filter(ends_on__gte=first_day, starts_on__lte=last_day, planned_volume__gt=0)
    if units is not None:
        orders = orders.filter(ordering_unit_id__in=units)
    whole_months = (
        orders.values_list("ordering_unit_id", "contract_line_id", "contract_line__contract_id")
        .annotate(
            **{
                f"m{month}": Sum(
                    "planned_volume",
                    filter=Q(starts_on__lte=period.first_day, ends_on__gte=period.last_day),
                )
                for month, period in months.items()
            }
        )
        .order_by()
    )
    # An order starts inside a month unless it starts on the 1st; it ends inside one unless it ends on the
    # month's last day (checked below: the database is only asked for orders ending in the year).
    partial_months = orders.filter(
        Q(starts_on__gte=first_day, starts_on__day__gt=1) | Q(ends_on__lt=last_day)
    ).values_list(
        "ordering_unit_id", "contract_line_id", "contract_line__contract_id", "starts_on", "ends_on", "planned_volume"
    )
    prices: dict[int, list[ContractLinePrice]] = defaultdict(list)
    for price in ContractLinePrice.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first_day), valid_from__lte=last_day
    ).only("line_id", "unit_price", "valid_from", "valid_to"):
        prices[price.line_id].append(price)
    open_from = {contract_id: int(period[5:7]) + 1 for contract_id, period in last_approved.items()}
    price_cache: dict[tuple[int, datetime.date], Decimal] = {}

    def price_on(line_id: int, day: datetime.date) -> Decimal:
        key = (line_id, day)
        if key not in price_cache:
            price_cache[key] = price_in_force(prices[line_id], day) or ZERO
        return price_cache[key]

    committed: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for unit_id, line_id, contract_id, *volumes in whole_months:
        for month in range(open_from.get(contract_id, 1), 13):
            volume = volumes[month - 1]
            if volume:
                period = months[month]
                committed[(unit_id, str(period))] += volume * price_on(line_id, period.first_day)
    for unit_id, line_id, contract_id, starts_on, ends_on, volume in partial_months:
        opens = open_from.get(contract_id, 1)
        inside = set()
        if starts_on >= first_day and starts_on.day > 1:
            inside.add(starts_on.month)
        if ends_on < last_day and ends_on != months[ends_on.month].last_day:
            inside.add(ends_on.month)
        for month in inside:
            if month < opens:
                continue
            period = months[month]
            covered_from, covered_to = max(starts_on, period.first_day), min(ends_on, period.last_day)
            days = (covered_to - covered_from).days + 1
            committed[(unit_id, str(period))] += volume * price_on(line_id, covered_from) * days / period.days
    return committed


def _status(share: Decimal | None) -> str:
    if share is None:
        return "ok"
    if share >= ALERT_SHARE:
        return "alert"
    if share >= WARNING_SHARE:
        return "warning"
    return "ok"


def _status_word(share: Decimal | None) -> str:
    if share is None:
        return _("No budget")
    return {
        "alert": _("Alert: the forecast reaches the budget"),
        "warning": _("Warning: the forecast reaches 80 per cent of the budget"),
        "ok": _("Within budget"),
    }[_status(share)]


def budget_dashboard(
    *, actor: Actor, year: int, ordering_unit_id: int | None = None, today: datetime.date | None = None
) -> Dashboard:
    """Budget use per ordering unit for a year, with the forecast to year end and alerts at 80 % and 100 %.

    - Budget: the unit's `UnitBudget` for the year; a unit without one shows "no budget" (no share, no alert).
    - Realised: the cost of the current revision of approved reports for the year's months, by the ordering
      unit of each entry's service order.
    - Submitted, not yet approved: the same for submitted reports (information; the forecast prices those
      months from the orders, below).
    - Committed: for each service order of the unit that runs in the year, for each month of the year after
      the last month for which its contract has an approved report this year (every month if none): the
      order's planned volume per month × the contract line's unit price in force on the first day the order
      runs in that month (as the reports price it) × the days the order runs in that month / the month's days.
      Summed exactly, rounded to cents per unit and month.
    - Forecast to year end = realised + committed. Use = forecast / budget; warning at 80 % or more, alert at
      100 % or more, shown as a word and as the figure's status (never by colour alone).

    The figures depend on the data, not on the day; `today` (default: the local date) dates the situation in a
    note. Raises PermissionDenied / Http404 as `money_dashboard` does.
    """
    today = today or timezone.localdate()
    units_scope = money_unit_scope(actor=actor, ordering_unit_id=ordering_unit_id)
    unit_rows = OrderingUnit.objects.only("code", "name_fi", "name_sv", "name_en").order_by("code")
    if units_scope is not None:
        unit_rows = unit_rows.filter(pk__in=units_scope)
    ordering_units = list(unit_rows)
    if ordering_unit_id is not None and not ordering_units:
        raise Http404("no such ordering unit")
    budgets = dict(
        UnitBudget.objects.filter(year=year, ordering_unit__in=[unit.pk for unit in ordering_units]).values_list(
            "ordering_unit_id", "amount"
        )
    )
    periods = [str(period) for period in _periods(Period(year, 1), Period(year, 12))]
    reports = _counted_reports(first=Period(year, 1), last=Period(year, 12))
    report_list = [
        (pk, str(period), state, contract_id)
        for pk, period, state, contract_id in reports.values_list("pk", "period", "state", "contract_id")
    ]
    report_rows = {pk: (period, state) for pk, period, state, _contract in report_list}
    per_unit = {unit.pk: _UnitYear(defaultdict(lambda: ZERO), defaultdict(lambda: ZERO), {}) for unit in ordering_units}
    for report_id, unit_id, cost in (
        _entries_of(reports, units_scope)
        .values_list("report_id", "service_order__ordering_unit_id")
        .annotate(cost=Sum("cost"))
        .order_by()
    ):
        period, state = report_rows[report_id]
        target = per_unit[unit_id].realised if state == ReportState.APPROVED else per_unit[unit_id].pending
        target[period] += cost or ZERO
    # Each contract's last approved month of the year: its orders are committed from the month after.
    last_approved: dict[int, str] = {}
    for _pk, period, state, contract_id in report_list:
        if state == ReportState.APPROVED and period > last_approved.get(contract_id, ""):
            last_approved[contract_id] = period
    for (unit_id, period), amount in _committed_by_unit_and_month(
        year=year, units=units_scope, last_approved=last_approved
    ).items():
        if unit_id in per_unit:
            per_unit[unit_id].committed[period] = to_cents(amount)

    figures_budget = ZERO
    totals = {"realised": ZERO, "pending": ZERO, "committed": ZERO}
    summary_rows: list[list[object]] = []
    share_figures: list[Figure] = []
    month_tables: list[Table] = []
    for unit in ordering_units:
        data = per_unit[unit.pk]
        realised = sum(data.realised.values(), ZERO)
        pending = sum(data.pending.values(), ZERO)
        committed = sum(data.committed.values(), ZERO)
        forecast = realised + committed
        budget = budgets.get(unit.pk)
        # Compared as Decimal so that exactly 80 % is a warning; a zero budget counts as no budget.
        share = forecast / budget if budget else None
        if budget is not None:
            figures_budget += budget
        totals["realised"] += realised
        totals["pending"] += pending
        totals["committed"] += committed
        shown = None if share is None else float(share)
        summary_rows.append([unit.name, budget, realised, pending, committed, forecast, shown, _status_word(share)])
        share_figures.append(
            Figure(_("Budget use: %(unit)s") % {"unit": unit.name}, shown, Kind.PERCENT, status=_status(share))
        )
        month_tables.append(_unit_month_table(unit=unit, data=data, budget=budget, periods=periods))
    summary = Table(
        slug="budget-by-unit",
        title=_("Budget use by ordering unit %(year)s") % {"year": year},
        columns=[
            Column("ordering_unit", _("Ordering unit")),
            Column("budget", _("Budget"), Kind.MONEY),
            Column("realised", _("Realised (approved)"), Kind.MONEY),
            Column("pending", _("Submitted, not yet approved"), Kind.MONEY),
            Column("committed", _("Committed by orders"), Kind.MONEY),
            Column("forecast", _("Forecast to year end"), Kind.MONEY),
            Column("use", _("Use"), Kind.PERCENT),
            Column("status", _("Status")),
        ],
        rows=summary_rows,  # type: ignore[arg-type]
        note=_("Use = (realised + committed) / budget. A warning from 80 per cent, an alert from 100 per cent."),
    )
    forecast_total = totals["realised"] + totals["committed"]
    return Dashboard(
        slug="budget",
        title=_("Budget use %(year)s") % {"year": year},
        figures=[
            Figure(_("Budget"), figures_budget, Kind.MONEY),
            Figure(_("Realised (approved)"), totals["realised"], Kind.MONEY),
            Figure(_("Committed by orders"), totals["committed"], Kind.MONEY),
            Figure(_("Forecast to year end"), forecast_total, Kind.MONEY),
            *share_figures,
        ],
        tables=[summary, *month_tables],
        notes=[
            _("Situation on %(day)s.") % {"day": formats.date_format(today, "SHORT_DATE_FORMAT")},
            _(
                "Realised: approved reports (current revision). Committed: for each order, the months of the year "
                "after its contract's last approved month, at the planned volume × the unit price in force, "
                "prorated by the days the order runs in the month. Forecast = realised + committed."
            ),
        ],
    )


def _cumulative(values: Iterable[Decimal]) -> list[Decimal]:
    running, out = ZERO, []
    for value in values:
        running += value
        out.append(running)
    return out


def _unit_month_table(*, unit: OrderingUnit, data: _UnitYear, budget: Decimal | None, periods: Sequence[str]) -> Table:
    realised = [data.realised.get(period, ZERO) for period in periods]
    committed = [data.committed.get(period, ZERO) for period in periods]
    cumulative_realised = _cumulative(realised)
    cumulative_forecast = _cumulative(r + c for r, c in zip(realised, committed, strict=True))
    rows = [
        [period, realised[i], cumulative_realised[i], committed[i], cumulative_forecast[i], budget]
        for i, period in enumerate(periods)
    ]
    series = [
        Series(_("Realised, cumulative"), [float(value) for value in cumulative_realised]),
        Series(_("Forecast, cumulative"), [float(value) for value in cumulative_forecast]),
    ]
    if budget is not None:
        series.append(Series(_("Budget"), [float(budget)] * len(periods)))
    return Table(
        slug=f"budget-{unit.code}",
        title=_("%(unit)s by month") % {"unit": unit.name},
        columns=[
            Column("month", _("Month")),
            Column("realised", _("Realised (approved)"), Kind.MONEY),
            Column("realised_cumulative", _("Realised, cumulative"), Kind.MONEY),
            Column("committed", _("Committed by orders"), Kind.MONEY),
            Column("forecast_cumulative", _("Forecast, cumulative"), Kind.MONEY),
            Column("budget", _("Budget"), Kind.MONEY),
        ],
        rows=rows,
        chart=Chart("line", list(periods), series, value_label=_("EUR")),
    )
