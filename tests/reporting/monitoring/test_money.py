"""The money dashboard: volumes and cost by month, product, provider and ordering unit (docs §10)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from suppliers.models import ClientAccessLog
from tests import factories
from tests.reporting.monitoring.money_seed import seed

API = "/api/v1/monitoring/money/"
PAGE = "/monitoring/money/"
YEAR = {"from": "2026-01", "to": "2026-12"}


def _get(user, params: dict | None = None):
    return factories.api(user).get(API, params or {}, HTTP_ACCEPT_LANGUAGE="en")


def _rows(body: dict, slug: str) -> list[dict]:
    return next(table for table in body["tables"] if table["slug"] == slug)["rows"]


def _figures(body: dict) -> dict[str, object]:
    return {figure["label"]: figure["value"] for figure in body["figures"]}


def test_it_counts_submitted_and_approved_current_revisions_and_not_drafts(world):
    seed(world)

    body = _get(world.monitor, YEAR).json()

    # 800 + 400 (May, approved) + 1,080 + 360 (August, submitted) + 480 (B's July, revision 2, submitted).
    assert _figures(body) == {
        "Cost": "3120.00",
        "Approved cost": "1200.00",
        "Work-share money": "8.00",
        "Clients served": 3,
    }


def test_it_sums_each_month_and_prices_august_at_the_new_price(world):
    seed(world)

    rows = {row["month"]: row for row in _rows(_get(world.monitor, YEAR).json(), "by-month")}

    assert len(rows) == 12
    assert rows["2026-05"] == {
        "month": "2026-05",
        "volume": "15.00",
        "cost": "1200.00",
        "approved_cost": "1200.00",
        "pending_cost": "0.00",
        "work_share": "8.00",
    }
    assert (rows["2026-07"]["volume"], rows["2026-07"]["cost"], rows["2026-07"]["pending_cost"]) == (
        "6.00",
        "480.00",
        "480.00",
    )
    assert rows["2026-08"]["cost"] == "1440.00"  # 12 × 90 + 4 × 90
    assert rows["2026-09"]["cost"] == "0.00"  # a draft


def test_it_sums_by_provider_by_ordering_unit_and_by_product_with_its_unit(world):
    seed(world)

    body = _get(world.monitor, YEAR).json()

    providers = {
        row["provider"]: (row["volume"], row["cost"], row["approved_cost"]) for row in _rows(body, "by-provider")
    }
    assert providers == {"Tuottaja A Oy": ("31.00", "2640.00", "1200.00"), "Tuottaja B Oy": ("6.00", "480.00", "0.00")}
    units = {row["ordering_unit"]: (row["volume"], row["cost"]) for row in _rows(body, "by-ordering-unit")}
    assert units == {
        "Adult and family social work, adult social work": ("28.00", "2360.00"),
        "Youth social work": ("9.00", "760.00"),
    }
    [product] = _rows(body, "by-product")
    assert (product["unit"], product["volume"], product["cost"]) == ("day", "37.00", "3120.00")


def test_it_filters_by_month_provider_contract_and_ordering_unit(world):
    seed(world)
    youth = factories.unit("youth-social-work").pk

    assert _figures(_get(world.monitor, {"from": "2026-07", "to": "2026-07"}).json())["Cost"] == "480.00"
    assert _figures(_get(world.monitor, {**YEAR, "provider": world.provider.pk}).json())["Cost"] == "2640.00"
    assert _figures(_get(world.monitor, {**YEAR, "contract": world.other_line.contract_id}).json())["Cost"] == "480.00"
    assert _figures(_get(world.monitor, {**YEAR, "unit": youth}).json())["Cost"] == "760.00"


def test_by_default_it_shows_the_last_twelve_complete_months(world):
    body = _get(world.monitor).json()

    months = [row["month"] for row in _rows(body, "by-month")]
    assert months == [] or (months[0], months[-1]) == ("2025-11", "2026-10")
    assert body["title"] == "Volumes and cost 2025-11 – 2026-10"


def test_a_lead_social_worker_sees_only_their_own_ordering_unit(world):
    seed(world)

    body = _get(world.lead, YEAR).json()

    assert _figures(body)["Cost"] == "2360.00"
    assert [row["ordering_unit"] for row in _rows(body, "by-ordering-unit")] == [
        "Adult and family social work, adult social work"
    ]


def test_a_lead_asking_for_another_unit_gets_404(world, client):
    youth = factories.unit("youth-social-work").pk

    assert _get(world.lead, {"unit": youth}).status_code == 404
    client.force_login(world.lead)
    assert client.get(PAGE, {"unit": youth}).status_code == 404


def test_provider_staff_and_social_workers_are_refused(world, client):
    for user in (world.reporter, world.social_worker, world.payroll):
        assert _get(user).status_code == 403
        client.force_login(user)
        assert client.get(PAGE).status_code == 403


def test_bad_filters_are_answered_400_with_the_field_errors(world):
    response = _get(world.monitor, {"from": "2026-13", "to": "2026-01", "provider": "x"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"from", "provider"}


def test_a_range_that_ends_before_it_starts_is_refused(world):
    response = _get(world.monitor, {"from": "2026-05", "to": "2026-04"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"to": ["The last month cannot be before the first."]}


def test_the_page_shows_the_filter_error_in_the_users_language(world, client):
    client.force_login(world.monitor)

    response = client.get(PAGE, {"from": "toukokuu"}, headers={"accept-language": "fi"})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    client.cookies.load({"django_language": "en"})
    assert "A period is written YYYY-MM" in client.get(PAGE, {"from": "May"}).content.decode()


def test_the_page_shows_the_tables_and_names_no_client(world, client):
    seed(world)
    client.force_login(world.monitor)

    response = client.get(PAGE, YEAR)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tuottaja B Oy" in page
    assert '<svg role="img"' in page
    assert world.order.client.last_name not in page
    assert not ClientAccessLog.objects.exists()


def test_the_excel_export_of_a_table_holds_the_same_numbers(world, client):
    seed(world)
    client.force_login(world.monitor)

    response = client.get(PAGE, {**YEAR, "format": "xlsx", "table": "by-provider"}, headers={"accept-language": "en"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == (
        "Provider",
        "Units delivered",
        "Cost",
        "Approved cost",
        "Submitted, not yet approved",
        "Work-share money",
    )
    assert rows[2:] == [("Tuottaja A Oy", 31, 2640, 1200, 1440, 8), ("Tuottaja B Oy", 6, 480, 0, 480, 0)]
