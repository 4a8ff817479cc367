from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from contracts.models import OrderingUnit
from reporting.money import ZERO
from reporting.validation.context import ReportContext
from reporting.validation.registry import CITY_WARNING, FindingData, rule
from reporting.validation.rules._words import money_words, per_language


@rule(
    "budget_exceeded",
    CITY_WARNING,
    fi="Tilaajan vuoden {year} talousarvio {budget_fi} € ylittyy: hyväksyttyjä kustannuksia on {approved_fi} € ja "
    "tässä raportissa {cost_fi} € ({unit_fi}).",
    sv="Beställarens budget för {year}, {budget_sv} €, överskrids: godkända kostnader är {approved_sv} € och den här "
    "rapportens kostnader {cost_sv} € ({unit_sv}).",
    en="The ordering unit's {year} budget of EUR {budget_en} is exceeded: EUR {approved_en} is approved so far and "
    "this report adds EUR {cost_en} ({unit_en}).",
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
                **money_words("budget", budget),
                **money_words("approved", approved),
                **money_words("cost", cost[unit_id]),
            )
