"""Monthly reports brought to each state through the API only, for the reporting tests.

The report is for October 2026 (every day of it is in the past on the frozen day, 2026-11-23) and its one
entry is filled as a careful provider would: units within the order's volume, work hours on present days,
goal progress for the order's goal, the work-share money paid equal to what the hours earn, and an invoice
total equal to the computed cost. So only what a test changes on purpose can make it fail validation.
"""

from __future__ import annotations

from typing import Any

from tests import factories
from tests.conftest import World

PERIOD = "2026-10"
REPORTS = "/api/v1/reports/"


def report_url(report_id: int, action: str = "") -> str:
    return f"{REPORTS}{report_id}/{action + '/' if action else ''}"


def entry_url(report_id: int, entry_id: int) -> str:
    return f"{REPORTS}{report_id}/entries/{entry_id}/"


def create(world: World, *, period: str = PERIOD, user: Any = None) -> dict[str, Any]:
    response = factories.api(user or world.reporter).post(
        REPORTS, {"contract": world.line.contract_id, "period": period}, format="json"
    )
    assert response.status_code in (200, 201), response.json()
    return response.json()


def entries(world: World, report_id: int, *, user: Any = None) -> list[dict[str, Any]]:
    response = factories.api(user or world.monitor).get(f"{REPORTS}{report_id}/entries/")
    assert response.status_code == 200, response.json()
    return response.json()


def detail(world: World, report_id: int) -> dict[str, Any]:
    response = factories.api(world.monitor).get(report_url(report_id))
    assert response.status_code == 200, response.json()
    return response.json()


def fill(world: World, report: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Fill the report's entry for `world.order` correctly; `changes` replace parts of the entry's body."""
    entry = next(item for item in entries(world, report["id"]) if item["service_order"] == world.order.pk)
    goal = world.order.goals.get()
    year, month = report["period"].split("-")
    body = {
        "version": entry["version"],
        "units_delivered": "2",
        "work_share_paid": "17.00",
        "days": [
            {"date": f"{year}-{month}-01", "status": "present", "hours": "4.5"},
            {"date": f"{year}-{month}-02", "status": "present", "hours": "4"},
        ],
        "goal_progress": [{"goal": goal.pk, "level": 1, "narrative": "Edistyy"}],
    }
    body.update(changes)
    response = factories.api(world.reporter).patch(entry_url(report["id"], entry["id"]), body, format="json")
    assert response.status_code == 200, response.json()
    current = detail(world, report["id"])
    invoice = factories.api(world.reporter).patch(
        report_url(report["id"]),
        {"version": current["version"], "invoice_number": "INV-1", "invoice_total": current["totals"]["cost"]},
        format="json",
    )
    assert invoice.status_code == 200, invoice.json()
    return response.json()


def submit(world: World, report_id: int) -> dict[str, Any]:
    response = factories.api(world.reporter).post(report_url(report_id, "submit"))
    assert response.status_code == 200, response.json()
    return response.json()


def return_(world: World, report_id: int, comment: str = "Korjaa tunnit") -> dict[str, Any]:
    body = {"comment": comment, "version": detail(world, report_id)["version"]}
    response = factories.api(world.monitor).post(report_url(report_id, "return"), body, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def approve(world: World, report_id: int) -> dict[str, Any]:
    body = {"version": detail(world, report_id)["version"]}
    response = factories.api(world.monitor).post(report_url(report_id, "approve"), body, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def report_in(world: World, state: str, *, period: str = PERIOD) -> dict[str, Any]:
    """A filled report of `world.provider` in `state` (draft, submitted, returned, approved), as the monitor sees it."""
    report = create(world, period=period)
    fill(world, report)
    if state in ("submitted", "returned", "approved"):
        submit(world, report["id"])
    if state == "returned":
        return_(world, report["id"])
    if state == "approved":
        approve(world, report["id"])
    current = detail(world, report["id"])
    assert current["state"] == state
    return current
