"""What every dashboard shares: its Excel export is safe and typed, its charts are labelled images."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from reporting.monitoring.charts import chart_svg
from reporting.monitoring.tables import Chart, Column, Dashboard, Figure, Kind, Series, Table
from reporting.monitoring.xlsx import dashboard_xlsx
from suppliers.roles import Role
from tests import factories
from tests.reporting import flow


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
    with translation.override("en"):
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
    page = client.get("/monitoring/")
    assert page.status_code == 200
    for link in (
        "/monitoring/review/",
        "/monitoring/completeness/",
        "/monitoring/money/",
        "/monitoring/budget/",
        "/monitoring/outcomes/",
        "/monitoring/anomalies/",
        "/self-evaluations/",
        "/monitoring/report/",
    ):
        assert f'href="{link}"' in page.content.decode()

    client.force_login(world.reporter)
    assert client.get("/monitoring/").status_code == 403


def test_a_social_worker_does_not_see_the_monitoring_link(world, client):
    client.force_login(factories.make_user(Role.SOCIAL_WORKER))

    assert "/monitoring/" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "chart",
    [
        Chart("bar", [], [Series("Cost", [])]),
        Chart("line", [], [Series("A", []), Series("B", [])]),
        Chart("line", ["2026-01", "2026-02"], [Series("T-score", [None, None])]),
    ],
    ids=["bar without months", "lines without months", "line without a value"],
)
def test_a_chart_with_nothing_to_draw_says_so_instead_of_failing(chart):
    with translation.override("en"):
        svg = chart_svg(chart, title="Empty")

    assert "No data to draw" in svg


def test_a_provider_s_name_is_shown_as_text_on_a_dashboard_never_as_markup(world, client):
    world.provider.name = '<img src=x onerror="alert(1)"> Oy'
    world.provider.save(update_fields=["name"])
    client.force_login(world.monitor)

    flow.report_in(world, "approved")
    page = client.get("/monitoring/money/", {"from": "2026-01", "to": "2026-10"}).content.decode()

    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Oy" in page
    assert "<img src=x" not in page


def test_a_chart_draws_under_the_pages_content_security_policy_with_its_own_ids():
    chart = Chart("line", ["2026-01", "2026-02"], [Series("A Oy", [50.0, 52.5]), Series("B Oy", [48.0, 49.0])])

    first, second = chart_svg(chart, title="One"), chart_svg(chart, title="Two")

    # The policy refuses style attributes: colours and widths must be presentation attributes.
    assert " style=" not in first
    assert 'fill="none"' in first
    assert 'stroke="rgb(0%,44%,69%)"' in first
    ids = re.findall(r'\bid="([^"]+)"', first + second)
    assert len(ids) == len(set(ids))
