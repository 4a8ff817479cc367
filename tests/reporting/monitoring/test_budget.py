"""Budget use per ordering unit and year, with the forecast to year end and alerts at 80 % and 100 % (docs §10).

Expected figures of the seeded set (tests/reporting/monitoring/money_seed.py), by hand:
- realised (approved): adult 800.00 (A's May); youth 400.00 (A's May);
- submitted, not yet approved: adult 1,080.00 (A's August) + 480.00 (B's July revision 2) = 1,560.00; youth 360.00;
- contract A's last approved month is May, so A's orders are committed from June; contract B has no current
  approved report (July's approved revision was reopened), so its order is committed from January:
  - world.order (adult, 20/month): June 20 × 80 = 1,600 + July–December 6 × 20 × 90 = 10,800 → 12,400.00;
  - youth order (10/month, to 20 September): June 800 + July 900 + August 900 + September 900 × 20/30 = 600
    → 3,200.00;
  - world.other_order (adult, 20/month at 80, all year): 12 × 1,600 = 19,200.00;
- forecast = realised + committed: adult 800 + 31,600 = 32,400.00 (budget 40,500: exactly 80 %, a warning);
  youth 400 + 3,200 = 3,600.00 (budget 3,600: exactly 100 %, an alert).
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from contracts.models import UnitBudget
from tests import factories
from tests.reporting.monitoring.money_seed import seed

API = "/api/v1/monitoring/budget/"
PAGE = "/monitoring/budget/"
ADULT = "Adult and family social work, adult social work"
YOUTH = "Youth social work"


def _get(user, params: dict | None = None):
    return factories.api(user).get(API, params or {}, HTTP_ACCEPT_LANGUAGE="en")


def _table(body: dict, slug: str) -> list[dict]:
    return next(table for table in body["tables"] if table["slug"] == slug)["rows"]


def _units(body: dict) -> dict[str, dict]:
    return {row["ordering_unit"]: row for row in _table(body, "budget-by-unit")}


def test_it_shows_budget_realised_committed_and_forecast_per_unit(world):
    seed(world)

    units = _units(_get(world.monitor, {"year": 2026}).json())

    assert units[ADULT] == {
        "ordering_unit": ADULT,
        "budget": "40500.00",
        "realised": "800.00",
        "pending": "1560.00",
        "committed": "31600.00",
        "forecast": "32400.00",
        "use": 0.8,
        "status": "Warning: the forecast reaches 80 per cent of the budget",
    }
    assert (units[YOUTH]["realised"], units[YOUTH]["pending"], units[YOUTH]["committed"]) == (
        "400.00",
        "360.00",
        "3200.00",
    )
    assert (units[YOUTH]["forecast"], units[YOUTH]["use"]) == ("3600.00", 1.0)
    assert units[YOUTH]["status"] == "Alert: the forecast reaches the budget"


def test_the_alerts_are_figure_statuses_too(world):
    seed(world)

    figures = {figure["label"]: figure for figure in _get(world.monitor, {"year": 2026}).json()["figures"]}

    assert figures[f"Budget use: {ADULT}"]["status"] == "warning"
    assert figures[f"Budget use: {YOUTH}"]["status"] == "alert"
    assert figures["Forecast to year end"]["value"] == "36000.00"
    assert figures["Budget"]["value"] == "44100.00"


def test_below_80_percent_it_is_within_budget(world):
    seed(world)
    UnitBudget.objects.filter(year=2026, ordering_unit__code="adult-family-social-work").update(amount=Decimal("40501"))

    units = _units(_get(world.monitor, {"year": 2026}).json())

    assert units[ADULT]["status"] == "Within budget"
    figures = {figure["label"]: figure for figure in _get(world.monitor, {"year": 2026}).json()["figures"]}
    assert figures[f"Budget use: {ADULT}"]["status"] == "ok"


def test_a_unit_without_a_budget_says_so_instead_of_dividing_by_zero(world):
    seed(world)

    units = _units(_get(world.monitor, {"year": 2026}).json())

    aftercare = units["Child protection aftercare"]
    assert (aftercare["budget"], aftercare["use"], aftercare["status"]) == (None, None, "No budget")


def test_the_monthly_table_accumulates_realised_and_forecast_against_the_budget(world):
    seed(world)

    body = _get(world.monitor, {"year": 2026}).json()

    months = {row["month"]: row for row in _table(body, "budget-youth-social-work")}
    assert len(months) == 12
    assert (months["2026-05"]["realised"], months["2026-05"]["realised_cumulative"]) == ("400.00", "400.00")
    assert months["2026-09"]["committed"] == "600.00"
    assert months["2026-12"]["forecast_cumulative"] == "3600.00"
    assert months["2026-12"]["budget"] == "3600.00"


def test_another_year_without_data_is_empty_not_an_error(world):
    seed(world)

    units = _units(_get(world.monitor, {"year": 2024}).json())

    assert units[ADULT]["forecast"] == "0.00"
    assert units[ADULT]["status"] == "No budget"


def test_a_lead_social_worker_sees_only_their_own_unit(world):
    seed(world)

    units = _units(_get(world.lead, {"year": 2026}).json())

    assert list(units) == [ADULT]
    assert units[ADULT]["forecast"] == "32400.00"


def test_a_lead_asking_for_another_unit_gets_404(world, client):
    youth = factories.unit("youth-social-work").pk

    assert _get(world.lead, {"unit": youth}).status_code == 404
    client.force_login(world.lead)
    assert client.get(PAGE, {"unit": youth}).status_code == 404


def test_a_monitor_can_look_at_one_unit(world):
    seed(world)

    units = _units(_get(world.monitor, {"year": 2026, "unit": factories.unit("youth-social-work").pk}).json())

    assert list(units) == [YOUTH]


def test_provider_staff_and_social_workers_are_refused(world, client):
    for user in (world.reporter, world.provider_admin, world.social_worker):
        assert _get(user).status_code == 403
        client.force_login(user)
        assert client.get(PAGE).status_code == 403


def test_a_bad_year_is_answered_400_and_shown_on_the_page(world, client):
    response = _get(world.monitor, {"year": "twenty"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"year"}
    client.force_login(world.monitor)
    page = client.get(PAGE, {"year": "1999"}, headers={"accept-language": "en"}).content.decode()
    assert "greater than or equal to 2000" in page


def test_the_page_defaults_to_this_year_and_says_the_status_in_words(world, client):
    seed(world)
    client.force_login(world.monitor)

    page = client.get(PAGE, headers={"accept-language": "en"}).content.decode()

    assert "Budget use 2026" in page
    assert "Alert: the forecast reaches the budget" in page
    assert "(alert)" in page


def test_the_excel_export_holds_the_same_numbers(world, client):
    seed(world)
    client.force_login(world.monitor)

    response = client.get(
        PAGE, {"year": 2026, "format": "xlsx", "table": "budget-by-unit"}, headers={"accept-language": "en"}
    )

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_unit = {row[0]: row for row in rows[2:]}
    assert by_unit[ADULT][1:7] == (40500, 800, 1560, 31600, 32400, 0.8)


def test_an_order_that_starts_mid_month_is_prorated_by_its_days(world):
    seed(world)
    factories.make_order(
        world.line,
        ordering_unit=factories.unit("youth-social-work"),
        starts_on=datetime.date(2026, 11, 16),
        ends_on=datetime.date(2027, 3, 31),
        volume=Decimal("30"),
    )

    months = {
        row["month"]: row for row in _table(_get(world.monitor, {"year": 2026}).json(), "budget-youth-social-work")
    }

    assert months["2026-11"]["committed"] == "1350.00"  # 30 × 90 × 15/30
    assert months["2026-12"]["committed"] == "2700.00"
    assert _units(_get(world.monitor, {"year": 2026}).json())[YOUTH]["committed"] == "7250.00"  # 3,200 + 4,050


def test_a_lead_social_worker_finds_the_budget_from_the_home_page(world, client):
    client.force_login(world.lead)

    assert 'href="/monitoring/budget/"' in client.get("/").content.decode()
