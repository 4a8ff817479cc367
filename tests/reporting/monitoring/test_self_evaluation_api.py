"""The provider's self-evaluation through the API: write, submit, the city's comments (docs §10)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import SelfEvaluation, SelfEvaluationEvent
from tests import factories
from tests.reporting.monitoring import self_evaluation_flow as flow


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """These tests read the English messages: English is the language every request and call here uses."""
    settings.LANGUAGE_CODE = "en"


def test_a_provider_writes_and_submits_a_quarterly_evaluation(world):
    created = flow.create(world)
    assert (created["state"], created["period_label"], created["contract"]) == ("draft", "Q3/2026", None)
    assert created["provider"] == world.provider.pk

    response = factories.api(world.reporter).post(flow.url(created["id"], "submit"), {}, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "submitted"
    assert body["submitted_at"]
    assert [(event["from_state"], event["to_state"]) for event in body["events"]] == [
        ("", "draft"),
        ("draft", "submitted"),
    ]


def test_an_evaluation_can_cover_one_contract(world):
    created = flow.create(world, contract=world.line.contract_id, kind="year", quarter=None)

    assert (created["contract_number"], created["period_label"], created["quarter"]) == (
        world.line.contract.number,
        "2026",
        None,
    )


def test_another_providers_evaluation_is_not_found(world):
    evaluation = flow.create(world)
    outsider = factories.api(world.other_reporter)

    assert outsider.get(flow.url(evaluation["id"])).status_code == 404
    assert (
        outsider.patch(flow.url(evaluation["id"]), {"version": 1, "objectives": "x"}, format="json").status_code == 404
    )
    assert outsider.post(flow.url(evaluation["id"], "submit"), {}, format="json").status_code == 404
    assert outsider.get(flow.URL).json()["results"] == []
    assert SelfEvaluation.objects.get().objectives == flow.TEXTS["objectives"]


def test_a_provider_cannot_write_on_another_providers_contract(world):
    response = factories.api(world.reporter).post(
        flow.URL, {"kind": "year", "year": 2026, "contract": world.other_line.contract_id}, format="json"
    )

    assert response.status_code == 404
    assert not SelfEvaluation.objects.exists()


def test_the_city_does_not_see_a_draft(world):
    evaluation = flow.create(world)

    assert factories.api(world.monitor).get(flow.url(evaluation["id"])).status_code == 404
    assert factories.api(world.monitor).get(flow.URL).json()["results"] == []


def test_the_city_comments_and_the_provider_sees_the_comment(world):
    evaluation = flow.submitted(world)

    response = factories.api(world.monitor).post(
        flow.url(evaluation["id"], "comments"), {"text": "Kiitos, hyvät käytännöt"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "commented"
    seen = factories.api(world.reporter).get(flow.url(evaluation["id"])).json()
    [comment] = seen["comments"]
    assert comment["text"] == "Kiitos, hyvät käytännöt"
    assert comment["author"] == world.monitor.get_full_name()
    assert seen["comment_count"] == 1


def test_the_city_may_comment_more_than_once(world):
    evaluation = flow.commented(world, text="Ensimmäinen")

    response = factories.api(world.administrator).post(
        flow.url(evaluation["id"], "comments"), {"text": "Toinen"}, format="json"
    )

    assert response.status_code == 201
    assert [comment["text"] for comment in response.json()["comments"]] == ["Ensimmäinen", "Toinen"]


def test_a_provider_cannot_comment(world):
    evaluation = flow.submitted(world)

    response = factories.api(world.reporter).post(flow.url(evaluation["id"], "comments"), {"text": "Me"}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_social_worker_sees_no_evaluations_and_cannot_comment(world):
    evaluation = flow.submitted(world)
    social_worker = factories.api(world.social_worker)

    assert social_worker.get(flow.URL).json()["results"] == []
    assert social_worker.post(flow.url(evaluation["id"], "comments"), {"text": "x"}, format="json").status_code == 404


def test_a_draft_cannot_be_commented(world):
    # The city does not see drafts at all: a comment on one is a comment on nothing.
    evaluation = flow.create(world)

    response = factories.api(world.monitor).post(flow.url(evaluation["id"], "comments"), {"text": "x"}, format="json")

    assert response.status_code == 404


def test_the_city_cannot_edit_an_evaluation(world):
    evaluation = flow.submitted(world)

    response = factories.api(world.monitor).patch(
        flow.url(evaluation["id"]), {"version": evaluation["version"], "objectives": "Muutettu"}, format="json"
    )

    assert response.status_code == 403


def test_a_submitted_evaluation_cannot_be_edited(world):
    evaluation = flow.submitted(world)

    response = factories.api(world.reporter).patch(
        flow.url(evaluation["id"]), {"version": evaluation["version"], "objectives": "Muutettu"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
    assert SelfEvaluation.objects.get().objectives == flow.TEXTS["objectives"]


def test_a_draft_is_edited_with_its_version(world):
    evaluation = flow.create(world, objectives="")

    response = factories.api(world.reporter).patch(
        flow.url(evaluation["id"]), {"version": evaluation["version"], "objectives": "Uusi tavoite"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["objectives"], response.json()["version"]) == ("Uusi tavoite", evaluation["version"] + 1)


def test_a_stale_version_is_a_conflict_and_changes_nothing(world):
    evaluation = flow.create(world)
    api = factories.api(world.reporter)
    api.patch(flow.url(evaluation["id"]), {"version": evaluation["version"], "objectives": "Ensin"}, format="json")

    response = api.patch(
        flow.url(evaluation["id"]), {"version": evaluation["version"], "objectives": "Myöhemmin"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert SelfEvaluation.objects.get().objectives == "Ensin"


def test_a_stale_version_on_submit_is_a_conflict(world):
    evaluation = flow.create(world)
    api = factories.api(world.reporter)
    api.patch(flow.url(evaluation["id"]), {"version": evaluation["version"], "objectives": "Ensin"}, format="json")

    response = api.post(flow.url(evaluation["id"], "submit"), {"version": evaluation["version"]}, format="json")

    assert response.status_code == 409
    assert SelfEvaluation.objects.get().state == "draft"


def test_a_second_evaluation_of_the_same_quarter_is_refused_with_a_clear_message(world):
    flow.create(world)

    response = factories.api(world.provider_admin).post(
        flow.URL, {"kind": "quarter", "year": 2026, "quarter": 3}, format="json"
    )

    assert response.status_code == 400
    assert "already exists" in response.json()["detail"]
    assert SelfEvaluation.objects.count() == 1


def test_the_same_quarter_may_be_evaluated_per_contract_and_for_all_contracts(world):
    flow.create(world)
    flow.create(world, contract=world.line.contract_id)
    flow.create(world, kind="year", quarter=None)

    response = factories.api(world.reporter).post(
        flow.URL, {"kind": "quarter", "year": 2026, "quarter": 3, "contract": world.line.contract_id}, format="json"
    )

    assert response.status_code == 400
    assert "already has a self-evaluation for this quarter" in response.json()["detail"]


def test_another_provider_may_evaluate_the_same_quarter(world):
    flow.create(world)

    flow.create(world, user=world.other_reporter)

    assert SelfEvaluation.objects.count() == 2


def test_a_quarterly_evaluation_needs_its_quarter(world):
    response = factories.api(world.reporter).post(flow.URL, {"kind": "quarter", "year": 2026}, format="json")

    assert response.status_code == 400
    assert "quarter" in response.json()["errors"]


def test_a_yearly_evaluation_has_no_quarter(world):
    created = flow.create(world, kind="year", quarter=2)

    assert created["quarter"] is None


def test_submitting_with_a_missing_section_names_it_and_submits_nothing(world):
    evaluation = flow.create(world, why_it_did_not="  ", participant_count=None)

    response = factories.api(world.reporter).post(flow.url(evaluation["id"], "submit"), {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"why_it_did_not", "participant_count"}
    assert SelfEvaluation.objects.get().state == "draft"
    assert not SelfEvaluationEvent.objects.filter(to_state="submitted").exists()


def test_the_city_filters_the_list_by_provider_year_and_state(world):
    flow.commented(world)
    flow.submitted(world, user=world.other_reporter, year=2025)
    api = factories.api(world.monitor)

    def providers(query: str) -> list[int]:
        return [row["provider"] for row in api.get(f"{flow.URL}?{query}").json()["results"]]

    assert sorted(providers("")) == sorted([world.provider.pk, world.other_provider.pk])
    assert providers(f"provider={world.other_provider.pk}") == [world.other_provider.pk]
    assert providers("year=2026") == [world.provider.pk]
    assert providers("state=commented") == [world.provider.pk]
    assert providers("state=submitted") == [world.other_provider.pk]


def test_the_list_takes_the_same_number_of_queries_for_many_evaluations(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert factories.api(world.monitor).get(flow.URL).status_code == 200
        return len(queries)

    flow.submitted(world)
    count()  # the first request also learns who the user is (cached on the user for the next ones)
    few = count()
    evaluations = [
        SelfEvaluation(
            provider=world.provider,
            kind="quarter",
            year=year,
            quarter=quarter,
            state="submitted",
            created_by=world.reporter,
        )
        for year in range(2030, 2080)
        for quarter in (1, 2, 3, 4)
    ]
    SelfEvaluation.objects.bulk_create(evaluations)

    assert count() == few
