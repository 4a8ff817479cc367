"""The outcomes dashboard: goal attainment, quality of life and employment paths per provider and product,
over time, next to cost. Figures are computed here by hand from the seeded data.

T = 50 + 10 · Σwᵢxᵢ / √((1 − ρ) · Σwᵢ² + ρ · (Σwᵢ)²), ρ = 0.3. Quality of life: the sum of the 8 items.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient

from contracts.models import Goal, GoalArea
from contracts.services import (
    employment_path_close,
    employment_path_decide,
    employment_path_propose,
    employment_path_verify,
    evidence_upload,
    quality_of_life_record,
)
from tests import factories

URL = "/api/v1/monitoring/outcomes/"
PAGE = "/monitoring/outcomes/"


def t_score(levels: list[int]) -> float:
    """By hand, every weight 1: 50 + 10·Σx / √(0.7·k + 0.3·k²)."""
    k = len(levels)
    return 50 + 10 * sum(levels) / math.sqrt(0.7 * k + 0.3 * k * k)


def _goal(order: Any) -> Goal:
    return factories.make_goal(
        order=order, area=GoalArea.GROUP_FUNCTIONING, description="Ryhmässä toimiminen", baseline="-"
    )


def _report(
    world: Any,
    contract: Any,
    user: Any,
    period: str,
    entries: dict[int, tuple[str, list[int] | None]],
    state: str,
) -> None:
    """The month's report with, per order, units delivered and GAS levels (None: no goal progress), in `state`."""
    changes = {
        order_id: {"units_delivered": Decimal(units), "levels": levels} for order_id, (units, levels) in entries.items()
    }
    factories.make_report(contract, user=user, period=period, state=state, entries=changes, reviewer=world.monitor)


@pytest.fixture
def seeded(world: Any) -> dict[str, Any]:
    """Provider A (price 80 EUR a day): world.order +2 in September (4 days), +1 in October (2 days); a second
    order with two goals at +1 (1 day); a third order without goals, so no goal progress (1 day).
    Provider B: −2 (3 days). A draft August report at +2 does not count."""
    # The second and third orders start in October, so the approved September report (which must give every
    # goal of its orders a level) has world.order's entry alone; the third has no goal, hence no goal progress.
    october = datetime.date(2026, 10, 1)
    second = factories.make_order(world.line, worker=world.social_worker, starts_on=october)
    _goal(second)
    third = factories.make_order(world.line, worker=world.social_worker, starts_on=october, goal=False)
    contract, other_contract = world.line.contract, world.other_line.contract
    _report(world, contract, world.reporter, "2026-08", {world.order.pk: ("9", [2])}, "draft")
    _report(world, contract, world.reporter, "2026-09", {world.order.pk: ("4", [2])}, "approved")
    _report(
        world,
        contract,
        world.reporter,
        "2026-10",
        {world.order.pk: ("2", [1]), second.pk: ("1", [1, 1]), third.pk: ("1", None)},
        "submitted",
    )
    _report(world, other_contract, world.other_reporter, "2026-10", {world.other_order.pk: ("3", [-2])}, "submitted")
    return {"second": second, "third": third}


def _get(user: Any, **params: str) -> dict[str, Any]:
    response = factories.api(user).get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.json()
    return response.json()


def _rows(body: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    [table] = [table for table in body["tables"] if table["slug"] == slug]
    return table["rows"]


def test_the_mean_t_score_per_provider_is_computed_over_client_months_next_to_cost(world, seeded):
    body = _get(world.monitor)

    a_scores = [t_score([2]), t_score([1]), t_score([1, 1])]  # 70, 60, 62.40
    assert [round(score, 2) for score in a_scores] == [70.0, 60.0, 62.40]
    rows = {row["name"]: row for row in _rows(body, "gas-by-provider")}
    assert rows["Tuottaja A Oy"] == {
        "name": "Tuottaja A Oy",
        "client_months": 4,  # September's entry and October's three (one without goal progress)
        "n": 3,
        "t_score": pytest.approx(sum(a_scores) / 3, abs=0.0001),  # 64.13
        "cost": "640.00",  # (4 + 2 + 1 + 1) days × 80 EUR
        "cost_per_client_month": "160.00",
    }
    assert rows["Tuottaja B Oy"] == {
        "name": "Tuottaja B Oy",
        "client_months": 1,
        "n": 1,
        "t_score": pytest.approx(30.0),
        "cost": "240.00",
        "cost_per_client_month": "240.00",
    }


def test_the_mean_per_product_and_overall(world, seeded):
    body = _get(world.monitor)

    everyone = [t_score([2]), t_score([1]), t_score([1, 1]), t_score([-2])]
    [row] = _rows(body, "gas-by-product")
    assert (row["client_months"], row["n"], row["cost"]) == (5, 4, "880.00")
    assert row["t_score"] == pytest.approx(sum(everyone) / 4, abs=0.0001)
    figures = {figure["label"]: figure["value"] for figure in body["figures"]}
    assert figures["Mean T-score"] == pytest.approx(sum(everyone) / 4, abs=0.0001)
    assert figures["Cost per client-month (EUR)"] == "176.00"  # 880 / 5


def test_the_monthly_series_is_one_line_per_provider_when_there_are_few(world, seeded):
    body = _get(world.monitor)

    rows = [(row["month"], row["group"], row["n"], round(row["t_score"], 2)) for row in _rows(body, "gas-by-month")]
    assert rows == [
        ("2026-09", "Tuottaja A Oy", 1, 70.0),
        ("2026-10", "Tuottaja A Oy", 2, 61.20),  # (60 + 62.40) / 2
        ("2026-10", "Tuottaja B Oy", 1, 30.0),
    ]


def test_filtering_by_provider_leaves_only_its_figures(world, seeded):
    body = _get(world.monitor, provider=str(world.other_provider.pk))

    assert [row["name"] for row in _rows(body, "gas-by-provider")] == ["Tuottaja B Oy"]
    assert [(row["month"], row["group"]) for row in _rows(body, "gas-by-month")] == [("2026-10", "All")]


def test_filtering_by_contract_or_product_narrows_the_figures(world, seeded):
    by_contract = _get(world.monitor, contract=str(world.line.contract_id))
    other_product = factories.product("day-activity-adults")
    by_product = _get(world.monitor, product=str(other_product.pk))

    assert [row["name"] for row in _rows(by_contract, "gas-by-provider")] == ["Tuottaja A Oy"]
    assert _rows(by_product, "gas-by-provider") == []


def test_a_range_without_reports_has_no_scores(world, seeded):
    body = _get(world.monitor, **{"from": "2025-01", "to": "2025-12"})

    assert _rows(body, "gas-by-provider") == []
    assert {figure["label"]: figure["value"] for figure in body["figures"]}["Mean T-score"] is None


def test_quality_of_life_change_is_the_mean_of_end_minus_start_sums(world, seeded):
    record = quality_of_life_record
    record(user=world.reporter, order=world.order, kind="start", assessed_on=datetime.date(2026, 1, 15), items=[3] * 8)
    record(user=world.reporter, order=world.order, kind="end", assessed_on=datetime.date(2026, 10, 20), items=[4] * 8)
    second = seeded["second"]
    record(user=world.reporter, order=second, kind="start", assessed_on=datetime.date(2026, 2, 1), items=[2] * 8)
    record(
        user=world.reporter, order=second, kind="end", assessed_on=datetime.date(2026, 9, 1), items=[3] * 4 + [2] * 4
    )
    other = world.other_order
    record(user=world.other_reporter, order=other, kind="start", assessed_on=datetime.date(2026, 1, 5), items=[5] * 8)
    record(user=world.other_reporter, order=other, kind="end", assessed_on=datetime.date(2026, 6, 30), items=[4] * 8)
    # Not pairs in the range: an end without a start, and a pair that ends after it.
    record(user=world.reporter, order=seeded["third"], kind="end", assessed_on=datetime.date(2026, 5, 5), items=[1] * 8)
    later = factories.make_order(world.line, worker=world.social_worker)
    record(user=world.reporter, order=later, kind="start", assessed_on=datetime.date(2026, 3, 1), items=[1] * 8)
    record(user=world.reporter, order=later, kind="end", assessed_on=datetime.date(2026, 11, 2), items=[5] * 8)

    body = _get(world.monitor)

    # A: 24 → 32 (+8) and 16 → 20 (+4); B: 40 → 32 (−8)
    by_provider = {row["name"]: row for row in _rows(body, "qol-by-provider")}
    assert by_provider["Tuottaja A Oy"] == {
        "name": "Tuottaja A Oy",
        "pairs": 2,
        "start": 20.0,
        "end": 26.0,
        "change": 6.0,
    }
    assert (by_provider["Tuottaja B Oy"]["pairs"], by_provider["Tuottaja B Oy"]["change"]) == (1, -8.0)
    [product] = _rows(body, "qol-by-product")
    assert (product["pairs"], product["change"]) == (3, pytest.approx(round(4 / 3, 4)))


def _other_path(world: Any, outcome: str) -> Any:
    path = employment_path_propose(user=world.other_reporter, order=world.other_order, justification="Vahvuudet")
    path = employment_path_decide(
        user=world.social_worker,
        path=path,
        accept=True,
        starts_on=factories.PATH_STARTS_ON,
        ends_on=factories.PATH_ENDS_ON,
    )
    evidence_upload(user=world.other_reporter, path=path, upload=factories.evidence_file())
    return employment_path_close(user=world.other_reporter, path=path, outcome=outcome)


def test_employment_paths_started_closed_verified_and_their_outcomes(world):
    path, _evidence = factories.make_path_with_evidence(world)  # starts 2026-09-01
    path = employment_path_close(user=world.reporter, path=path, outcome="studies")
    employment_path_verify(user=world.social_worker, path=path)
    factories.make_path(world, order=factories.make_order(world.line, worker=world.social_worker))  # not started
    _other_path(world, "interrupted")

    body = _get(world.monitor, **{"from": "2026-01", "to": "2026-11"})  # closed and verified today, 2026-11-23

    rows = {row["name"]: row for row in _rows(body, "paths-by-provider")}
    a, b = rows["Tuottaja A Oy"], rows["Tuottaja B Oy"]
    assert (a["started"], a["closed"], a["verified"], a["counting"], a["outcome_studies"]) == (1, 1, 1, 1, 1)
    assert (b["started"], b["closed"], b["verified"], b["counting"], b["outcome_interrupted"]) == (1, 1, 0, 0, 1)
    figures = {figure["label"]: figure["value"] for figure in body["figures"]}
    assert (figures["Employment paths started"], figures["Outcomes that count"]) == (2, 1)


def test_a_path_closed_after_the_range_counts_as_started_only(world):
    path, _evidence = factories.make_path_with_evidence(world)
    employment_path_close(user=world.reporter, path=path, outcome="open_employment")

    body = _get(world.monitor, **{"from": "2026-01", "to": "2026-10"})

    [row] = _rows(body, "paths-by-provider")
    assert (row["started"], row["closed"], row["counting"]) == (1, 0, 0)


def test_the_page_shows_the_tables_and_the_filters(world, seeded):
    client = HttpClient()
    client.force_login(world.monitor)

    response = client.get(PAGE, {"from": "2026-01", "to": "2026-10", "provider": world.provider.pk})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tuottaja A Oy" in page
    assert 'name="from"' in page
    assert 'name="product"' in page
    assert "<svg" in page  # the monthly chart, followed by its table


def test_the_page_exports_the_dashboard_as_excel(world, seeded):
    client = HttpClient()
    client.force_login(world.administrator)

    response = client.get(PAGE, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_bad_range_is_refused_by_the_api(world):
    api = factories.api(world.monitor)

    assert api.get(URL, {"from": "2026-13"}).status_code == 400
    assert api.get(URL, {"from": "2026-10", "to": "2026-01"}).status_code == 400
    assert api.get(URL, {"from": "2020-01", "to": "2026-10"}).status_code == 400
    assert api.get(URL, {"provider": "999999"}).status_code == 400


def test_providers_and_social_workers_may_not_see_the_outcomes_dashboard(world, client):
    for user in (world.reporter, world.other_reporter, world.social_worker, world.lead):
        assert factories.api(user).get(URL).status_code == 403
        client.force_login(user)
        assert client.get(PAGE).status_code == 403


def test_anonymous_users_are_asked_to_sign_in(world, client):
    assert client.get(PAGE).status_code == 302
    assert factories.api().get(URL).status_code in (401, 403)
