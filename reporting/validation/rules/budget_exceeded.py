from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from contracts.models import OrderingUnit
from reporting.money import ZERO
from reporting.validation.context import ReportContext
from reporting.validation.registry import FindingData, rule
from reporting.validation.rules._words import money_text, per_language
from reporting.validation.severity import Severity


@rule(
    "budget_exceeded",
    Severity.CITY_WARNING,
    _(
        "The ordering unit's %(year)s budget of EUR %(budget)s is exceeded: EUR %(approved)s is approved so far and "
        "this report adds EUR %(cost)s (%(unit)s)."
    ),
    formats={"budget": money_text, "approved": money_text, "cost": money_text},
)
def budget_exceeded(ctx: ReportContext) -> Iterator[FindingData]:
    units: dict[int, OrderingUnit] = {}
    cost: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    for item in ctx.entries:
        unit_id = item.order.ordering_unit_id
        units[unit_id] = item.order.ordering_unit
        cost[unit_id] += ctx.entry_cost(item)
    for unit_id, unit in units.items():
        budget = ctx.budgets.get(unit_id)
        if budget is None:
            continue
        approved = ctx.approved_cost_by_unit.get(unit_id, ZERO)
        if approved + cost[unit_id] > budget:
            yield budget_exceeded.finding(
                field="ordering_unit",
                unit=unit_id,
                year=ctx.period.year,
                **per_language("unit", unit.name_fi, unit.name_sv or unit.name_fi, unit.name_en or unit.name_fi),
                budget=budget,
                approved=approved,
                cost=cost[unit_id],
            )
