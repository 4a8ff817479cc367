"""The anomalies dashboard: each kind is triggered by seeded data, and a near miss is not; every client it
names is logged; only contract monitors and administrators see it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client as HttpClient

from contracts.models import ServiceOrder
from reporting.models import Report
from reporting.monitoring.anomalies.selectors import MIN_PRESENT_DAYS, SAME_LEVEL_MONTHS
from reporting.services import report_return
from suppliers.identity import mask_identity_code
from suppliers.models import AccessAction, ClientAccessLog
from tests import factories

URL = "/api/v1/monitoring/anomalies/"
PAGE = "/monitoring/anomalies/"
OCTOBER = [datetime.date(2026, 10, day) for day in (1, 2, 5, 6, 7, 8)]


def _report(
    world: Any,
    contract: Any,
    user: Any,
    period: str,
    *,
    days: dict[int, list[tuple[datetime.date, str, str]]] | None = None,
    levels: dict[int, int] | None = None,
    state: str = "submitted",
) -> Report:
    """The month's report with the given days (date, status, hours) and GAS level per order (0 when not given,
    as a report that is sent must level every goal), brought to `state`."""
    entries = {
        order.pk: {"days": (days or {}).get(order.pk), "levels": (levels or {}).get(order.pk, 0)}
        for order in ServiceOrder.objects.filter(contract_line__contract=contract)
    }
    return factories.make_report(
        contract, user=user, period=period, state=state, entries=entries, reviewer=world.monitor
    )


def _get(user: Any, **params: str) -> dict[str, Any]:
    response = factories.api(user).get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.json()
    return response.json()


def _rows(body: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    [table] = [table for table in body["tables"] if table["slug"] == slug]
    return table["rows"]


def _name(order: Any) -> str:
    return f"{order.client.last_name}, {order.client.first_name}"


# 1. The same GAS level for a long time ------------------------------------------------------------------------


def test_the_same_gas_level_in_six_consecutive_months_is_shown(world):
    assert SAME_LEVEL_MONTHS == 6
    for month in range(5, 11):  # May … October
        _report(world, world.line.contract, world.reporter, f"2026-{month:02d}", levels={world.order.pk: 0})

    [row] = _rows(_get(world.monitor), "same-gas-level")

    assert row == {
        "client": _name(world.order),
        "identity_code": mask_identity_code(world.order.client.identity_code),
        "provider": "Tuottaja A Oy",
        "product": world.line.product.name_en,
        "goal_area": "Daily-living skills",
        "level": 0,
        "from": "2026-05",
        "to": "2026-10",
        "months": 6,
    }


def test_five_months_or_a_change_of_level_or_a_missing_month_is_not_shown(world):
    contract, other_contract = world.line.contract, world.other_line.contract
    for month in range(6, 11):  # five months at the same level
        _report(world, contract, world.reporter, f"2026-{month:02d}", levels={world.order.pk: 1})
    for month, level in zip(range(5, 11), (0, 0, 0, 0, 0, 1), strict=True):  # the sixth month differs
        _report(world, other_contract, world.other_reporter, f"2026-{month:02d}", levels={world.other_order.pk: level})

    assert _rows(_get(world.monitor), "same-gas-level") == []


def test_a_draft_month_breaks_the_run(world):
    for month in range(5, 11):
        state = "draft" if month == 7 else "approved"
        _report(
            world, world.line.contract, world.reporter, f"2026-{month:02d}", levels={world.order.pk: 0}, state=state
        )

    assert _rows(_get(world.monitor), "same-gas-level") == []


def test_a_run_that_ends_before_the_range_is_not_shown(world):
    for month in range(3, 9):  # March … August
        _report(world, world.line.contract, world.reporter, f"2026-{month:02d}", levels={world.order.pk: -1})

    assert _rows(_get(world.monitor, **{"from": "2026-09", "to": "2026-10"}), "same-gas-level") == []
    assert len(_rows(_get(world.monitor, **{"from": "2026-08", "to": "2026-10"}), "same-gas-level")) == 1


# 2. Hours at the daily maximum -------------------------------------------------------------------------------------


def test_hours_at_the_daily_maximum_on_every_present_day_are_shown(world):
    assert MIN_PRESENT_DAYS == 5
    maximum = str(world.line.product.max_daily_hours)
    near_miss = factories.make_order(world.line, worker=world.social_worker)
    too_few = factories.make_order(world.line, worker=world.social_worker)
    days = {
        # Five present days at the maximum, and a sick day (not a present day).
        world.order.pk: [(day, "present", maximum) for day in OCTOBER[:5]] + [(OCTOBER[5], "sick", "0")],
        near_miss.pk: [(day, "present", maximum) for day in OCTOBER[:5]] + [(OCTOBER[5], "present", "5.5")],
        too_few.pk: [(day, "present", maximum) for day in OCTOBER[:4]],
    }
    report = _report(world, world.line.contract, world.reporter, "2026-10", days=days)

    body = _get(world.monitor)

    [row] = _rows(body, "hours-at-maximum")
    assert row == {
        "client": _name(world.order),
        "identity_code": mask_identity_code(world.order.client.identity_code),
        "provider": "Tuottaja A Oy",
        "product": world.line.product.name_en,
        "month": "2026-10",
        "present_days": 5,
        "hours": "6.00",
    }
    client = HttpClient()
    client.force_login(world.monitor)
    assert f'href="/reports/{report.pk}/"' in client.get(PAGE).content.decode()


def test_a_returned_report_does_not_count(world):
    maximum = str(world.line.product.max_daily_hours)
    days = {world.order.pk: [(day, "present", maximum) for day in OCTOBER]}
    _report(world, world.line.contract, world.reporter, "2026-10", days=days, state="returned")

    assert _rows(_get(world.monitor), "hours-at-maximum") == []


def _patch_entry(user: Any, report: Report, body: dict[str, Any]) -> None:
    entry = report.entries.get()
    response = factories.api(user).patch(
        f"/api/v1/reports/{report.pk}/entries/{entry.pk}/", {"version": entry.version, **body}, format="json"
    )
    assert response.status_code == 200, response.json()


def test_a_correction_through_the_api_puts_the_entry_on_the_list_and_takes_it_off(world):
    maximum = str(world.line.product.max_daily_hours)
    report = _report(world, world.line.contract, world.reporter, "2026-10", state="draft")
    at_maximum = [{"date": str(day), "status": "present", "hours": maximum} for day in OCTOBER]

    _patch_entry(world.reporter, report, {"days": at_maximum})
    _patch_entry(world.reporter, report, {"notes": "Kaikki päivät täysiä"})  # the days stay as they were
    report = factories.submit_report(report, user=world.reporter)

    [row] = _rows(_get(world.monitor), "hours-at-maximum")
    assert row["present_days"] == len(OCTOBER)

    report_return(user=world.monitor, report=report, comment="Tunnit tarkistetaan", version=report.version)
    _patch_entry(world.reporter, report, {"days": [*at_maximum[:-1], {**at_maximum[-1], "hours": "4.5"}]})
    factories.submit_report(report, user=world.reporter)

    assert _rows(_get(world.monitor), "hours-at-maximum") == []


def test_a_reopened_report_keeps_its_entry_on_the_list_in_the_new_revision(world):
    maximum = str(world.line.product.max_daily_hours)
    days = {world.order.pk: [(day, "present", maximum) for day in OCTOBER]}
    approved = _report(world, world.line.contract, world.reporter, "2026-10", days=days, state="approved")
    response = factories.api(world.monitor).post(
        f"/api/v1/reports/{approved.pk}/reopen/", {"comment": "Tunnit tarkistetaan"}, format="json"
    )
    assert response.status_code == 201, response.json()
    revision = Report.objects.get(contract=world.line.contract, period="2026-10", is_current=True)

    assert _rows(_get(world.monitor), "hours-at-maximum") == []  # the new revision is a draft
    factories.submit_report(revision, user=world.reporter)
    [row] = _rows(_get(world.monitor), "hours-at-maximum")
    assert row["present_days"] == len(OCTOBER)
    client = HttpClient()
    client.force_login(world.monitor)
    assert f'href="/reports/{revision.pk}/"' in client.get(PAGE).content.decode()


# 3. Occupancy above capacity -----------------------------------------------------------------------------------


def _line_with_capacity(capacity: int) -> Any:
    provider = factories.make_provider("Tuottaja C Oy")
    line = factories.make_contract(provider, products=("day-activity-adults",)).lines.get()
    line.capacity = capacity
    line.save(update_fields=["capacity"])
    return line


def test_more_clients_at_once_than_the_capacity_are_shown_per_month(world):
    line = _line_with_capacity(2)
    march = datetime.date(2026, 3, 1)
    factories.make_order(line, starts_on=march, ends_on=datetime.date(2026, 4, 30))
    factories.make_order(line, starts_on=march, ends_on=datetime.date(2026, 4, 30))
    factories.make_order(line, starts_on=datetime.date(2026, 3, 10), ends_on=datetime.date(2026, 4, 5))

    rows = _rows(_get(world.monitor), "over-capacity")

    assert [(row["month"], row["capacity"], row["most_clients"], row["over"], row["first_day"]) for row in rows] == [
        ("2026-03", 2, 3, 1, "2026-03-10"),
        ("2026-04", 2, 3, 1, "2026-04-01"),
    ]
    assert {(row["contract"], row["provider"]) for row in rows} == {(line.contract.number, "Tuottaja C Oy")}
    assert len(_rows(_get(world.monitor, contract=str(line.contract_id)), "over-capacity")) == 2
    assert _rows(_get(world.monitor, contract=str(world.line.contract_id)), "over-capacity") == []


def test_more_orders_than_the_capacity_but_never_at_once_are_not_shown(world):
    line = _line_with_capacity(2)
    factories.make_order(line, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 6, 30))
    factories.make_order(line, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 3, 31))
    factories.make_order(line, starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 6, 30))

    assert _rows(_get(world.monitor), "over-capacity") == []


# 4. A client reported by two providers on one day ----------------------------------------------------------------


@pytest.fixture
def shared_client(world: Any) -> Any:
    """world.order's client also has an order with provider B."""
    return factories.make_order(world.other_line, client=world.order.client, worker=world.social_worker)


def test_a_client_reported_present_by_two_providers_on_one_day_is_shown(world, shared_client):
    _report(
        world, world.line.contract, world.reporter, "2026-10", days={world.order.pk: [(OCTOBER[0], "present", "4")]}
    )
    _report(
        world,
        world.other_line.contract,
        world.other_reporter,
        "2026-10",
        days={shared_client.pk: [(OCTOBER[0], "present", "3"), (OCTOBER[1], "present", "3")]},
    )

    [row] = _rows(_get(world.monitor), "two-providers")

    assert row == {
        "client": _name(world.order),
        "identity_code": mask_identity_code(world.order.client.identity_code),
        "month": "2026-10",
        "provider": "Tuottaja A Oy",
        "other_provider": "Tuottaja B Oy",
        "days": 1,
        "first_day": "2026-10-01",
    }


def test_different_days_or_a_sick_day_at_the_other_provider_are_not_shown(world, shared_client):
    _report(
        world, world.line.contract, world.reporter, "2026-10", days={world.order.pk: [(OCTOBER[0], "present", "4")]}
    )
    _report(
        world,
        world.other_line.contract,
        world.other_reporter,
        "2026-10",
        days={shared_client.pk: [(OCTOBER[0], "sick", "0"), (OCTOBER[1], "present", "3")]},
    )

    assert _rows(_get(world.monitor), "two-providers") == []


def test_filtering_by_the_other_provider_still_shows_the_client(world, shared_client):
    _report(
        world, world.line.contract, world.reporter, "2026-10", days={world.order.pk: [(OCTOBER[0], "present", "4")]}
    )
    _report(
        world,
        world.other_line.contract,
        world.other_reporter,
        "2026-10",
        days={shared_client.pk: [(OCTOBER[0], "present", "3")]},
    )

    assert len(_rows(_get(world.monitor, provider=str(world.other_provider.pk)), "two-providers")) == 1
    third = factories.make_provider("Tuottaja D Oy")
    assert _rows(_get(world.monitor, provider=str(third.pk)), "two-providers") == []


# Access log and who may see it --------------------------------------------------------------------------------------


def test_the_page_and_the_api_log_every_client_they_show(world, shared_client):
    _report(
        world, world.line.contract, world.reporter, "2026-10", days={world.order.pk: [(OCTOBER[0], "present", "4")]}
    )
    _report(
        world,
        world.other_line.contract,
        world.other_reporter,
        "2026-10",
        days={shared_client.pk: [(OCTOBER[0], "present", "3")]},
    )
    client = HttpClient()
    client.force_login(world.monitor)

    assert client.get(PAGE).status_code == 200
    _get(world.monitor)
    assert client.get(PAGE, {"format": "xlsx"}).status_code == 200

    rows = ClientAccessLog.objects.filter(user=world.monitor).order_by("id")
    assert [(row.client_id, row.action, row.resource) for row in rows] == [
        (world.order.client_id, AccessAction.LIST, "page:monitoring-anomalies"),
        (world.order.client_id, AccessAction.LIST, "api:monitoring-anomalies"),
        (world.order.client_id, AccessAction.EXPORT, "page:monitoring-anomalies"),
    ]


def test_a_dashboard_without_anomalies_logs_nobody(world):
    _get(world.monitor)

    assert not ClientAccessLog.objects.exists()


def test_providers_and_social_workers_may_not_see_the_anomalies(world, client):
    for user in (world.reporter, world.provider_admin, world.other_reporter, world.social_worker, world.payroll):
        assert factories.api(user).get(URL).status_code == 403
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
    assert not ClientAccessLog.objects.exists()


def test_administrators_see_the_anomalies(world, client):
    client.force_login(world.administrator)

    assert client.get(PAGE).status_code == 200
    assert factories.api(world.administrator).get(URL).status_code == 200


def test_an_unknown_provider_or_a_bad_month_is_refused(world):
    api = factories.api(world.monitor)

    assert api.get(URL, {"provider": "999999"}).status_code == 400
    assert api.get(URL, {"to": "2026-1"}).status_code == 400


def test_a_long_list_is_capped_and_says_how_many_there_are(world, monkeypatch):
    monkeypatch.setattr("reporting.monitoring.anomalies.selectors.MAX_ROWS", 1)
    line = _line_with_capacity(1)
    factories.make_order(line, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 4, 30))
    factories.make_order(line, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 4, 30))

    body = _get(world.monitor)

    [table] = [table for table in body["tables"] if table["slug"] == "over-capacity"]
    assert len(table["rows"]) == 1
    assert "Showing 1 of 2" in table["title"] + " ".join(body["notes"]) + _note(world, "over-capacity")
    assert {figure["label"]: figure["value"] for figure in body["figures"]}["Above capacity"] == 2


def _note(world: Any, slug: str) -> str:
    from core.periods import Period
    from reporting.monitoring.anomalies.selectors import anomalies_dashboard
    from suppliers.access import actor_for

    dashboard = anomalies_dashboard(actor=actor_for(world.monitor), first=Period(2025, 11), last=Period(2026, 10))
    return dashboard.table(slug).note
