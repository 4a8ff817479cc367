"""The shape of the report API (docs §13): money as strings with two decimals, periods YYYY-MM, ISO dates;
input errors that say where and change nothing; and never a full identity code."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest

from suppliers.models import ClientAccessLog
from tests import factories
from tests.conftest import World
from tests.reporting import flow

MONEY = re.compile(r"^\d+\.\d{2}$")


def _filled(world: World) -> tuple[dict[str, Any], dict[str, Any]]:
    report = flow.create(world)
    entry = flow.fill(world, report)
    return flow.detail(world, report["id"]), entry


def test_money_is_a_string_with_two_decimals(world):
    report, entry = _filled(world)

    # 2 units at 80.00; 8.5 work hours at 2.00 an hour.
    assert report["totals"] == {"cost": "160.00", "work_share": "17.00"}
    assert report["invoice_total"] == "160.00"
    assert (entry["units_delivered"], entry["cost"], entry["work_share_amount"], entry["work_share_paid"]) == (
        "2.00",
        "160.00",
        "17.00",
        "17.00",
    )
    assert [(day["hours"], day["work_share_amount"]) for day in entry["days"]] == [("4.50", "9.00"), ("4.00", "8.00")]


def test_money_in_the_list_is_the_same_as_in_the_detail(world):
    report, _ = _filled(world)
    empty = flow.create(world, period="2026-09")

    rows = {row["id"]: row for row in factories.api(world.reporter).get(flow.REPORTS).json()["results"]}

    assert rows[report["id"]]["totals"] == {"cost": "160.00", "work_share": "17.00"}
    assert rows[empty["id"]]["totals"] == {"cost": "0.00", "work_share": "0.00"}
    for row in rows.values():
        assert all(MONEY.match(value) for value in row["totals"].values())


def test_periods_are_year_and_month_and_dates_are_iso(world):
    report = flow.report_in(world, "submitted")
    [entry] = flow.entries(world, report["id"])

    assert report["period"] == "2026-10"
    assert report["deadline"] == "2026-11-10"
    assert datetime.datetime.fromisoformat(report["submitted_at"]).tzinfo is not None
    assert (entry["order_starts_on"], entry["order_ends_on"]) == ("2026-01-01", "2026-12-31")
    assert [day["date"] for day in entry["days"]] == ["2026-10-01", "2026-10-02"]


def test_a_report_is_created_from_a_period_written_year_and_month(world):
    for period in ("2026-1", "10/2026", "2026-00", ""):
        response = factories.api(world.reporter).post(
            flow.REPORTS, {"contract": world.line.contract_id, "period": period}, format="json"
        )
        assert response.status_code == 400, period
        assert response.json()["code"] == "invalid"
        assert "period" in response.json()["errors"]
    assert factories.api(world.monitor).get(flow.REPORTS).json()["count"] == 0


# Entry changes: errors say where, and nothing changes -----------------------------------------------------------


def _patch(world: World, report: dict[str, Any], entry: dict[str, Any], body: dict[str, Any]) -> Any:
    return factories.api(world.reporter).patch(
        flow.entry_url(report["id"], entry["id"]), {"version": entry["version"], **body}, format="json"
    )


@pytest.mark.parametrize(
    ("days", "where"),
    [
        ([{"date": "2026-10-01", "status": "present"}, {"date": "2026-11-01", "status": "present"}], "days[1].date"),
        ([{"date": "2026-10-01", "status": "present"}, {"date": "2026-09-30", "status": "sick"}], "days[1].date"),
        ([{"date": "2026-10-01", "status": "present"}, {"date": "2026-10-01", "status": "sick"}], "days[1].date"),
        ([{"date": "2026-10-01", "status": "present"}, {"date": "2026-10-02", "status": "holiday"}], "days[1].status"),
        ([{"date": "2026-10-01", "status": "present", "hours": "25"}], "days[0].hours"),
        ([{"date": "2026-10-01", "status": "present", "hours": "-1"}], "days[0].hours"),
        ([{"date": "1.10.2026", "status": "present"}], "days[0].date"),
        ([{"status": "present"}], "days[0].date"),
    ],
)
def test_a_wrong_day_is_refused_naming_where_it_is_and_nothing_changes(world, days, where):
    report, entry = _filled(world)

    response = _patch(world, report, entry, {"units_delivered": "5", "notes": "Ei tallennu", "days": days})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert where in body["errors"], body
    assert body["detail"].startswith(f"{where}: ")
    assert flow.entries(world, report["id"]) == [entry]
    assert flow.detail(world, report["id"]) == report


def test_goal_progress_for_a_goal_of_another_order_is_refused(world):
    report, entry = _filled(world)
    foreign_goal = world.other_order.goals.get()

    response = _patch(world, report, entry, {"goal_progress": [{"goal": foreign_goal.pk, "level": 1}]})

    assert response.status_code == 400
    assert "goal_progress[0].goal" in response.json()["errors"]
    assert flow.entries(world, report["id"]) == [entry]


def test_a_gas_level_outside_minus_two_to_two_is_refused(world):
    report, entry = _filled(world)
    goal = world.order.goals.get()

    response = _patch(world, report, entry, {"goal_progress": [{"goal": goal.pk, "level": 3}]})

    assert response.status_code == 400
    assert "goal_progress[0].level" in response.json()["errors"]
    assert flow.entries(world, report["id"]) == [entry]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"units_delivered": "-1"}, "units_delivered"), ({"work_share_paid": "abc"}, "work_share_paid")],
)
def test_a_wrong_entry_field_is_refused_by_name(world, body, field):
    report, entry = _filled(world)

    response = _patch(world, report, entry, body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert flow.entries(world, report["id"]) == [entry]


def test_a_change_without_a_version_is_refused(world):
    report, entry = _filled(world)

    response = factories.api(world.reporter).patch(
        flow.entry_url(report["id"], entry["id"]), {"notes": "x"}, format="json"
    )

    assert response.status_code == 400
    assert "version" in response.json()["errors"]


def test_days_given_replace_the_days_and_days_left_out_keep_them(world):
    report, entry = _filled(world)

    kept = _patch(world, report, entry, {"notes": "Vain huomio"}).json()
    replaced = _patch(world, report, kept, {"days": [{"date": "2026-10-05", "status": "absent"}]}).json()

    assert kept["days"] == entry["days"]
    assert replaced["days"] == [
        {"date": "2026-10-05", "status": "absent", "hours": "0.00", "work_share_amount": "0.00"}
    ]
    assert replaced["work_share_amount"] == "0.00"


# Identity codes ---------------------------------------------------------------------------------------------


def test_entries_never_contain_the_full_identity_code(world):
    report, entry = _filled(world)
    code = world.order.client.identity_code

    for user in (world.reporter, world.monitor, world.social_worker):
        api = factories.api(user)
        for url in (f"{flow.REPORTS}{report['id']}/entries/", flow.entry_url(report["id"], entry["id"])):
            response = api.get(url)
            assert response.status_code == 200
            assert code not in response.content.decode()
            assert code[7:] not in json.dumps(response.json())
    assert entry["client"]["identity_code_masked"]
    assert entry["client"]["identity_code_masked"] != code
    assert set(entry["client"]) == {"id", "first_name", "last_name", "identity_code_masked", "language"}


def test_reading_entries_leaves_access_log_rows_and_the_report_itself_does_not(world):
    report, entry = _filled(world)
    monitor = factories.api(world.monitor)
    before = ClientAccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0

    monitor.get(flow.report_url(report["id"]))
    monitor.get(flow.REPORTS)
    monitor.get(flow.report_url(report["id"], "findings"))
    assert not ClientAccessLog.objects.filter(id__gt=before).exists()

    monitor.get(f"{flow.REPORTS}{report['id']}/entries/")
    monitor.get(flow.entry_url(report["id"], entry["id"]))

    rows = list(ClientAccessLog.objects.filter(id__gt=before).order_by("id"))
    assert [(row.client_id, row.action, row.resource, row.object_ref) for row in rows] == [
        (world.order.client_id, "list", "api:report-entry-list", f"report:{report['id']}"),
        (world.order.client_id, "view", "api:report-entry-detail", f"report:{report['id']}"),
    ]
