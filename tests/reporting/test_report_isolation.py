"""Who sees which reports and entries (docs §2, §13): a provider sees only its own, with 404 for another's; a
social worker only the entries of orders they may see; filters work; and the lists' query counts stay flat."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.conftest import World
from tests.reporting import flow


def _every_url_of(report_id: int, entry_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("get", flow.report_url(report_id), {}),
        ("patch", flow.report_url(report_id), {"version": 1, "invoice_number": "X"}),
        ("get", f"{flow.REPORTS}{report_id}/entries/", {}),
        ("get", flow.entry_url(report_id, entry_id), {}),
        ("patch", flow.entry_url(report_id, entry_id), {"version": 1, "notes": "X"}),
        ("get", flow.report_url(report_id, "findings"), {}),
        ("post", flow.report_url(report_id, "validate"), {}),
        ("post", flow.report_url(report_id, "submit"), {}),
        ("post", flow.report_url(report_id, "return"), {"comment": "X", "version": 1}),
        ("post", flow.report_url(report_id, "approve"), {"version": 1}),
        ("post", flow.report_url(report_id, "reopen"), {"comment": "X"}),
    ]


@pytest.mark.parametrize("state", ["draft", "submitted", "approved"])
def test_a_provider_gets_404_for_everything_of_another_providers_report(world, state):
    report = flow.report_in(world, state)
    [entry] = flow.entries(world, report["id"])
    before = flow.detail(world, report["id"])
    outsider = factories.api(world.other_reporter)

    for method, url, body in _every_url_of(report["id"], entry["id"]):
        response = outsider.generic(method.upper(), url, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
        assert world.order.client.last_name not in response.content.decode()

    assert flow.detail(world, report["id"]) == before


def test_a_provider_lists_only_its_own_reports(world):
    own = flow.create(world)
    other_contract = world.other_line.contract_id
    other = factories.api(world.other_reporter).post(
        flow.REPORTS, {"contract": other_contract, "period": flow.PERIOD}, format="json"
    )
    assert other.status_code == 201

    mine = factories.api(world.reporter).get(flow.REPORTS).json()
    theirs = factories.api(world.other_reporter).get(flow.REPORTS).json()
    everything = factories.api(world.monitor).get(flow.REPORTS).json()

    assert [row["id"] for row in mine["results"]] == [own["id"]]
    assert [row["id"] for row in theirs["results"]] == [other.json()["id"]]
    assert {row["id"] for row in everything["results"]} == {own["id"], other.json()["id"]}
    # Asking for the other provider by filter does not help.
    assert factories.api(world.reporter).get(flow.REPORTS, {"provider": world.other_provider.pk}).json()["count"] == 0


def test_a_provider_cannot_create_a_report_on_another_providers_contract(world):
    response = factories.api(world.other_reporter).post(
        flow.REPORTS, {"contract": world.line.contract_id, "period": flow.PERIOD}, format="json"
    )

    assert response.status_code == 404
    assert factories.api(world.monitor).get(flow.REPORTS).json()["count"] == 0


def test_nobody_signed_in_sees_the_list(world):
    flow.create(world)

    response = factories.api().get(flow.REPORTS)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


# Filters ------------------------------------------------------------------------------------------------------


def _other_provider_report(world: World, period: str) -> dict[str, Any]:
    response = factories.api(world.other_reporter).post(
        flow.REPORTS, {"contract": world.other_line.contract_id, "period": period}, format="json"
    )
    assert response.status_code == 201
    return response.json()


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_the_list_filters_by_period_provider_and_state(world):
    october = flow.report_in(world, "submitted")
    september = flow.create(world, period="2026-09")
    other_october = _other_provider_report(world, "2026-10")
    monitor = factories.api(world.monitor)

    assert _ids(monitor.get(flow.REPORTS, {"period": "2026-10"})) == {october["id"], other_october["id"]}
    assert _ids(monitor.get(flow.REPORTS, {"period": "2026-09"})) == {september["id"]}
    assert _ids(monitor.get(flow.REPORTS, {"provider": world.provider.pk})) == {october["id"], september["id"]}
    assert _ids(monitor.get(flow.REPORTS, {"state": "submitted"})) == {october["id"]}
    assert _ids(monitor.get(flow.REPORTS, {"state": "draft", "provider": world.other_provider.pk})) == {
        other_october["id"]
    }
    assert _ids(monitor.get(flow.REPORTS, {"period": "2026-08"})) == set()


@pytest.mark.parametrize("period", ["2026-13", "2026-1", "10-2026", "2026/10", "syyskuu"])
def test_a_malformed_period_is_refused(world, period):
    response = factories.api(world.monitor).get(flow.REPORTS, {"period": period})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "period" in response.json()["errors"]


def test_an_unknown_state_is_refused(world):
    response = factories.api(world.monitor).get(flow.REPORTS, {"state": "lost"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


# Social workers -----------------------------------------------------------------------------------------------


def _report_with_a_youth_order(world: World) -> tuple[dict[str, Any], int, int]:
    """Provider A's report with world.order (adult unit) and an order of the youth unit's worker."""
    youth_order = factories.make_order(
        world.line, ordering_unit=factories.unit("youth-social-work"), worker=world.other_unit_worker
    )
    report = flow.create(world)
    by_order = {entry["service_order"]: entry["id"] for entry in flow.entries(world, report["id"])}
    return report, by_order[world.order.pk], by_order[youth_order.pk]


def test_a_social_worker_sees_only_the_entries_of_orders_they_may_see(world):
    report, adult_entry, youth_entry = _report_with_a_youth_order(world)

    for user, own, foreign in (
        (world.social_worker, adult_entry, youth_entry),
        (world.other_unit_worker, youth_entry, adult_entry),
    ):
        api = factories.api(user)
        assert api.get(flow.report_url(report["id"])).status_code == 200
        assert [entry["id"] for entry in api.get(f"{flow.REPORTS}{report['id']}/entries/").json()] == [own]
        assert api.get(flow.entry_url(report["id"], own)).status_code == 200
        assert api.get(flow.entry_url(report["id"], foreign)).status_code == 404


def test_the_provider_and_the_monitor_see_every_entry(world):
    report, adult_entry, youth_entry = _report_with_a_youth_order(world)

    for user in (world.reporter, world.provider_admin, world.monitor, world.payroll, world.administrator):
        entries = flow.entries(world, report["id"], user=user)
        assert {entry["id"] for entry in entries} == {adult_entry, youth_entry}


def test_a_social_worker_lists_only_reports_holding_orders_they_may_see(world):
    report, _, _ = _report_with_a_youth_order(world)
    other = _other_provider_report(world, flow.PERIOD)  # holds world.other_order, of the adult unit

    assert _ids(factories.api(world.social_worker).get(flow.REPORTS)) == {report["id"], other["id"]}
    assert _ids(factories.api(world.other_unit_worker).get(flow.REPORTS)) == {report["id"]}
    assert factories.api(world.other_unit_worker).get(flow.report_url(other["id"])).status_code == 404


# Query counts -------------------------------------------------------------------------------------------------


def _queries(user: Any, url: str) -> int:
    api = factories.api(user)
    api.get(url)  # who the user is gets cached on the user object after the first request; count from then on
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200
    return len(captured)


def _fill_every_entry(world: World, report: dict[str, Any]) -> None:
    goal_of = {order.pk: order.goals.get().pk for order in world.line.service_orders.prefetch_related("goals")}
    for entry in flow.entries(world, report["id"]):
        body = {
            "version": entry["version"],
            "units_delivered": "1",
            "days": [
                {"date": f"{report['period']}-01", "status": "present", "hours": "3"},
                {"date": f"{report['period']}-02", "status": "sick", "hours": "0"},
            ],
            "goal_progress": [{"goal": goal_of[entry["service_order"]], "level": 0}],
        }
        url = flow.entry_url(report["id"], entry["id"])
        response = factories.api(world.reporter).patch(url, body, format="json")
        assert response.status_code == 200, response.json()


@pytest.mark.parametrize("who", ["reporter", "monitor", "social_worker"])
def test_the_entry_list_makes_as_many_queries_for_25_entries_as_for_2(world, who):
    factories.make_order(world.line, worker=world.social_worker)
    small = flow.create(world, period="2026-10")
    for _ in range(23):
        factories.make_order(world.line, worker=world.social_worker)
    large = flow.create(world, period="2026-09")
    for report in (small, large):
        _fill_every_entry(world, report)
    assert (len(flow.entries(world, small["id"])), len(flow.entries(world, large["id"]))) == (2, 25)
    user = getattr(world, who)

    few = _queries(user, f"{flow.REPORTS}{small['id']}/entries/")
    many = _queries(user, f"{flow.REPORTS}{large['id']}/entries/")

    assert many == few


@pytest.mark.parametrize("who", ["reporter", "monitor", "social_worker"])
def test_the_report_list_makes_as_many_queries_for_25_reports_as_for_2(world, who):
    # An order running through every month listed, so that the social worker sees every report.
    since, until = datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)
    factories.make_order(world.line, worker=world.social_worker, starts_on=since, ends_on=until)
    months = [f"{year}-{month:02d}" for year in (2024, 2025, 2026) for month in range(1, 13)][-25:]
    for period in months[-2:]:
        flow.fill(world, flow.create(world, period=period))
    user = getattr(world, who)
    few = _queries(user, flow.REPORTS)
    for period in months[:-2]:
        flow.create(world, period=period)
    assert _count(user) == 25

    many = _queries(user, flow.REPORTS)

    assert many == few


def _count(user: Any) -> int:
    return factories.api(user).get(flow.REPORTS).json()["count"]
