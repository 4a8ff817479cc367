"""One behaviour per operation: return and approve need the version the reviewer read, whichever path sends them
(the API, the review page); a refused submit keeps its findings, whichever path refused it (the API, the page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from reporting.models import Report, ReportState
from tests import factories
from tests.conftest import World
from tests.reporting import flow

DECISIONS = ("return", "approve")
ERROR_DAYS = [
    {"date": "2026-10-01", "status": "present", "hours": "4.5"},
    {"date": "2026-10-02", "status": "sick", "hours": "3"},
]


def _sent_again(world: World) -> tuple[dict[str, Any], int]:
    """A report returned and submitted again, and the version the reviewer read before the return."""
    report = flow.report_in(world, "submitted")
    seen = report["version"]
    flow.return_(world, report["id"])
    flow.submit(world, report["id"])
    return report, seen


def _review_url(report_id: int) -> str:
    return reverse("monitoring-review-report", args=[report_id])


# The API ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", DECISIONS)
def test_the_api_refuses_a_decision_without_the_version_with_a_field_error(world, action):
    report = flow.report_in(world, "submitted")

    response = factories.api(world.monitor).post(
        flow.report_url(report["id"], action), {"comment": "Korjaa"}, format="json"
    )

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert "version" in response.json()["errors"]
    assert flow.detail(world, report["id"])["state"] == "submitted"


@pytest.mark.parametrize("action", DECISIONS)
def test_the_api_refuses_a_decision_on_a_version_the_reviewer_did_not_read_with_409(world, action):
    report, seen = _sent_again(world)
    before = flow.detail(world, report["id"])

    response = factories.api(world.administrator).post(
        flow.report_url(report["id"], action), {"comment": "Korjaa", "version": seen}, format="json"
    )

    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "stale_version"
    assert flow.detail(world, report["id"]) == before


@pytest.mark.parametrize("action", DECISIONS)
def test_someone_who_may_not_review_gets_403_before_the_missing_version_is_mentioned(world, action):
    report = flow.report_in(world, "submitted")

    response = factories.api(world.reporter).post(flow.report_url(report["id"], action), {}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_the_api_documents_the_version_of_return_and_approve():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    for action in DECISIONS:
        operation = schema["paths"][f"/api/v1/reports/{{id}}/{action}/"]["post"]
        reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]
        assert "version" in body["required"], action
        assert body["properties"]["version"]["type"] == "integer"


# The pages ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", DECISIONS)
def test_the_review_page_refuses_a_decision_without_the_version(client, world, action):
    report = flow.report_in(world, "submitted")
    client.force_login(world.monitor)

    response = client.post(_review_url(report["id"]), {"action": action, "comment": "Korjaa"})

    assert response.status_code == 400
    assert Report.objects.get(pk=report["id"]).state == ReportState.SUBMITTED


@pytest.mark.parametrize("action", DECISIONS)
def test_the_review_page_refuses_a_decision_on_a_version_the_reviewer_did_not_read_with_409(client, world, action):
    report, seen = _sent_again(world)
    client.force_login(world.monitor)

    response = client.post(_review_url(report["id"]), {"action": action, "version": seen, "comment": "Korjaa"})

    assert response.status_code == 409
    assert Report.objects.get(pk=report["id"]).state == ReportState.SUBMITTED


@pytest.mark.parametrize("action", DECISIONS)
def test_the_report_page_has_no_return_or_approve_of_its_own(client, world, action):
    report = flow.report_in(world, "submitted")
    client.force_login(world.monitor)

    page = client.get(f"/reports/{report['id']}/").content.decode()
    response = client.post(f"/reports/{report['id']}/{action}/", {"comment": "Korjaa"})

    assert f'href="{_review_url(report["id"])}"' in page
    assert f"/{action}/" not in page
    assert response.status_code == 404
    assert Report.objects.get(pk=report["id"]).state == ReportState.SUBMITTED


# A refused submit keeps its findings ---------------------------------------------------------------------------


def _findings(world: World, report_id: int) -> set[tuple[str, str | None]]:
    response = factories.api(world.reporter).get(flow.report_url(report_id, "findings"))
    assert response.status_code == 200, response.json()
    return {(finding["code"], finding["date"]) for finding in response.json()["findings"]}


def test_a_submit_refused_through_the_api_keeps_its_findings(world):
    report = flow.create(world)
    flow.fill(world, report, days=ERROR_DAYS)

    response = factories.api(world.reporter).post(flow.report_url(report["id"], "submit"))

    assert response.status_code == 400
    assert response.json()["code"] == "report_has_errors"
    refused = {(finding["code"], finding["date"]) for finding in response.json()["findings"]}
    assert ("work_hours_only_present", "2026-10-02") in refused
    assert refused <= _findings(world, report["id"])
    assert flow.detail(world, report["id"])["state"] == "draft"


def test_a_submit_refused_on_the_page_keeps_its_findings_for_the_api_and_the_page(client, world):
    report = flow.create(world)
    flow.fill(world, report, days=ERROR_DAYS)
    client.force_login(world.reporter)

    response = client.post(f"/reports/{report['id']}/submit/", follow=True)

    assert ("work_hours_only_present", "2026-10-02") in _findings(world, report["id"])
    assert "finding-error" in response.content.decode()
    assert "finding-error" in client.get(f"/reports/{report['id']}/").content.decode()
    assert flow.detail(world, report["id"])["state"] == "draft"
