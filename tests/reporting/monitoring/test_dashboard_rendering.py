"""What every dashboard shares: its Excel export is safe and typed, its charts are labelled images."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reporting.monitoring.charts import chart_svg
from reporting.monitoring.tables import Chart, Column, Dashboard, Figure, Kind, Series, Table
from reporting.monitoring.xlsx import dashboard_xlsx
from suppliers.roles import Role
from tests import factories


def _dashboard() -> Dashboard:
    table = Table(
        slug="money",
        title="Cost by provider",
        columns=[
            Column("provider", "Provider"),
            Column("cost", "Cost", Kind.MONEY),
            Column("share", "Share", Kind.PERCENT),
            Column("day", "Day", Kind.DATE),
        ],
        rows=[
            ['=HYPERLINK("http://evil.invalid")', Decimal("1234.50"), 0.5, datetime.date(2026, 10, 31)],
            ["B Oy", Decimal("-2.00"), None, None],
        ],
        chart=Chart("bar", ["A", "B"], [Series("Cost", [1234.5, -2.0])]),
    )
    return Dashboard("money", "Money", figures=[Figure("Total", Decimal("1232.50"), Kind.MONEY)], tables=[table])


def test_an_exported_table_never_carries_a_formula_and_keeps_numbers_as_numbers():
    workbook = load_workbook(io.BytesIO(dashboard_xlsx(_dashboard())))

    sheet = workbook["Cost by provider"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Cost by provider", None, None, None)
    assert rows[1] == ("Provider", "Cost", "Share", "Day")
    assert rows[2][0] == '\'=HYPERLINK("http://evil.invalid")'
    assert rows[2][1] == 1234.5
    assert rows[3][1] == -2
    assert rows[2][3] == datetime.datetime(2026, 10, 31)
    assert [cell.data_type for cell in sheet[3]][:3] == ["s", "n", "n"]
    assert workbook["Key figures"]["B2"].value == 1232.5


def test_one_table_can_be_exported_alone():
    workbook = load_workbook(io.BytesIO(dashboard_xlsx(_dashboard(), only="money")))

    assert workbook.sheetnames == ["Cost by provider"]


def test_a_chart_is_an_svg_image_named_by_its_title():
    chart = _dashboard().tables[0].chart
    assert chart is not None
    svg = chart_svg(chart, title='Cost "by" provider')

    assert svg.startswith('<svg role="img" aria-label="Cost &quot;by&quot; provider"')
    assert "<script" not in svg


def test_a_chart_refuses_series_that_do_not_match_its_categories():
    with pytest.raises(ValueError, match="2 categories"):
        Chart("line", ["A", "B"], [Series("x", [1.0])])


def test_a_row_must_fill_every_column():
    with pytest.raises(ValueError, match="row 0"):
        Table("t", "T", [Column("a", "A")], [["x", "y"]])


def test_the_monitoring_index_is_for_contract_monitors_not_providers(world, client):
    client.force_login(world.monitor)
    assert client.get("/monitoring/").status_code == 200

    client.force_login(world.reporter)
    assert client.get("/monitoring/").status_code == 403


def test_a_social_worker_does_not_see_the_monitoring_link(world, client):
    client.force_login(factories.make_user(Role.SOCIAL_WORKER))

    assert "/monitoring/" not in client.get("/").content.decode()
