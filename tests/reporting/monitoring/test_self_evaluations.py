"""The provider's self-evaluation pages: write, submit, and the city's comments (docs §10)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import SelfEvaluation, SelfEvaluationComment
from tests import factories
from tests.reporting.monitoring import self_evaluation_flow as flow

PAGES = "/self-evaluations/"


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """These tests read the English messages: English is the language every request and call here uses."""
    settings.LANGUAGE_CODE = "en"


def _form(world: Any, **fields: Any) -> dict[str, Any]:
    data = {"provider": world.provider.pk, "contract": "", "kind": "quarter", "year": "2026", "quarter": "3"}
    data.update({name: str(value) for name, value in flow.TEXTS.items()})
    data.update(fields)
    return data


def _page(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def test_a_provider_writes_and_submits_a_quarterly_evaluation(world, client):
    _page(client, world.reporter)

    created = client.post(f"{PAGES}new/", _form(world))

    evaluation = SelfEvaluation.objects.get()
    assert created.status_code == 302
    assert created["Location"] == f"{PAGES}{evaluation.pk}/"
    assert (evaluation.kind, evaluation.year, evaluation.quarter, evaluation.state) == ("quarter", 2026, 3, "draft")
    page = client.get(created["Location"])
    assert "Save and submit to the city" in page.content.decode()

    submitted = client.post(
        created["Location"], _form(world, version=evaluation.version, action="submit", practices_to_share="Vertaiset")
    )

    assert submitted.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.practices_to_share, evaluation.submitted_by) == (
        "submitted",
        "Vertaiset",
        world.reporter,
    )


def test_the_form_tells_the_provider_not_to_name_clients(world, client):
    response = _page(client, world.reporter).get(f"{PAGES}new/")

    assert response.status_code == 200
    assert "never name a client" in response.content.decode()


def test_another_provider_gets_404_on_the_evaluation_page(world, client):
    evaluation = flow.create(world)
    _page(client, world.other_reporter)

    assert client.get(f"{PAGES}{evaluation['id']}/").status_code == 404
    assert client.post(f"{PAGES}{evaluation['id']}/", _form(world, action="save", version=1)).status_code == 404
    assert flow.TEXTS["objectives"] not in client.get(PAGES).content.decode()


def test_a_social_worker_is_refused_the_self_evaluations(world, client):
    assert _page(client, world.social_worker).get(PAGES).status_code == 403


def test_only_provider_staff_open_the_new_evaluation_form(world, client):
    assert _page(client, world.monitor).get(f"{PAGES}new/").status_code == 403


def test_the_city_comments_and_the_provider_sees_the_comment(world, client):
    evaluation = flow.submitted(world)
    _page(client, world.monitor)
    assert "Add the comment" in client.get(f"{PAGES}{evaluation['id']}/").content.decode()

    response = client.post(f"{PAGES}{evaluation['id']}/", {"action": "comment", "text": "Hyvät käytännöt, kiitos"})

    assert response.status_code == 302
    client.force_login(world.reporter)
    page = client.get(f"{PAGES}{evaluation['id']}/").content.decode()
    assert "Hyvät käytännöt, kiitos" in page
    assert "Add the comment" not in page


def test_an_empty_comment_is_refused_with_the_field_marked(world, client):
    evaluation = flow.submitted(world)

    response = _page(client, world.monitor).post(f"{PAGES}{evaluation['id']}/", {"action": "comment", "text": ""})

    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not SelfEvaluationComment.objects.exists()


def test_a_provider_cannot_comment(world, client):
    evaluation = flow.submitted(world)

    response = _page(client, world.reporter).post(f"{PAGES}{evaluation['id']}/", {"action": "comment", "text": "Me"})

    assert response.status_code == 403
    assert not SelfEvaluationComment.objects.exists()


def test_a_provider_cannot_edit_after_submission(world, client):
    evaluation = flow.submitted(world)
    _page(client, world.reporter)
    assert "Save the draft" not in client.get(f"{PAGES}{evaluation['id']}/").content.decode()

    client.post(
        f"{PAGES}{evaluation['id']}/", _form(world, action="save", version=evaluation["version"], objectives="Muutettu")
    )

    assert SelfEvaluation.objects.get().objectives == flow.TEXTS["objectives"]


def test_a_stale_form_is_refused_and_changes_nothing(world, client):
    evaluation = flow.create(world)
    factories.api(world.provider_admin).patch(
        flow.url(evaluation["id"]), {"version": evaluation["version"], "objectives": "Ensin"}, format="json"
    )

    response = _page(client, world.reporter).post(
        f"{PAGES}{evaluation['id']}/", _form(world, action="save", version=evaluation["version"], objectives="Toinen")
    )

    assert response.status_code == 200
    assert "Someone else changed this self-evaluation" in response.content.decode()
    assert SelfEvaluation.objects.get().objectives == "Ensin"


def test_a_duplicate_quarter_is_refused_with_a_clear_message(world, client):
    flow.create(world)

    response = _page(client, world.reporter).post(f"{PAGES}new/", _form(world))

    assert response.status_code == 200
    assert "for this quarter already exists" in response.content.decode()
    assert SelfEvaluation.objects.count() == 1


def test_submitting_with_a_missing_section_names_it_and_keeps_the_text(world, client):
    evaluation = flow.create(world)

    response = _page(client, world.reporter).post(
        f"{PAGES}{evaluation['id']}/",
        _form(world, action="submit", version=evaluation["version"], what_did_not_work="", objectives="Uusi"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "What did not work: Write this before submitting." in page
    saved = SelfEvaluation.objects.get()
    assert (saved.state, saved.objectives) == ("draft", "Uusi")
    # The form continues from the saved version: saving again works.
    again = client.post(f"{PAGES}{evaluation['id']}/", _form(world, action="save", version=saved.version))
    assert again.status_code == 302


def test_the_city_lists_submitted_evaluations_and_filters_them(world, client):
    flow.submitted(world)
    flow.create(world, user=world.other_reporter)
    _page(client, world.monitor)

    page = client.get(PAGES).content.decode()
    filtered = client.get(f"{PAGES}?provider={world.other_provider.pk}").content.decode()

    assert world.provider.name in page
    assert world.other_provider.name not in page.split("<table")[1]  # a draft is the provider's own
    assert "No self-evaluations." in filtered


def test_the_list_page_takes_the_same_number_of_queries_for_many_evaluations(world, client):
    flow.submitted(world)
    _page(client, world.monitor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGES).status_code == 200
        return len(queries)

    few = count()
    SelfEvaluation.objects.bulk_create(
        SelfEvaluation(
            provider=world.other_provider, kind="year", year=year, state="submitted", created_by=world.other_reporter
        )
        for year in range(2030, 2100)
    )

    assert count() == few
