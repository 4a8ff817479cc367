"""The employment path (docs §6, §9): proposed with a justification, accepted for a fixed term within the
product's maximum length, followed monthly, closed with an outcome only with evidence, verified by the city."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient

from contracts.models import EmploymentPath, EmploymentPathState, path_latest_end
from contracts.services import (
    employment_path_close,
    employment_path_decide,
    employment_path_progress_record,
    employment_path_propose,
    employment_path_verify,
)
from core.errors import ConflictError
from core.periods import Period
from suppliers.models import AccessAction, ClientAccessLog
from tests import factories

pytestmark = pytest.mark.django_db


def _page(user):
    client = HttpClient()
    client.force_login(user)
    return client


# The maximum length --------------------------------------------------------------------------------------


def test_a_path_may_last_the_products_maximum_less_one_day():
    assert path_latest_end(datetime.date(2026, 9, 1), 6) == datetime.date(2027, 2, 28)
    assert path_latest_end(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 27)


def test_every_product_allows_six_months_by_default(world):
    assert world.line.product.employment_path_max_months == 6


# Proposal -------------------------------------------------------------------------------------------------


def test_the_provider_proposes_a_path_with_its_justification_and_goals(world):
    path = factories.make_path(world)

    assert path.state == EmploymentPathState.PROPOSED
    assert path.proposed_by == world.reporter
    assert [goal.description for goal in path.goals.all()] == ["Työkokeilu kahvilassa"]


def test_a_proposal_without_a_justification_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        employment_path_propose(user=world.reporter, order=world.order, justification="   ")

    assert caught.value.code == "employment_path_justification"
    assert not EmploymentPath.objects.exists()


def test_a_proposal_without_a_justification_is_refused_through_the_api(world):
    response = factories.api(world.reporter).post(
        f"/api/v1/service-orders/{world.order.pk}/employment-paths/", {"justification": ""}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "employment_path_justification"
    assert not EmploymentPath.objects.exists()


def test_a_proposal_without_a_justification_is_refused_on_the_page(world):
    response = _page(world.reporter).post(
        f"/service-orders/{world.order.pk}/employment-paths/new/", {"justification": "", "goals": ""}
    )

    assert response.status_code == 200
    assert "strengths and successes" in response.content.decode() or "vahvuu" in response.content.decode()
    assert not EmploymentPath.objects.exists()


def test_the_provider_proposes_on_the_page_and_lands_on_the_path(world):
    response = _page(world.reporter).post(
        f"/service-orders/{world.order.pk}/employment-paths/new/",
        {"justification": "Vahva työote", "goals": "Työkokeilu\nOppisopimus"},
    )

    path = EmploymentPath.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/employment-paths/{path.pk}/"
    assert path.goals.count() == 2


def test_the_city_cannot_propose_for_the_provider(world):
    with pytest.raises(PermissionDenied):
        employment_path_propose(user=world.social_worker, order=world.order, justification="x")


def test_only_one_path_is_under_way_at_a_time(world):
    factories.make_path(world)

    with pytest.raises(ConflictError):
        factories.make_path(world)


# Decision -------------------------------------------------------------------------------------------------


def test_the_city_accepts_a_path_for_a_term_within_the_maximum(world):
    path = factories.make_path(world, state="active")

    assert path.state == EmploymentPathState.ACTIVE
    assert (path.starts_on, path.ends_on, path.decided_by) == (
        factories.PATH_STARTS_ON,
        factories.PATH_ENDS_ON,
        world.social_worker,
    )


def test_a_term_over_the_products_maximum_is_refused(world):
    path = factories.make_path(world)

    with pytest.raises(ValidationError) as caught:
        employment_path_decide(
            user=world.social_worker,
            path=path,
            accept=True,
            starts_on=factories.PATH_STARTS_ON,
            ends_on=datetime.date(2027, 3, 1),
        )

    assert caught.value.code == "employment_path_max_length"
    path.refresh_from_db()
    assert path.state == EmploymentPathState.PROPOSED


def test_the_products_own_maximum_is_used(world):
    product = world.line.product
    product.employment_path_max_months = 3
    product.save(update_fields=["employment_path_max_months"])
    path = factories.make_path(world)

    response = factories.api(world.social_worker).post(
        f"/api/v1/employment-paths/{path.pk}/decide/",
        {"decision": "accept", "starts_on": "2026-09-01", "ends_on": "2026-12-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "employment_path_max_length"
    assert "2026-11-30" in response.json()["detail"]


def test_a_term_over_the_maximum_is_refused_on_the_page(world):
    path = factories.make_path(world)

    response = _page(world.social_worker).post(
        f"/employment-paths/{path.pk}/decide/",
        {"decision": "accept", "starts_on": "2026-09-01", "ends_on": "2027-06-30", "comment": ""},
        follow=True,
    )

    assert response.status_code == 200
    assert "2027-02-28" in response.content.decode()
    path.refresh_from_db()
    assert path.state == EmploymentPathState.PROPOSED


def test_the_city_declines_with_a_reason(world):
    path = employment_path_decide(
        user=world.social_worker, path=factories.make_path(world), accept=False, comment="Ei vielä"
    )

    assert path.state == EmploymentPathState.DECLINED
    # A declined proposal leaves room for a new one.
    assert factories.make_path(world).state == EmploymentPathState.PROPOSED


def test_the_provider_cannot_accept_its_own_proposal(world):
    path = factories.make_path(world)

    response = factories.api(world.reporter).post(
        f"/api/v1/employment-paths/{path.pk}/decide/",
        {"decision": "accept", "starts_on": "2026-09-01", "ends_on": "2026-12-31"},
        format="json",
    )

    assert response.status_code == 403


def test_a_social_worker_of_another_unit_cannot_decide(world):
    path = factories.make_path(world)

    with pytest.raises(PermissionDenied):
        employment_path_decide(user=world.other_unit_worker, path=path, accept=False, comment="x")


# Monthly progress -----------------------------------------------------------------------------------------


def test_the_provider_records_the_month_and_a_second_note_replaces_it(world):
    path = factories.make_path(world, state="active")

    employment_path_progress_record(user=world.reporter, path=path, period=Period(2026, 10), narrative="Alku")
    employment_path_progress_record(user=world.reporter, path=path, period=Period(2026, 10), narrative="Hyvin")

    assert [(note.period, note.narrative) for note in path.progress.all()] == [(Period(2026, 10), "Hyvin")]


def test_a_month_outside_the_term_is_refused(world):
    path = factories.make_path(world, state="active")

    response = factories.api(world.reporter).post(
        f"/api/v1/employment-paths/{path.pk}/progress/", {"period": "2026-08", "narrative": "x"}, format="json"
    )

    assert response.status_code == 400
    assert not path.progress.exists()


# Closing and verifying ------------------------------------------------------------------------------------


def test_closing_without_evidence_is_refused(world):
    path = factories.make_path(world, state="active")

    with pytest.raises(ValidationError) as caught:
        employment_path_close(user=world.reporter, path=path, outcome="open_employment")

    assert caught.value.code == "employment_path_evidence"
    path.refresh_from_db()
    assert path.state == EmploymentPathState.ACTIVE


def test_closing_without_evidence_is_refused_through_the_api(world):
    path = factories.make_path(world, state="active")

    response = factories.api(world.reporter).post(
        f"/api/v1/employment-paths/{path.pk}/close/", {"outcome": "studies"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "employment_path_evidence"


def test_closing_without_evidence_is_refused_on_the_page(world):
    path = factories.make_path(world, state="active")

    response = _page(world.reporter).post(
        f"/employment-paths/{path.pk}/close/", {"outcome": "studies", "outcome_description": ""}, follow=True
    )

    assert response.status_code == 200
    path.refresh_from_db()
    assert path.state == EmploymentPathState.ACTIVE
    assert "message-error" in response.content.decode()


def test_closing_a_path_whose_term_grew_past_the_maximum_is_refused(world):
    path, _evidence = factories.make_path_with_evidence(world)
    EmploymentPath.objects.filter(pk=path.pk).update(ends_on=datetime.date(2027, 6, 30))

    with pytest.raises(ValidationError) as caught:
        employment_path_close(user=world.reporter, path=path, outcome="studies")

    assert caught.value.code == "employment_path_max_length"


def test_the_provider_closes_with_evidence_and_the_goals_reached(world):
    path, _evidence = factories.make_path_with_evidence(world)
    goal = path.goals.get()

    response = factories.api(world.reporter).post(
        f"/api/v1/employment-paths/{path.pk}/close/",
        {"outcome": "apprenticeship", "outcome_description": "Oppisopimus alkaa", "achieved_goals": [goal.pk]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["outcome"]) == ("closed", "apprenticeship")
    assert body["goals"] == [{"id": goal.pk, "description": "Työkokeilu kahvilassa", "achieved": True}]


def test_the_seven_outcomes_are_offered(world):
    from contracts.models import EmploymentPathOutcome

    assert set(EmploymentPathOutcome.values) == {
        "open_employment",
        "studies",
        "apprenticeship",
        "work_trial",
        "rehabilitative_work",
        "back_to_work_activity",
        "interrupted",
    }


def test_the_city_verifies_the_outcome(world):
    path = factories.make_path(world, state="closed")

    response = _page(world.social_worker).post(f"/employment-paths/{path.pk}/verify/", {"comment": "Tarkistettu"})

    assert response.status_code == 302
    path.refresh_from_db()
    assert (path.state, path.verified_by) == (EmploymentPathState.VERIFIED, world.social_worker)


def test_the_provider_cannot_verify_its_own_outcome(world):
    path = factories.make_path(world, state="closed")

    with pytest.raises(PermissionDenied):
        employment_path_verify(user=world.reporter, path=path)


def test_an_active_path_cannot_be_verified(world):
    path = factories.make_path(world, state="active")

    response = factories.api(world.monitor).post(f"/api/v1/employment-paths/{path.pk}/verify/", {}, format="json")

    assert response.status_code == 409


# Seeing it ------------------------------------------------------------------------------------------------


def test_the_path_page_shows_the_path_and_logs_the_client(world):
    path = factories.make_path(world, state="closed")

    response = _page(world.monitor).get(f"/employment-paths/{path.pk}/")

    assert response.status_code == 200
    assert "Sitoutunut" in response.content.decode()
    assert ClientAccessLog.objects.filter(
        user=world.monitor, client=world.order.client, action=AccessAction.VIEW, resource="page:employment-path-detail"
    ).exists()


def test_the_order_page_offers_the_provider_to_propose(world):
    response = _page(world.reporter).get(f"/service-orders/{world.order.pk}/")

    assert f"/service-orders/{world.order.pk}/employment-paths/new/" in response.content.decode()


def test_another_providers_staff_get_404_for_the_path(world):
    path = factories.make_path(world, state="active")

    assert factories.api(world.other_reporter).get(f"/api/v1/employment-paths/{path.pk}/").status_code == 404
    assert _page(world.other_reporter).get(f"/employment-paths/{path.pk}/").status_code == 404
    for action, body in (("decide", {"decision": "decline", "comment": "x"}), ("close", {"outcome": "studies"})):
        response = factories.api(world.other_reporter).post(
            f"/api/v1/employment-paths/{path.pk}/{action}/", body, format="json"
        )
        assert response.status_code == 404
    listing = factories.api(world.other_reporter).get(f"/api/v1/service-orders/{world.order.pk}/employment-paths/")
    assert listing.status_code == 404


def test_another_provider_cannot_propose_for_an_order_it_does_not_have(world):
    response = factories.api(world.other_reporter).post(
        f"/api/v1/service-orders/{world.order.pk}/employment-paths/", {"justification": "x"}, format="json"
    )

    assert response.status_code == 404


def test_deciding_through_the_api_logs_the_client(world):
    path = factories.make_path(world)

    response = factories.api(world.social_worker).post(
        f"/api/v1/employment-paths/{path.pk}/decide/", {"decision": "decline", "comment": "Ei vielä"}, format="json"
    )

    assert response.status_code == 200
    assert ClientAccessLog.objects.filter(
        user=world.social_worker, client=world.order.client, resource="api:employment-path-decide"
    ).exists()
