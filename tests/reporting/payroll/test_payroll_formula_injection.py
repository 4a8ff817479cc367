"""Text that starts like a formula stays text in both files; money stays a number (docs §11; issue #6, 4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests import factories
from tests.reporting import flow
from tests.reporting.payroll import build

DANGEROUS = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1:A2)", "\tTAB"]


@pytest.fixture
def made(world: Any) -> dict[str, Any]:
    """A batch with one client per dangerous last name, and one with a dangerous first name."""
    orders = [
        factories.make_order(world.line, client=factories.make_client(first_name="Aino", last_name=name))
        for name in DANGEROUS
    ]
    orders.append(
        factories.make_order(world.line, client=factories.make_client(first_name='=HYPERLINK("x")', last_name="Aalto"))
    )
    build.report_in(
        contract=world.line.contract,
        reporter=world.reporter,
        monitor=world.monitor,
        period="2026-10",
        days={order: [build.day(1)] for order in orders},
    )
    return build.batch(world.payroll)


def _names(rows: list[Any], header: list[str]) -> list[str]:
    return sorted(str(row[header.index("Nimi")]) for row in rows)


def test_a_client_named_like_a_formula_is_text_in_the_xlsx(world, made):
    sheet = build.xlsx_sheet(build.download(world.payroll, made["id"], "xlsx"))
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    column = header.index("Nimi")

    cells = [row[column] for row in rows[1:]]

    assert len(cells) == len(DANGEROUS) + 1
    assert {cell.data_type for cell in cells} == {"s"}
    names = sorted(cell.value for cell in cells)
    assert names == sorted(["'" + name + " Aino" for name in DANGEROUS] + ['Aalto =HYPERLINK("x")'])
    assert not any(str(cell.value).startswith(("=", "+", "-", "@", "\t")) for row in rows for cell in row)


def test_a_client_named_like_a_formula_is_text_in_the_csv(world, made):
    records = build.csv_records(build.download(world.payroll, made["id"], "csv"))
    header = records[0]

    names = _names(records[1:], header)

    assert names == sorted(["'" + name + " Aino" for name in DANGEROUS] + ['Aalto =HYPERLINK("x")'])
    text_columns = [header.index(name) for name in ("Nimi", "Palveluntuottaja", "Henkilötunnus", "Kustannuspaikka")]
    assert not any(row[index].startswith(("=", "+", "-", "@", "\t")) for row in records[1:] for index in text_columns)


def test_a_negative_adjustment_stays_a_number_in_both_files(clock, world):
    report = flow.report_in(world, "approved")
    build.batch(world.payroll)
    revision = (
        factories.api(world.monitor)
        .post(flow.report_url(report["id"], "reopen"), {"comment": "Tunnit"}, format="json")
        .json()
    )
    flow.fill(
        world,
        revision,
        work_share_paid="9.00",
        days=[
            {"date": "2026-10-01", "status": "present", "hours": "4.5"},
            {"date": "2026-10-02", "status": "sick", "hours": "0"},
        ],
    )
    flow.submit(world, revision["id"])
    flow.approve(world, revision["id"])
    build.past_deadline_of("2026-11", clock)
    second = build.batch(world.payroll, "2026-11")

    records = build.csv_records(build.download(world.payroll, second["id"], "csv"))
    amount = records[1][records[0].index("Työosuusraha")]
    assert amount == "-8,00"
    assert build.csv_decimal(amount) == Decimal("-8.00")
    rows = list(build.xlsx_sheet(build.download(world.payroll, second["id"], "xlsx")).iter_rows())
    cell = rows[1][[header.value for header in rows[0]].index("Työosuusraha")]
    assert cell.data_type == "n"
    assert cell.value == -8
