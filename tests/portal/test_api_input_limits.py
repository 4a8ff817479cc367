"""Input the API and the pages cannot be made to choke on: JSON nested too deep, bodies too large, free text too
long (issue #15). Each is a clear 4xx that changes nothing, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from core.text import FREE_TEXT_MAX_LENGTH
from reporting.models import Report, ReportEntry
from tests import factories
from tests.reporting import flow


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _post_raw(user, method: str, url: str, body: bytes, **extra):
    return getattr(factories.api(user), method)(url, body, content_type="application/json", **extra)


@pytest.mark.parametrize("depth", [1100, 100_000])
def test_a_json_body_nested_too_deep_is_a_json_400_on_report_create(world, depth):
    response = _post_raw(world.reporter, "post", flow.REPORTS, _deep(depth), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error"
    assert "nested" in body["detail"]
    assert not Report.objects.exists()


def test_a_json_body_nested_too_deep_is_a_400_on_entry_return_and_self_evaluation_endpoints(world):
    report = flow.report_in(world, "submitted")
    entry = ReportEntry.objects.get(report_id=report["id"])
    nested = b'{"notes": ' + _deep(1100) + b"}"
    for user, method, url in [
        (world.reporter, "patch", flow.entry_url(report["id"], entry.pk)),
        (world.monitor, "post", flow.report_url(report["id"], "return")),
        (world.reporter, "post", "/api/v1/self-evaluations/"),
    ]:
        response = _post_raw(user, method, url, nested)
        assert response.status_code == 400, (url, response.content[:200])
        assert response.json()["code"] == "parse_error"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_json_body_over_the_upload_limit_is_a_json_413(world):
    body = b'{"contract": 1, "period": "2026-10", "x": "' + b"a" * 20_000 + b'"}'

    response = _post_raw(world.reporter, "post", flow.REPORTS, body, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "request_too_large"
    assert not Report.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_form_over_the_upload_limit_is_a_clear_413_on_a_page(world):
    page = HttpClient()
    page.force_login(world.reporter)

    response = page.post("/reports/new/", {"contract": "1", "period": "2026-10", "x": "a" * 20_000})

    assert response.status_code == 413
    assert "text/html" in response["Content-Type"]
    assert not Report.objects.exists()


def test_a_note_of_a_million_characters_is_refused_naming_the_field(world):
    report = flow.create(world)
    entry = next(item for item in flow.entries(world, report["id"]) if item["service_order"] == world.order.pk)

    response = factories.api(world.reporter).patch(
        flow.entry_url(report["id"], entry["id"]),
        {"version": entry["version"], "notes": "x" * 1_000_000},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "notes" in response.json()["errors"]
    assert ReportEntry.objects.get(pk=entry["id"]).notes == ""


def test_a_goal_narrative_one_over_the_limit_is_refused_and_one_at_the_limit_is_kept(world):
    report = flow.create(world)
    entry = next(item for item in flow.entries(world, report["id"]) if item["service_order"] == world.order.pk)
    goal = world.order.goals.get()
    url = flow.entry_url(report["id"], entry["id"])

    def patch(text: str, version: int):
        return factories.api(world.reporter).patch(
            url,
            {"version": version, "goal_progress": [{"goal": goal.pk, "level": 0, "narrative": text}]},
            format="json",
        )

    too_long = patch("x" * (FREE_TEXT_MAX_LENGTH + 1), entry["version"])
    assert too_long.status_code == 400
    assert "goal_progress[0].narrative" in too_long.json()["errors"]

    assert patch("x" * FREE_TEXT_MAX_LENGTH, entry["version"]).status_code == 200


def test_a_return_comment_too_long_is_refused_and_the_report_stays_submitted(world):
    report = flow.report_in(world, "submitted")

    response = factories.api(world.monitor).post(
        flow.report_url(report["id"], "return"),
        {"comment": "x" * (FREE_TEXT_MAX_LENGTH + 1), "version": report["version"]},
        format="json",
    )

    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert flow.detail(world, report["id"])["state"] == "submitted"


@pytest.mark.parametrize("value", ["-9.273183218695408e+247", "99999999999999999999999", "1.3", "abc"])
def test_an_id_filter_out_of_any_range_is_a_400_naming_the_filter(world, value):
    """Found by the schema fuzzer: a huge number in an id filter overflowed the database driver (a 500)."""
    for url in ("/api/v1/service-orders/", "/api/v1/reports/", "/api/v1/contracts/"):
        response = factories.api(world.monitor).get(url, {"provider": value})

        assert response.status_code == 400, (url, response.content[:200])
        assert "provider" in response.json()["errors"]
