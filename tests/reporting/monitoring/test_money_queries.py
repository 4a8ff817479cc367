"""The money and budget dashboards keep a constant number of queries as providers, orders and reports grow."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contracts.models import Contract, ContractLine, ContractLinePrice, PurchaseKind, ServiceOrder, UnitBudget
from reporting.models import Report, ReportEntry, ReportState
from suppliers.models import Client as ServiceClient
from suppliers.models import Provider
from tests import factories

URLS = (
    "/monitoring/money/?from=2026-01&to=2026-12",
    "/monitoring/budget/?year=2026",
    "/api/v1/monitoring/money/?from=2026-01&to=2026-12",
    "/api/v1/monitoring/budget/?year=2026",
    "/monitoring/money/?from=2026-01&to=2026-12&format=xlsx",
)
_numbers = itertools.count(1)


def _add_providers(count: int, *, worker: Any) -> None:
    """`count` providers, each with a contract, a priced line, one client's order for 2026 and two reports
    (May approved, August submitted) with one entry each, inserted in bulk."""
    numbers = [next(_numbers) for _ in range(count)]
    providers = Provider.objects.bulk_create(
        [Provider(name=f"Massatuottaja {n:04d} Oy", business_id=f"M{n:07d}") for n in numbers]
    )
    procurement = factories.procurement()
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                provider=provider,
                procurement=procurement,
                number=f"MASS-{n:05d}",
                title="Massasopimus",
                purchase_kind=PurchaseKind.TENDERED,
                starts_on=datetime.date(2019, 1, 1),
                ends_on=datetime.date(2027, 12, 31),
            )
            for provider, n in zip(providers, numbers, strict=True)
        ]
    )
    product = factories.product("work-activity-adults")
    lines = ContractLine.objects.bulk_create(
        [ContractLine(contract=contract, product=product) for contract in contracts]
    )
    ContractLinePrice.objects.bulk_create(
        [
            ContractLinePrice(line=line, unit_price=Decimal("80.00"), valid_from=datetime.date(2019, 1, 1))
            for line in lines
        ]
    )
    clients = ServiceClient.objects.bulk_create(
        [ServiceClient(identity_code=f"X{n:010d}", first_name="Massa", last_name=f"Asiakas {n}") for n in numbers]
    )
    unit = factories.unit()
    orders = ServiceOrder.objects.bulk_create(
        [
            ServiceOrder(
                client=client,
                ordering_unit=unit,
                contract_line=line,
                provider_id=line.contract.provider_id,
                starts_on=datetime.date(2026, 1, 1),
                ends_on=datetime.date(2026, 12, 31),
                planned_volume=Decimal("20"),
                decision_number=f"M-{n}",
                responsible_worker=worker,
                created_by=worker,
            )
            for client, line, n in zip(clients, lines, numbers, strict=True)
        ]
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                provider_id=contract.provider_id,
                contract=contract,
                period=period,
                state=state,
                deadline=datetime.date(2026, 9, 10),
                created_by=worker,
            )
            for contract in contracts
            for period, state in (("2026-05", ReportState.APPROVED), ("2026-08", ReportState.SUBMITTED))
        ]
    )
    ReportEntry.objects.bulk_create(
        [
            ReportEntry(report=report, service_order=order, units_delivered=Decimal("10"), cost=Decimal("800.00"))
            for order, pair in zip(orders, zip(reports[0::2], reports[1::2], strict=True), strict=True)
            for report in pair
        ]
    )


def _query_counts(users: dict[str, Any]) -> dict[tuple[str, str], int]:
    counts = {}
    for role, user in users.items():
        for url in URLS:
            client = Client()
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counts[(role, url)] = len(queries)
            import time

            print(role, url, len(queries), time.perf_counter())
    return counts


def test_each_money_page_and_api_keeps_its_query_count_from_10_to_500_providers(world):
    UnitBudget.objects.create(ordering_unit=factories.unit(), year=2026, amount=Decimal("100000"))
    users = {"monitor": world.monitor, "lead": world.lead}
    _add_providers(10, worker=world.social_worker)
    small = _query_counts(users)

    import time

    t = time.perf_counter()
    print("start", t)
    _add_providers(490, worker=world.social_worker)
    print("added", time.perf_counter() - t)
    large = _query_counts(users)

    assert large == small
    money = factories.api(world.monitor).get(URLS[2]).json()
    by_provider = next(table for table in money["tables"] if table["slug"] == "by-provider")
    assert len(by_provider["rows"]) == 500
