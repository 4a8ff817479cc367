"""Goal attainment: the Kiresuk–Sherman T-score, per client and month and as means per provider and product.

T = 50 + 10 · Σ wᵢxᵢ / √((1 − ρ) · Σ wᵢ² + ρ · (Σ wᵢ)²),  ρ = 0.3, xᵢ the GAS level (−2…+2), wᵢ the weight.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.test import Client as HttpClient

from contracts.models import Goal, GoalArea
from reporting.gas import gas_t_score
from reporting.models import Report
from reporting.outcomes import gas_client_scores, gas_group_scores
from suppliers.access import actor_for
from tests import factories
from tests.reporting import flow

# Worked examples, computed by hand ----------------------------------------------------------------------------


def test_one_goal_reached_as_expected_scores_fifty():
    # 50 + 10·(1·0) / √(0.7·1 + 0.3·1²) = 50 + 0 = 50
    assert gas_t_score([(0, 1)]) == 50


def test_two_goals_one_level_better_than_expected_score_62_40():
    # Σwx = 2, Σw² = 2, Σw = 2: 50 + 10·2 / √(0.7·2 + 0.3·4) = 50 + 20 / √2.6 = 50 + 20 / 1.61245 = 62.40
    assert gas_t_score([(1, 1), (1, 1)]) == pytest.approx(62.40, abs=0.005)


def test_three_weighted_goals_score_sixty():
    # Levels −1, 0, +2 with weights 1, 1, 2: Σwx = −1 + 0 + 4 = 3; Σw² = 1 + 1 + 4 = 6; Σw = 4;
    # 50 + 10·3 / √(0.7·6 + 0.3·16) = 50 + 30 / √(4.2 + 4.8) = 50 + 30 / 3 = 60.00
    assert gas_t_score([(-1, 1), (0, 1), (2, 2)]) == pytest.approx(60.0)


def test_one_goal_much_less_than_expected_scores_thirty():
    # 50 + 10·(−2) / √(0.7 + 0.3) = 50 − 20 = 30
    assert gas_t_score([(-2, 1)]) == pytest.approx(30.0)


def test_five_goals_much_better_than_expected_score_80_15():
    # Σwx = 10, Σw² = 5, Σw = 5: 50 + 100 / √(3.5 + 7.5) = 50 + 100 / √11 = 50 + 30.15 = 80.15
    assert gas_t_score([(2, 1)] * 5) == pytest.approx(80.15, abs=0.005)


def test_without_goals_there_is_no_score():
    assert gas_t_score([]) is None


def test_a_different_correlation_changes_the_denominator():
    # ρ = 0: 50 + 10·2 / √2 = 64.14
    assert gas_t_score([(1, 1), (1, 1)], rho=0) == pytest.approx(50 + 20 / math.sqrt(2))


# Per client and month, and the means --------------------------------------------------------------------------


def _goal(order: Any, *, weight: int = 1) -> Goal:
    return factories.make_goal(
        order=order, area=GoalArea.GROUP_FUNCTIONING, description="Ryhmässä toimiminen", baseline="-", weight=weight
    )


def _report(world: Any, contract: Any, user: Any, levels: dict[int, list[int]], state: str = "submitted") -> Report:
    """October's report of the contract with the given GAS levels per order (in goal order), brought to `state`."""
    entries = {order_id: {"levels": chosen} for order_id, chosen in levels.items()}
    return factories.make_report(contract, user=user, state=state, entries=entries, reviewer=world.monitor)


@pytest.fixture
def october(world: Any) -> dict[str, Any]:
    """Provider A: world.order at +1 (T 60) and a second order with two goals at +1 (T 62.40).
    Provider B: world.other_order at −2 (T 30)."""
    second = factories.make_order(world.line, worker=world.social_worker)
    _goal(second)
    _report(world, world.line.contract, world.reporter, {world.order.pk: [1], second.pk: [1, 1]})
    _report(world, world.other_line.contract, world.other_reporter, {world.other_order.pk: [-2]})
    return {"second": second}


def test_each_client_month_gets_its_t_score(world, october):
    scores = {score.service_order_id: score for score in gas_client_scores(actor=actor_for(world.monitor))}

    assert scores[world.order.pk].t_score == pytest.approx(60.0)
    assert round(scores[october["second"].pk].t_score, 2) == 62.40
    assert scores[world.other_order.pk].t_score == pytest.approx(30.0)
    assert {score.period for score in scores.values()} == {"2026-10"}


def test_the_means_per_provider_and_per_product(world, october):
    scores = gas_client_scores(actor=actor_for(world.monitor))

    by_provider = {row.name: (round(row.t_score, 2), row.n) for row in gas_group_scores(scores, group="provider")}
    by_product = [(round(row.t_score, 2), row.n) for row in gas_group_scores(scores, group="product")]

    # (60 + 62.40) / 2 = 61.20; B alone 30; all three (60 + 62.4035 + 30) / 3 = 50.80
    assert by_provider == {"Tuottaja A Oy": (61.20, 2), "Tuottaja B Oy": (30.0, 1)}
    assert by_product == [(50.80, 3)]


def test_drafts_and_returned_reports_do_not_count(world):
    _report(world, world.line.contract, world.reporter, {world.order.pk: [2]}, state="draft")
    _report(world, world.other_line.contract, world.other_reporter, {world.other_order.pk: [2]}, state="returned")

    assert gas_client_scores(actor=actor_for(world.monitor)) == []


def test_the_api_gives_the_means_per_provider(world, october):
    response = factories.api(world.monitor).get("/api/v1/outcomes/gas/", {"period": "2026-10", "group": "provider"})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(row["name"], row["t_score"], row["n"]) for row in body["rows"]] == [
        ("Tuottaja A Oy", "61.20", 2),
        ("Tuottaja B Oy", "30.00", 1),
    ]
    assert body["overall"] == {"t_score": "50.80", "n": 3}
    assert body["rho"] == 0.3


def test_the_api_gives_the_means_per_product(world, october):
    body = factories.api(world.monitor).get("/api/v1/outcomes/gas/?period=2026-10&group=product").json()

    assert [(row["t_score"], row["n"]) for row in body["rows"]] == [("50.80", 3)]


def test_a_provider_sees_only_its_own_scores(world, october):
    body = factories.api(world.other_reporter).get("/api/v1/outcomes/gas/?period=2026-10").json()

    assert [(row["name"], row["t_score"]) for row in body["rows"]] == [("Tuottaja B Oy", "30.00")]


def test_another_month_has_no_scores(world, october):
    body = factories.api(world.monitor).get("/api/v1/outcomes/gas/?period=2026-09").json()

    assert (body["rows"], body["overall"]) == ([], None)


def test_a_bad_period_or_group_is_refused(world):
    api = factories.api(world.monitor)

    assert api.get("/api/v1/outcomes/gas/?period=2026-13").status_code == 400
    assert api.get("/api/v1/outcomes/gas/?group=client").status_code == 400


def test_a_submitted_report_through_the_api_counts(world):
    flow.report_in(world, "submitted")  # one goal at +1

    body = factories.api(world.monitor).get("/api/v1/outcomes/gas/?period=2026-10").json()

    assert body["overall"] == {"t_score": "60.00", "n": 1}


def test_the_outcomes_page_shows_the_means(world, october):
    client = HttpClient()
    client.force_login(world.monitor)

    page = client.get("/outcomes/gas/", {"period": "2026-10", "group": "provider"}).content.decode()

    assert "Tuottaja A Oy" in page
    assert "61" in page  # 61,20 in Finnish, 61.20 in English


def test_the_order_page_shows_the_clients_t_score_over_time(world, october):
    client = HttpClient()
    client.force_login(world.reporter)

    page = client.get(f"/service-orders/{world.order.pk}/").content.decode()

    assert "2026-10" in page
    assert "60,00" in page or "60.00" in page


def test_a_weight_changed_later_does_not_rescore_a_month_already_reported(world):
    second = _goal(world.order)  # world.order now has two goals of weight 1
    _report(world, world.line.contract, world.reporter, {world.order.pk: [2, 0]})
    # 50 + 10·2 / √(0.7·2 + 0.3·4) = 62.40
    [before] = gas_client_scores(actor=actor_for(world.monitor))
    assert round(before.t_score, 2) == 62.40

    response = factories.api(world.social_worker).patch(f"/api/v1/goals/{second.pk}/", {"weight": 3}, format="json")
    assert response.status_code == 200, response.json()

    [after] = gas_client_scores(actor=actor_for(world.monitor))
    assert after.t_score == before.t_score
    outcomes = factories.api(world.monitor).get(
        "/api/v1/monitoring/outcomes/", {"from": "2026-10", "to": "2026-10"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert outcomes.status_code == 200, outcomes.json()
    [mean] = [figure for figure in outcomes.json()["figures"] if figure["label"] == "Mean T-score"]
    assert round(float(mean["value"]), 2) == 62.40


def test_levels_written_after_a_weight_change_are_scored_with_the_new_weight(world):
    second = _goal(world.order)
    response = factories.api(world.social_worker).patch(f"/api/v1/goals/{second.pk}/", {"weight": 3}, format="json")
    assert response.status_code == 200, response.json()

    _report(world, world.line.contract, world.reporter, {world.order.pk: [2, 0]})

    # Σwx = 2, Σw² = 1 + 9 = 10, Σw = 4: 50 + 20 / √(7 + 4.8) = 50 + 20 / 3.43511 = 55.82
    [score] = gas_client_scores(actor=actor_for(world.monitor))
    assert round(score.t_score, 2) == 55.82
