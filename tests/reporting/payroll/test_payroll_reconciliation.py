"""The reconciliation: totals per provider and per ordering unit add up to the batch total, which equals the
sum of the rows in the files (docs §10; issue #6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests import factories
from tests.reporting.payroll import build


@pytest.fixture
def made(world: Any) -> dict[str, Any]:
    """Two providers, two ordering units: A's orders in the adult and youth units, B's in the adult unit."""
    youth = factories.make_order(
        world.line, ordering_unit=factories.unit("youth-social-work"), worker=world.social_worker
    )
    build.report_in(
        contract=world.line.contract,
        reporter=world.reporter,
        monitor=world.monitor,
        period="2026-10",
        days={world.order: [build.day(1), build.day(2, hours="3.5")], youth: [build.day(5, hours="6")]},
    )
    build.report_in(
        contract=world.other_line.contract,
        reporter=world.other_reporter,
        monitor=world.monitor,
        period="2026-09",
        days={world.other_order: [(build.day(3)[0].replace(month=9), "present", "2.25")]},
    )
    return build.batch(world.payroll)


def test_the_reconciliation_adds_up_per_provider_and_per_ordering_unit_to_the_batch_total(world, made):
    detail = factories.api(world.payroll).get(f"{build.BATCHES}{made['id']}/").json()

    rows = detail["reconciliation"]
    total = Decimal(detail["total_amount"])
    assert total == Decimal("8.00") + Decimal("7.00") + Decimal("12.00") + Decimal("4.50")
    by_group: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        by_group.setdefault(row["group"], {})[row["name"]] = Decimal(row["amount"])
    assert by_group["provider"] == {world.provider.name: Decimal("27.00"), world.other_provider.name: Decimal("4.50")}
    assert by_group["ordering_unit"] == {
        "adult-family-social-work": Decimal("19.50"),
        "youth-social-work": Decimal("12.00"),
    }
    assert by_group["total"] == {"": total}
    for group in ("provider", "ordering_unit"):
        assert sum(by_group[group].values()) == total
        assert sum(row["lines"] for row in rows if row["group"] == group) == detail["line_count"]


def test_the_batch_total_equals_the_sum_of_the_csv_amounts_and_the_xlsx_reconciliation_sheet(world, made):
    records = build.csv_records(build.download(world.payroll, made["id"], "csv"))
    amounts = [build.csv_decimal(row[records[0].index("Työosuusraha")]) for row in records[1:]]
    xlsx = build.download(world.payroll, made["id"], "xlsx")
    sheet_rows = list(build.xlsx_sheet(xlsx).iter_rows(values_only=True))
    totals = list(build.xlsx_sheet(xlsx, "Täsmäytys").iter_rows(values_only=True))

    assert sum(amounts) == Decimal(made["total_amount"])
    assert sum(Decimal(str(row[sheet_rows[0].index("Työosuusraha")])) for row in sheet_rows[1:]) == sum(amounts)
    assert totals[0] == ("Ryhmä", "Nimi", "Työosuusraha", "Rivejä")
    assert totals[-1][0] == "Yhteensä"
    assert Decimal(str(totals[-1][2])) == sum(amounts)
    for label in ("Palveluntuottaja", "Kustannuspaikka"):
        assert sum(Decimal(str(row[2])) for row in totals if row[0] == label) == sum(amounts)
