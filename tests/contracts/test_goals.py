"""Goals per service order, set by the city's worker with the client and provider (docs §5)."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from contracts.models import Goal
from suppliers.models import ClientAccessLog
from tests import factories

pytestmark = pytest.mark.django_db

GOAL = {
    "area": "education_work",
    "description": "Harjoittelee työelämän taitoja",
    "baseline": "Käy toiminnassa kahdesti viikossa",
    "level_minus_2": "Ei käy",
    "level_minus_1": "Käy kerran viikossa",
    "level_0": "Käy kolmesti viikossa",
    "level_plus_1": "Käy neljästi viikossa",
    "level_plus_2": "Käy joka päivä",
    "weight": 2,
    "target_date": "2026-12-31",
}


def _page(user):
    client = HttpClient()
    client.force_login(user)
    return client


def test_the_social_worker_sets_a_goal_through_the_api(world):
    response = factories.api(world.social_worker).post(
        f"/api/v1/service-orders/{world.order.pk}/goals/", GOAL, format="json"
    )

    assert response.status_code == 201, response.json()
    goal = Goal.objects.get(pk=response.json()["id"])
    assert (goal.weight, goal.level_0, goal.created_by) == (2, "Käy kolmesti viikossa", world.social_worker)


def test_the_goals_of_an_order_are_listed_and_the_read_is_logged(world):
    response = factories.api(world.reporter).get(f"/api/v1/service-orders/{world.order.pk}/goals/")

    assert response.status_code == 200
    assert [row["description"] for row in response.json()] == ["Arjen taidot"]
    assert ClientAccessLog.objects.filter(user=world.reporter, client=world.order.client).exists()


def test_the_social_worker_changes_a_goal_through_the_api(world):
    goal = world.order.goals.get()

    response = factories.api(world.social_worker).patch(
        f"/api/v1/goals/{goal.pk}/", {"level_0": "Uusi odotettu taso", "weight": 3}, format="json"
    )

    assert response.status_code == 200, response.json()
    goal.refresh_from_db()
    assert (goal.level_0, goal.weight) == ("Uusi odotettu taso", 3)


def test_a_goal_needs_all_five_levels_and_a_positive_weight(world):
    response = factories.api(world.social_worker).post(
        f"/api/v1/service-orders/{world.order.pk}/goals/", {**GOAL, "level_plus_2": "", "weight": 0}, format="json"
    )

    assert response.status_code == 400
    assert {"level_plus_2", "weight"} <= set(response.json()["errors"])


def test_the_provider_reads_goals_but_does_not_set_them(world):
    api = factories.api(world.reporter)

    assert api.post(f"/api/v1/service-orders/{world.order.pk}/goals/", GOAL, format="json").status_code == 403
    goal = world.order.goals.get()
    assert api.patch(f"/api/v1/goals/{goal.pk}/", {"weight": 5}, format="json").status_code == 403


def test_a_social_worker_of_another_unit_gets_404(world):
    api = factories.api(world.other_unit_worker)
    goal = world.order.goals.get()

    assert api.get(f"/api/v1/service-orders/{world.order.pk}/goals/").status_code == 404
    assert api.patch(f"/api/v1/goals/{goal.pk}/", {"weight": 5}, format="json").status_code == 404


def test_another_providers_staff_get_404(world):
    api = factories.api(world.other_reporter)
    goal = world.order.goals.get()

    assert api.get(f"/api/v1/service-orders/{world.order.pk}/goals/").status_code == 404
    assert api.get(f"/api/v1/goals/{goal.pk}/").status_code == 404
    assert _page(world.other_reporter).get(f"/goals/{goal.pk}/edit/").status_code == 404


def test_the_social_worker_adds_a_goal_on_the_page(world):
    response = _page(world.social_worker).post(f"/service-orders/{world.order.pk}/goals/new/", GOAL)

    assert response.status_code == 302
    assert world.order.goals.count() == 2


def test_the_goal_form_shows_what_is_missing(world):
    response = _page(world.social_worker).post(f"/service-orders/{world.order.pk}/goals/new/", {**GOAL, "level_0": ""})

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert world.order.goals.count() == 1


def test_the_social_worker_edits_a_goal_on_the_page(world):
    goal = world.order.goals.get()

    response = _page(world.social_worker).post(f"/goals/{goal.pk}/edit/", {**GOAL, "description": "Muutettu"})

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.description == "Muutettu"


def test_the_provider_gets_no_goal_form(world):
    assert _page(world.reporter).get(f"/service-orders/{world.order.pk}/goals/new/").status_code == 403
    page = _page(world.reporter).get(f"/service-orders/{world.order.pk}/").content.decode()
    assert "/goals/new/" not in page
