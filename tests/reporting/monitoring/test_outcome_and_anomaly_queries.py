"""The outcomes and anomalies pages and APIs make as many queries for 500 providers as for 10.

The data is bulk-created so that every table of both dashboards has rows for every provider: six months of
the same GAS level (anomaly 1), October at the daily maximum (2), two clients on a line for one (3), a client
reported by two providers on the same days (4), quality-of-life pairs and closed employment paths.

Unlike every other test, the rows (submitted reports and goals among them) are written directly rather than
through the services: 500 providers' half-year through report_create, report_entry_update and report_submit
would take minutes. So what the services would derive (cost, present days, least hours, T-score) is written
beside them, and the rows are ones the services would produce.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from stdnum.fi import hetu

from contracts.models import (
    Contract,
    ContractLine,
    EmploymentPath,
    Goal,
    GoalArea,
    PurchaseKind,
    QualityOfLifeAssessment,
    ServiceOrder,
)
from reporting.models import AttendanceDay, GoalProgress, Report, ReportEntry
from suppliers.models import Client, Provider
from tests import factories

MONTHS = [f"2026-{month:02d}" for month in range(5, 11)]
OCTOBER_DAYS = [datetime.date(2026, 10, day) for day in (1, 2, 5, 6, 7)]
WHEN = datetime.datetime(2026, 10, 15, 12, 0, tzinfo=datetime.UTC)


def _identity_code(number: int) -> str:
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=number)
    stem = f"{born:%d%m}{born.year % 100:02d}950"
    return f"{stem[:6]}-{stem[6:]}{hetu._calc_checksum(stem)}"


def _national(world: Any, *, start: int, count: int) -> None:
    """`count` providers numbered from `start`, each with a contract line of capacity 1 and three orders."""
    product, unit, worker = world.line.product, factories.unit(), world.social_worker
    providers = Provider.objects.bulk_create(
        Provider(name=f"Kansallinen {number:04d} Oy", business_id=f"{number:07d}-0")
        for number in range(start, start + count)
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            provider=provider,
            procurement=factories.procurement(),
            number=f"NAT-{provider.business_id}",
            title="Kansallinen",
            purchase_kind=PurchaseKind.TENDERED,
            starts_on=datetime.date(2019, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
        )
        for provider in providers
    )
    lines = ContractLine.objects.bulk_create(
        ContractLine(contract=contract, product=product, capacity=1) for contract in contracts
    )
    clients = Client.objects.bulk_create(
        Client(identity_code=_identity_code(2 * number + side), first_name="Kansa", last_name=f"Laine{number}")
        for number in range(start, start + count)
        for side in (0, 1)
    )
    orders = []
    for index, line in enumerate(lines):
        # Its own two clients, and the previous provider's first client (reported by both on the same days).
        shared = clients[2 * (index - 1)] if index else clients[-2]
        for client in (clients[2 * index], clients[2 * index + 1], shared):
            orders.append(
                ServiceOrder(
                    client=client,
                    ordering_unit=unit,
                    contract_line=line,
                    provider_id=line.contract.provider_id,
                    starts_on=datetime.date(2026, 1, 1),
                    ends_on=datetime.date(2026, 12, 31),
                    planned_volume=Decimal("20"),
                    decision_number=f"NAT-{client.pk}-{line.pk}",
                    responsible_worker=worker,
                    created_by=worker,
                )
            )
    orders = ServiceOrder.objects.bulk_create(orders)
    goals = Goal.objects.bulk_create(
        Goal(
            service_order=order,
            area=GoalArea.DAILY_LIVING,
            description="Arki",
            baseline="-",
            level_minus_2="a",
            level_minus_1="b",
            level_0="c",
            level_plus_1="d",
            level_plus_2="e",
            created_by=worker,
        )
        for order in orders
    )
    reports = Report.objects.bulk_create(
        Report(
            provider_id=contract.provider_id,
            contract=contract,
            period=period,
            state="submitted",
            deadline=datetime.date(2026, 11, 10),
            created_by=worker,
        )
        for contract in contracts
        for period in MONTHS
    )
    report_of = {(report.contract_id, str(report.period)): report for report in reports}
    entries = ReportEntry.objects.bulk_create(
        ReportEntry(
            report=report_of[(order.contract_line.contract_id, period)],
            service_order=order,
            units_delivered=Decimal("5"),
            cost=Decimal("400.00"),
            # What the report services keep from the October days written below.
            present_days=len(OCTOBER_DAYS) if period == "2026-10" else 0,
            least_present_hours=product.max_daily_hours if period == "2026-10" else None,
            t_score=50.0,  # one goal at level 0 (below)
        )
        for order in orders
        for period in MONTHS
    )
    goal_of = {goal.service_order_id: goal for goal in goals}
    GoalProgress.objects.bulk_create(
        GoalProgress(entry=entry, goal=goal_of[entry.service_order_id], level=0) for entry in entries
    )
    AttendanceDay.objects.bulk_create(
        AttendanceDay(entry=entry, date=day, status="present", hours=product.max_daily_hours)
        for entry in entries
        if str(entry.report.period) == "2026-10"
        for day in OCTOBER_DAYS
    )
    QualityOfLifeAssessment.objects.bulk_create(
        QualityOfLifeAssessment(
            service_order=order,
            kind=kind,
            assessed_on=assessed_on,
            recorded_by=worker,
            **{f"item_{item}": score for item in range(1, 9)},
        )
        for order in orders[::3]
        for kind, assessed_on, score in (
            ("start", datetime.date(2026, 1, 10), 3),
            ("end", datetime.date(2026, 9, 30), 4),
        )
    )
    EmploymentPath.objects.bulk_create(
        EmploymentPath(
            service_order=order,
            state="closed",
            justification="Vahvuudet",
            proposed_by=worker,
            proposed_at=WHEN,
            starts_on=datetime.date(2026, 6, 1),
            ends_on=datetime.date(2026, 10, 31),
            outcome="studies",
            closed_by=worker,
            closed_at=WHEN,
        )
        for order in orders[::3]
    )


def _queries(world: Any) -> tuple[dict[str, int], dict[str, int]]:
    """Queries per page and API, leaving out the access log's inserts (one bulk insert per batch of rows), and
    the number of rows of each anomaly table."""
    page = HttpClient()
    page.force_login(world.monitor)
    api = factories.api(world.monitor)
    counts = {}
    for name, get in (
        ("outcomes page", lambda: page.get("/monitoring/outcomes/")),
        ("outcomes api", lambda: api.get("/api/v1/monitoring/outcomes/")),
        ("anomalies page", lambda: page.get("/monitoring/anomalies/")),
        ("anomalies api", lambda: api.get("/api/v1/monitoring/anomalies/")),
    ):
        with CaptureQueriesContext(connection) as context:
            response = get()
        assert response.status_code == 200, name
        counts[name] = sum(1 for query in context.captured_queries if "suppliers_clientaccesslog" not in query["sql"])
    anomalies = response.json()
    return counts, {table["slug"]: len(table["rows"]) for table in anomalies["tables"]}


def test_the_dashboards_make_as_many_queries_for_500_providers_as_for_10(world):
    _national(world, start=1, count=10)
    _queries(world)  # the first requests cache the users' roles
    small, small_rows = _queries(world)

    _national(world, start=11, count=490)
    large, large_rows = _queries(world)

    assert large == small
    # Every kind of anomaly grew with the data: the counts above cover the rows, not empty tables.
    assert all(large_rows[slug] > small_rows[slug] >= 10 for slug in small_rows), (small_rows, large_rows)
