"""Outcomes over time next to cost (docs §5, §6, §10): goal attainment, quality of life, employment paths.

Definitions (the README repeats them):

- **Goal attainment**: the Kiresuk–Sherman T-score of each client-month (`reporting.gas`, ρ = 0.3) from
  the current revision of submitted and approved reports; a group's score is the mean over its client-months
  that have goal progress, given with n. Computed in the database (`gas_cells`): one grouped query.
- **Cost**: the sum of `ReportEntry.cost` over the same entries; a client-month is an entry with units
  delivered or goal progress; cost per client-month = cost / client-months.
- **Quality of life**: EUROHIS-QOL score = the sum of the eight items (8–40); the change of an order is its
  end score minus its start score. A pair counts in the range when its end assessment falls in it.
- **Employment paths**: started = accepted paths whose term starts in the range; closed = closed in the range
  (awaiting verification or already verified); verified = verified in the range; outcomes are those of the
  paths closed in the range. Outcomes that count (docs §5): rehabilitative work activity, open employment,
  studies.

Every figure is a database aggregate: the number of queries does not depend on the number of providers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import (
    QOL_ITEM_FIELDS,
    EmploymentPath,
    EmploymentPathOutcome,
    EmploymentPathState,
    Product,
    QualityOfLifeAssessment,
    QualityOfLifeKind,
)
from core.periods import Period
from reporting.monitoring.outcomes.forms import months_between
from reporting.monitoring.tables import Chart, Column, Dashboard, Figure, Kind, Series, Table, Value
from reporting.outcomes import GasCell, counted_entries, gas_cells
from reporting.permissions import require_monitor
from suppliers.access import Actor
from suppliers.models import Provider

# At most this many lines in the monthly chart; with more providers (and products) the chart shows all together.
MAX_SERIES = 5
COUNTING_OUTCOMES = (
    EmploymentPathOutcome.REHABILITATIVE_WORK,
    EmploymentPathOutcome.OPEN_EMPLOYMENT,
    EmploymentPathOutcome.STUDIES,
)
CENT = Decimal("0.01")


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _per(total: Decimal, count: int) -> Decimal | None:
    return _money(total / count) if count else None


def _mean(total: float, count: int) -> float | None:
    return total / count if count else None


def _day_bounds(first: Period, last: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The range as aware datetimes [start of the first day, start of the day after the last)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first.first_day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last.last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


# Goal attainment and cost ------------------------------------------------------------------------------------


@dataclass
class _Gas:
    client_months: int = 0
    scored: int = 0
    t_sum: float = 0.0
    cost: Decimal = Decimal("0")

    def add(self, cell: GasCell) -> None:
        self.client_months += cell.client_months
        self.scored += cell.scored
        self.t_sum += cell.t_sum
        self.cost += cell.cost

    @property
    def t_score(self) -> float | None:
        return _mean(self.t_sum, self.scored)

    @property
    def cost_per_client_month(self) -> Decimal | None:
        return _per(self.cost, self.client_months)


def _gas_by(cells: Iterable[GasCell], key: Callable[[GasCell], object]) -> dict[object, _Gas]:
    groups: dict[object, _Gas] = defaultdict(_Gas)
    for cell in cells:
        groups[key(cell)].add(cell)
    return groups


def _gas_columns(first_label: str) -> list[Column]:
    return [
        Column("name", first_label),
        Column("client_months", _("Client-months"), Kind.INTEGER),
        Column("n", _("Client-months with goal progress (n)"), Kind.INTEGER),
        Column("t_score", _("Mean T-score"), Kind.SCORE),
        Column("cost", _("Cost (EUR)"), Kind.MONEY),
        Column("cost_per_client_month", _("Cost per client-month (EUR)"), Kind.MONEY),
    ]


def _gas_row(name: str, gas: _Gas) -> list[Value]:
    return [name, gas.client_months, gas.scored, gas.t_score, _money(gas.cost), gas.cost_per_client_month]


def _gas_month_table(cells: list[GasCell], months: list[Period], names: _Names) -> Table:
    """Mean T-score per month; a line per provider (or product) when there are few, else one for all."""
    providers = {cell.provider_id for cell in cells}
    products = {cell.product_id for cell in cells}
    key: Callable[[GasCell], int]
    name_of: Callable[[object], str]
    if 1 < len(providers) <= MAX_SERIES:
        group_label, key, name_of = _("Provider"), (lambda cell: cell.provider_id), names.provider
    elif 1 < len(products) <= MAX_SERIES:
        group_label, key, name_of = _("Product"), (lambda cell: cell.product_id), names.product
    else:
        group_label, key, name_of = _("Group"), (lambda cell: 0), (lambda _key: _("All"))
    by_month_group = _gas_by(cells, lambda cell: (cell.period, key(cell)))
    groups = sorted({key(cell) for cell in cells}, key=lambda group: name_of(group))
    rows: list[list[Value]] = []
    for month in months:
        for group in groups:
            gas = by_month_group.get((str(month), group))
            if gas is None:
                continue
            rows.append([str(month), name_of(group), *_gas_row("", gas)[1:]])
    series = [
        Series(
            name_of(group),
            [
                (by_month_group[(str(month), group)].t_score if (str(month), group) in by_month_group else None)
                for month in months
            ],
        )
        for group in groups
    ]
    columns = [Column("month", _("Month")), Column("group", group_label), *_gas_columns("")[1:]]
    return Table(
        slug="gas-by-month",
        title=_("Goal attainment by month"),
        columns=columns,
        rows=rows,
        chart=Chart("line", [str(month) for month in months], series, value_label=_("Mean T-score")),
        note=_(
            "Kiresuk–Sherman T-score (50 = goals reached as expected, 10 points = one standard deviation; "
            "ρ = 0.3), the mean over client-months with goal progress in submitted and approved reports."
        ),
    )


def _gas_group_table(cells: list[GasCell], *, slug: str, title: str, label: str, key: str, names: _Names) -> Table:
    name_of = names.provider if key == "provider" else names.product
    groups = _gas_by(cells, lambda cell: cell.provider_id if key == "provider" else cell.product_id)
    ordered = sorted(groups.items(), key=lambda item: name_of(item[0]))
    rows = [_gas_row(name_of(group), gas) for group, gas in ordered]
    chart = None
    if 0 < len(rows) <= 30:
        chart = Chart(
            "bar",
            [str(row[0]) for row in rows],
            [Series(_("Mean T-score"), [gas.t_score for _group, gas in ordered])],
            value_label=_("Mean T-score"),
        )
    return Table(slug=slug, title=title, columns=_gas_columns(label), rows=rows, chart=chart)


# Quality of life ---------------------------------------------------------------------------------------------


def _score() -> F:
    total = F(QOL_ITEM_FIELDS[0])
    for item in QOL_ITEM_FIELDS[1:]:
        total = total + F(item)  # type: ignore[assignment]
    return total


@dataclass(frozen=True)
class _QolCell:
    provider_id: int
    product_id: int
    pairs: int
    start_sum: int
    end_sum: int


def _qol_cells(assessments: QuerySet[QualityOfLifeAssessment], first: Period, last: Period) -> list[_QolCell]:
    start_score = (
        QualityOfLifeAssessment.objects.filter(
            service_order_id=OuterRef("service_order_id"), kind=QualityOfLifeKind.START
        )
        .annotate(total_score=_score())
        .values("total_score")[:1]
    )
    rows = (
        assessments.filter(kind=QualityOfLifeKind.END, assessed_on__gte=first.first_day, assessed_on__lte=last.last_day)
        .annotate(start_score=Subquery(start_score, output_field=IntegerField()), end_score=_score())
        .filter(start_score__isnull=False)
        .values("service_order__provider_id", "service_order__contract_line__product_id")
        .annotate(pairs=Count("pk"), start_sum=Sum("start_score"), end_sum=Sum("end_score"))
        .order_by()
    )
    return [
        _QolCell(
            row["service_order__provider_id"],
            row["service_order__contract_line__product_id"],
            row["pairs"],
            int(row["start_sum"] or 0),
            int(row["end_sum"] or 0),
        )
        for row in rows
    ]


def _qol_table(cells: list[_QolCell], *, slug: str, title: str, label: str, key: str, names: _Names) -> Table:
    name_of = names.provider if key == "provider" else names.product
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for cell in cells:
        bucket = sums[cell.provider_id if key == "provider" else cell.product_id]
        bucket[0] += cell.pairs
        bucket[1] += cell.start_sum
        bucket[2] += cell.end_sum
    rows: list[list[Value]] = []
    for group, (pairs, start, end) in sorted(sums.items(), key=lambda item: name_of(item[0])):
        rows.append([name_of(group), pairs, start / pairs, end / pairs, (end - start) / pairs])
    return Table(
        slug=slug,
        title=title,
        columns=[
            Column("name", label),
            Column("pairs", _("Start and end pairs (n)"), Kind.INTEGER),
            Column("start", _("Mean score at start"), Kind.SCORE),
            Column("end", _("Mean score at end"), Kind.SCORE),
            Column("change", _("Mean change"), Kind.SCORE),
        ],
        rows=rows,
        note=_(
            "EUROHIS-QOL 8: the score is the sum of the eight items (8–40); the change is the end score minus "
            "the start score of the same service order, for orders whose end assessment falls in the range."
        ),
    )


# Employment paths --------------------------------------------------------------------------------------------

_PATH_COUNTS = ("started", "closed", "verified")


def _path_cells(paths: QuerySet[EmploymentPath], first: Period, last: Period) -> list[dict[str, Any]]:
    start, end = _day_bounds(first, last)
    started = Q(
        starts_on__gte=first.first_day,
        starts_on__lte=last.last_day,
        state__in=[EmploymentPathState.ACTIVE, EmploymentPathState.CLOSED, EmploymentPathState.VERIFIED],
    )
    closed = Q(closed_at__gte=start, closed_at__lt=end)
    verified = Q(verified_at__gte=start, verified_at__lt=end)
    outcomes = {
        f"outcome_{outcome}": Count("pk", filter=closed & Q(outcome=outcome))
        for outcome in EmploymentPathOutcome.values
    }
    return [
        dict(row)
        for row in paths.filter(started | closed | verified)
        .values("service_order__provider_id", "service_order__contract_line__product_id")
        .annotate(
            started=Count("pk", filter=started),
            closed=Count("pk", filter=closed),
            verified=Count("pk", filter=verified),
            **outcomes,
        )
        .order_by()
    ]


def _path_columns(label: str) -> list[Column]:
    return [
        Column("name", label),
        Column("started", _("Paths started"), Kind.INTEGER),
        Column("closed", _("Paths closed"), Kind.INTEGER),
        Column("verified", _("Paths verified"), Kind.INTEGER),
        Column("counting", _("Outcomes that count"), Kind.INTEGER),
        *(
            Column(f"outcome_{value}", str(label_text), Kind.INTEGER)
            for value, label_text in EmploymentPathOutcome.choices
        ),
    ]


def _path_sums(cells: list[dict[str, Any]], key: str) -> dict[int, dict[str, int]]:
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    field = "service_order__provider_id" if key == "provider" else "service_order__contract_line__product_id"
    for cell in cells:
        bucket = sums[cell[field]]
        for name in (*_PATH_COUNTS, *(f"outcome_{value}" for value in EmploymentPathOutcome.values)):
            bucket[name] += cell[name]
    return sums


def _counting(bucket: dict[str, int]) -> int:
    return sum(bucket[f"outcome_{value}"] for value in COUNTING_OUTCOMES)


def _path_table(cells: list[dict[str, Any]], *, slug: str, title: str, label: str, key: str, names: _Names) -> Table:
    name_of = names.provider if key == "provider" else names.product
    rows: list[list[Value]] = []
    for group, bucket in sorted(_path_sums(cells, key).items(), key=lambda item: name_of(item[0])):
        rows.append(
            [
                name_of(group),
                *(bucket[name] for name in _PATH_COUNTS),
                _counting(bucket),
                *(bucket[f"outcome_{value}"] for value in EmploymentPathOutcome.values),
            ]
        )
    return Table(
        slug=slug,
        title=title,
        columns=_path_columns(label),
        rows=rows,
        note=_(
            "Started: accepted paths whose term starts in the range. Closed and verified: in the range. Outcomes "
            "are those of the paths closed in the range; the ones that count are moves to rehabilitative work "
            "activity, open employment and studies."
        ),
    )


# Names -------------------------------------------------------------------------------------------------------


class _Names:
    """Provider and product names for the ids in the figures: one query each, in the active language."""

    def __init__(self, provider_ids: Iterable[int], product_ids: Iterable[int]) -> None:
        provider_set, product_set = set(provider_ids), set(product_ids)
        self._providers = (
            dict(Provider.objects.filter(pk__in=provider_set).values_list("pk", "name")) if provider_set else {}
        )
        self._products = (
            {product.pk: product.name for product in Product.objects.filter(pk__in=product_set)} if product_set else {}
        )

    def provider(self, key: object) -> str:
        return self._providers.get(key, str(key))  # type: ignore[call-overload]

    def product(self, key: object) -> str:
        return self._products.get(key, str(key))  # type: ignore[call-overload]


# The dashboard -----------------------------------------------------------------------------------------------


def _scoped(
    queryset: QuerySet[Any], prefix: str, *, provider_id: int | None, contract_id: int | None, product_id: int | None
) -> QuerySet[Any]:
    """Filter by the order's provider, contract and product (`prefix` leads from the rows to the order)."""
    if provider_id is not None:
        queryset = queryset.filter(**{f"{prefix}provider_id": provider_id})
    if contract_id is not None:
        queryset = queryset.filter(**{f"{prefix}contract_line__contract_id": contract_id})
    if product_id is not None:
        queryset = queryset.filter(**{f"{prefix}contract_line__product_id": product_id})
    return queryset


def outcomes_dashboard(
    *,
    actor: Actor,
    first: Period,
    last: Period,
    provider_id: int | None = None,
    contract_id: int | None = None,
    product_id: int | None = None,
) -> Dashboard:
    """Goal attainment, quality of life and employment-path outcomes per provider and product, next to cost."""
    require_monitor(actor)
    scope = {"provider_id": provider_id, "contract_id": contract_id, "product_id": product_id}
    months = months_between(first, last)
    cells = gas_cells(_scoped(counted_entries(first=first, last=last), "service_order__", **scope))
    qol = _qol_cells(_scoped(QualityOfLifeAssessment.objects.order_by(), "service_order__", **scope), first, last)
    paths = _path_cells(_scoped(EmploymentPath.objects.order_by(), "service_order__", **scope), first, last)
    names = _Names(
        [cell.provider_id for cell in cells]
        + [cell.provider_id for cell in qol]
        + [cell["service_order__provider_id"] for cell in paths],
        [cell.product_id for cell in cells]
        + [cell.product_id for cell in qol]
        + [cell["service_order__contract_line__product_id"] for cell in paths],
    )

    overall = _Gas()
    for cell in cells:
        overall.add(cell)
    pairs = sum(cell.pairs for cell in qol)
    change = sum(cell.end_sum - cell.start_sum for cell in qol) / pairs if pairs else None
    path_totals = _path_sums([{**cell, "service_order__provider_id": 0} for cell in paths], "provider").get(
        0, defaultdict(int)
    )
    figures: Sequence[Figure] = (
        Figure(_("Mean T-score"), overall.t_score, Kind.SCORE),
        Figure(_("Client-months with goal progress (n)"), overall.scored),
        Figure(_("Cost (EUR)"), _money(overall.cost), Kind.MONEY),
        Figure(_("Cost per client-month (EUR)"), overall.cost_per_client_month, Kind.MONEY),
        Figure(_("Mean quality-of-life change"), change, Kind.SCORE),
        Figure(_("Quality-of-life pairs (n)"), pairs),
        Figure(_("Employment paths started"), path_totals["started"]),
        Figure(_("Employment paths closed"), path_totals["closed"]),
        Figure(_("Outcomes that count"), _counting(path_totals)),
    )
    tables = (
        _gas_month_table(cells, months, names),
        _gas_group_table(
            cells,
            slug="gas-by-provider",
            title=_("Goal attainment and cost by provider"),
            label=_("Provider"),
            key="provider",
            names=names,
        ),
        _gas_group_table(
            cells,
            slug="gas-by-product",
            title=_("Goal attainment and cost by product"),
            label=_("Product"),
            key="product",
            names=names,
        ),
        _qol_table(
            qol,
            slug="qol-by-provider",
            title=_("Quality-of-life change by provider"),
            label=_("Provider"),
            key="provider",
            names=names,
        ),
        _qol_table(
            qol,
            slug="qol-by-product",
            title=_("Quality-of-life change by product"),
            label=_("Product"),
            key="product",
            names=names,
        ),
        _path_table(
            paths,
            slug="paths-by-provider",
            title=_("Employment-path outcomes by provider"),
            label=_("Provider"),
            key="provider",
            names=names,
        ),
        _path_table(
            paths,
            slug="paths-by-product",
            title=_("Employment-path outcomes by product"),
            label=_("Product"),
            key="product",
            names=names,
        ),
    )
    return Dashboard(
        slug="outcomes",
        title=_("Outcomes %(first)s–%(last)s") % {"first": first, "last": last},
        figures=figures,
        tables=tables,
        notes=(
            _(
                "Cost is the sum of the same report entries' cost (current revisions of submitted and approved "
                "reports); a client-month is an entry with units delivered or goal progress."
            ),
        ),
    )
