"""What changed in a report since the city last saw it: after a return (the same revision, against what was
submitted), and for a correction (a new revision, against the previous one)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import translation

from contracts.models import Goal
from reporting.changes import Change, ChangeKind, change_text, report_changes, snapshot_from_rows
from tests import factories
from tests.conftest import World
from tests.reporting import flow

D = Decimal


def _snapshot(
    *, units: str = "2", days: dict[int, tuple[str, str]] | None = None, goals: dict[int, int] | None = None
) -> dict[str, Any]:
    days = {1: ("present", "4.5"), 2: ("present", "4")} if days is None else days
    return snapshot_from_rows(
        invoice_total=D("160"),
        entries=[(10, 7, "SOS-7", D(units), D(units) * 80, D("17"))],
        days=[(10, datetime.date(2026, 10, day), status, D(hours)) for day, (status, hours) in days.items()],
        goals=[(10, goal, level) for goal, level in (goals or {}).items()],
    )


def _changes_api(user: Any, report_id: int) -> Any:
    api = factories.api(user)
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api.get(flow.report_url(report_id, "changes"))


# The diff -------------------------------------------------------------------------------------------------


def test_the_same_contents_have_no_changes():
    assert report_changes(_snapshot(), _snapshot()) == []


def test_a_changed_day_an_added_goal_level_and_changed_units_are_each_a_change_of_that_entry():
    old = _snapshot()
    new = _snapshot(units="3", days={1: ("present", "4.5"), 2: ("sick", "0")}, goals={5: 1})

    changes = report_changes(old, new)

    where: dict[str, Any] = {"service_order_id": 7, "entry_id": 10, "decision_number": "SOS-7"}
    assert changes == [
        Change(ChangeKind.UNITS, old="2.00", new="3.00", **where),
        Change(ChangeKind.DAY, subject="2026-10-02", old=["present", "4.00"], new=["sick", "0.00"], **where),
        Change(ChangeKind.GOAL, subject="5", old=None, new=1, **where),
        Change(ChangeKind.COST, old="160.00", new="240.00", **where),
    ]


def test_a_day_reported_or_cleared_is_a_change_from_or_to_nothing():
    changes = report_changes(_snapshot(days={1: ("present", "4.5")}), _snapshot(days={2: ("sick", "0")}))

    assert [(change.subject, change.old, change.new) for change in changes] == [
        ("2026-10-01", ["present", "4.50"], None),
        ("2026-10-02", None, ["sick", "0.00"]),
    ]


def test_entries_added_and_removed_are_named_by_entry_and_decision_number_only():
    old = _snapshot()
    new = snapshot_from_rows(
        invoice_total=D("160"),
        entries=[(11, 8, "SOS-8", D("1"), D("80"), D("0"))],
        days=[],
        goals=[],
    )

    changes = report_changes(old, new)

    assert [(c.kind, c.decision_number, c.entry_id) for c in changes] == [
        (ChangeKind.ENTRY_REMOVED, "SOS-7", 10),
        (ChangeKind.ENTRY_ADDED, "SOS-8", 11),
    ]


def test_a_change_reads_as_a_sentence_in_the_active_language():
    change = Change(ChangeKind.DAY, subject="2026-10-02", old=["present", "4.00"], new=["sick", "0.00"])

    with translation.override("en"):
        assert change_text(change) == "10/02/2026: present, 4.00 h → sick, 0.00 h"
    with translation.override("fi"):
        assert "2.10.2026" in change_text(change)


# A report returned and sent again -------------------------------------------------------------------------


def _second_goal(world: World) -> Goal:
    return factories.make_goal(order=world.order, area=world.order.goals.get().area, description="Työkyky")


def _returned_then_corrected(world: World) -> int:
    """Submitted with one goal; returned; a second goal set meanwhile; sent again with the day of 2 October
    changed to sick, more units and a level for the new goal."""
    report = flow.create(world)
    flow.fill(world, report)
    flow.submit(world, report["id"])
    flow.return_(world, report["id"])
    first = world.order.goals.get()
    second = _second_goal(world)
    [entry] = flow.entries(world, report["id"])
    body = {
        "version": entry["version"],
        "units_delivered": "3",
        "work_share_paid": "9.00",
        "days": [
            {"date": "2026-10-01", "status": "present", "hours": "4.5"},
            {"date": "2026-10-02", "status": "sick", "hours": "0"},
        ],
        "goal_progress": [
            {"goal": first.pk, "level": 1, "narrative": "Edistyy"},
            {"goal": second.pk, "level": -1, "narrative": "Alussa"},
        ],
    }
    reporter = factories.api(world.reporter)
    assert reporter.patch(flow.entry_url(report["id"], entry["id"]), body, format="json").status_code == 200
    current = flow.detail(world, report["id"])
    invoice = {"version": current["version"], "invoice_total": current["totals"]["cost"]}
    assert reporter.patch(flow.report_url(report["id"]), invoice, format="json").status_code == 200
    flow.submit(world, report["id"])
    return report["id"]


def test_a_report_sent_again_after_a_return_shows_what_the_provider_changed(world):
    report_id = _returned_then_corrected(world)
    second = world.order.goals.order_by("id").last()

    response = _changes_api(world.monitor, report_id)

    assert response.status_code == 200
    body = response.json()
    assert body["basis"] == "returned_submission"
    assert body["compared_report"] == report_id
    found = {(change["kind"], change["subject"]): (change["old"], change["new"]) for change in body["changes"]}
    assert found[("units", "")] == ("2.00", "3.00")
    assert found[("day", "2026-10-02")] == (["present", "4.00"], ["sick", "0.00"])
    assert found[("goal", str(second.pk))] == (None, -1)
    assert ("goal", str(world.order.goals.order_by("id").first().pk)) not in found
    assert found[("work_share", "")] == ("17.00", "9.00")
    assert all(change["decision_number"] == world.order.decision_number for change in body["changes"][:-1])


def test_the_review_page_shows_what_changed_after_the_return(client, world):
    report_id = _returned_then_corrected(world)
    client.force_login(world.monitor)

    page = client.get(f"/monitoring/review/{report_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "and then returned" in page
    assert "present, 4.00 h → sick, 0.00 h" in page
    assert "Units delivered: 2.00 → 3.00" in page


def test_a_first_submission_has_nothing_to_compare_with(world):
    report = flow.report_in(world, "submitted")

    body = _changes_api(world.monitor, report["id"]).json()

    assert (body["basis"], body["changes"], body["compared_report"]) == ("none", [], None)


# A correction (a new revision) ----------------------------------------------------------------------------


def test_a_correction_is_compared_with_the_previous_revision(world):
    approved = flow.report_in(world, "approved")
    response = factories.api(world.monitor).post(
        flow.report_url(approved["id"], "reopen"), {"comment": "Tunnit väärin"}, format="json"
    )
    assert response.status_code == 201, response.json()
    revision = response.json()
    flow.fill(
        world,
        revision,
        days=[
            {"date": "2026-10-01", "status": "present", "hours": "3"},
            {"date": "2026-10-02", "status": "present", "hours": "4"},
        ],
        work_share_paid="14.00",
    )

    body = _changes_api(world.monitor, revision["id"]).json()

    assert body["basis"] == "previous_revision"
    assert (body["compared_report"], body["compared_revision"]) == (approved["id"], 1)
    kinds = [(change["kind"], change["subject"], change["old"], change["new"]) for change in body["changes"]]
    assert kinds == [
        ("day", "2026-10-01", ["present", "4.50"], ["present", "3.00"]),
        ("work_share", "", "17.00", "14.00"),
    ]
    assert body["changes"][0]["entry"] != approved["id"]


# Who sees it ----------------------------------------------------------------------------------------------


def test_the_provider_sees_the_changes_of_its_own_report(world):
    report_id = _returned_then_corrected(world)

    response = _changes_api(world.reporter, report_id)

    assert response.status_code == 200
    assert response.json()["changes"]


def test_another_provider_gets_404_for_the_changes(world):
    report = flow.report_in(world, "submitted")

    assert _changes_api(world.other_reporter, report["id"]).status_code == 404
    assert _changes_api(world.other_reporter, 999999).status_code == 404


def test_a_social_worker_sees_only_the_changes_of_their_own_clients(world):
    report_id = _returned_then_corrected(world)

    own = _changes_api(world.social_worker, report_id)
    other_unit = _changes_api(world.other_unit_worker, report_id)

    assert own.status_code == 200
    assert own.json()["changes"]
    assert other_unit.status_code == 404
