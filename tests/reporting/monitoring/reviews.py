"""Reports of either world provider brought to the review queue through the services, as its reporter would.

Filled like `tests/reporting/flow.py` fills them (so that only what a test changes on purpose makes a finding),
but for either provider, and at whatever moment the test's clock says.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from reporting.models import Report
from tests import factories
from tests.conftest import World


def submitted(world: World, *, other: bool = False, period: str = "2026-10") -> Report:
    reporter = world.other_reporter if other else world.reporter
    line = world.other_line if other else world.line
    order = world.other_order if other else world.order
    year, month = (int(part) for part in period.split("-"))
    entry = {
        "days": [(datetime.date(year, month, 1), "present", "4.5"), (datetime.date(year, month, 2), "present", "4")],
        "levels": 0,
        "units_delivered": Decimal("2"),
        "work_share_paid": Decimal("17.00"),
    }
    return factories.make_report(
        line.contract, user=reporter, period=period, state="submitted", entries={order.pk: entry}, invoice=True
    )
