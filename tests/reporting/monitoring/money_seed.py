"""A small, hand-countable set of reports for the money and budget dashboards, on top of the `world` fixture.

Prices: provider A's line costs 80.00 until 30 June 2026 and 90.00 from 1 July (a mid-year index change);
provider B's line 80.00. Orders (planned volume per month):
- `world.order`: A, adult unit, all of 2026, 20 units;
- `youth_order`: A, youth unit, 15 March – 20 September 2026, 10 units;
- `world.other_order`: B, adult unit, all of 2026, 20 units.

Reports (entries filled and states reached through the services, which price, check and record them):
- A 2026-05 approved: order 10 units (800.00, 4 hours present: 8.00 work-share money), youth 5 (400.00);
- A 2026-08 submitted: order 12 units at 90 (1,080.00), youth 4 (360.00);
- A 2026-09 draft: order 20 units (1,800.00) - not counted;
- B 2026-07: revision 1 approved with 7 units (560.00), reopened; revision 2 submitted with 6 (480.00).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from contracts.models import Contract, ContractLinePrice, ServiceOrder, UnitBudget
from reporting.models import Report, ReportState
from reporting.services import report_reopen
from tests import factories
from tests.conftest import World


@dataclass
class Seed:
    world: World
    youth_order: ServiceOrder
    adult_unit_id: int
    youth_unit_id: int


def _report(
    world: World,
    *,
    user: Any,
    contract: Contract,
    period: str,
    units: dict[ServiceOrder, str],
    state: str = ReportState.DRAFT,
) -> Report:
    report = factories.make_report(contract, user=user, period=period)
    for order, amount in units.items():
        days: list[tuple[datetime.date, str, Decimal | str]] = []
        if order.pk == world.order.pk and period == "2026-05":
            days = [(datetime.date(2026, 5, 4), "present", "4")]
        factories.fill_entry(
            factories.report_entry(report, order), user=user, days=days, units_delivered=Decimal(amount)
        )
    return factories.report_to_state(report, state=state, user=user, reviewer=world.monitor)


def seed(world: World) -> Seed:
    ContractLinePrice.objects.filter(line=world.line).update(valid_to=datetime.date(2026, 6, 30))
    ContractLinePrice.objects.create(line=world.line, unit_price=Decimal("90.00"), valid_from=datetime.date(2026, 7, 1))
    adult, youth = factories.unit("adult-family-social-work"), factories.unit("youth-social-work")
    youth_order = factories.make_order(
        world.line,
        ordering_unit=youth,
        starts_on=datetime.date(2026, 3, 15),
        ends_on=datetime.date(2026, 9, 20),
        volume=Decimal("10"),
    )
    contract_a, contract_b = world.line.contract, world.other_line.contract
    _report(
        world,
        user=world.reporter,
        contract=contract_a,
        period="2026-05",
        units={world.order: "10", youth_order: "5"},
        state=ReportState.APPROVED,
    )
    _report(
        world,
        user=world.reporter,
        contract=contract_a,
        period="2026-08",
        units={world.order: "12", youth_order: "4"},
        state=ReportState.SUBMITTED,
    )
    _report(world, user=world.reporter, contract=contract_a, period="2026-09", units={world.order: "20"})
    july_b = _report(
        world,
        user=world.other_reporter,
        contract=contract_b,
        period="2026-07",
        units={world.other_order: "7"},
        state=ReportState.APPROVED,
    )
    corrected = report_reopen(user=world.monitor, report=july_b, comment="Väärä määrä")
    factories.fill_entry(
        factories.report_entry(corrected, world.other_order), user=world.other_reporter, units_delivered=Decimal("6")
    )
    factories.submit_report(corrected, user=world.other_reporter)
    UnitBudget.objects.create(ordering_unit=adult, year=2026, amount=Decimal("40500.00"))
    UnitBudget.objects.create(ordering_unit=youth, year=2026, amount=Decimal("3600.00"))
    return Seed(world=world, youth_order=youth_order, adult_unit_id=adult.pk, youth_unit_id=youth.pk)
