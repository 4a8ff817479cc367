"""Download, fill with openpyxl, upload: the report holds exactly what the API would have stored."""

from __future__ import annotations

from reporting.models import ReportEntry
from tests import factories
from tests.reporting import flow
from tests.reporting.excel.helpers import column_of, download, edit, row_of, upload

FILLED = {"d01": ("L", 4.5), "d02": ("L", 6), "d05": ("S", None), "d06": ("P", None), "d07": ("M", None)}


def _state(world, report_id: int) -> list[dict]:
    """The entries as the API shows them, without what differs between two writes of the same content."""
    rows = flow.entries(world, report_id)
    for row in rows:
        row.pop("version")
    return rows


def _fill(entry_id: int, goal_id: int):
    def change(book):
        sheet = book["Attendance"]
        status_row, hours_row = row_of(sheet, entry_id), row_of(sheet, entry_id, "hours")
        for key, (status, hours) in FILLED.items():
            sheet.cell(status_row, column_of(sheet, key)).value = status
            sheet.cell(hours_row, column_of(sheet, key)).value = hours
        sheet.cell(status_row, column_of(sheet, "units_delivered")).value = 2
        sheet.cell(status_row, column_of(sheet, "work_share_paid")).value = 21
        sheet.cell(status_row, column_of(sheet, "notes")).value = "-Sairaana 5.10., poissa 6.10."
        goals = book["Goals"]
        assert goals["B3"].value == goal_id
        goals["G3"], goals["H3"] = -1, "Harjoittelee"

    return change


def test_a_workbook_filled_and_uploaded_stores_what_the_api_would_store(world):
    report = flow.create(world)
    entry = ReportEntry.objects.get(report_id=report["id"])
    goal = world.order.goals.get()

    response = upload(
        world.reporter, report["id"], edit(download(world.reporter, report["id"]), _fill(entry.pk, goal.pk))
    )

    assert response.status_code == 200, response.json()
    through_workbook = _state(world, report["id"])
    # The same content, cleared and written again through the API's PATCH.
    url = flow.entry_url(report["id"], entry.pk)
    api = factories.api(world.reporter)
    version = api.get(url).json()["version"]
    cleared = api.patch(
        url,
        {
            "version": version,
            "days": [],
            "goal_progress": [],
            "units_delivered": "0",
            "work_share_paid": None,
            "notes": "",
        },
        format="json",
    )
    assert cleared.status_code == 200
    body = {
        "version": cleared.json()["version"],
        "units_delivered": "2",
        "work_share_paid": "21.00",
        "notes": "-Sairaana 5.10., poissa 6.10.",
        "days": [
            {"date": "2026-10-01", "status": "present", "hours": "4.5"},
            {"date": "2026-10-02", "status": "present", "hours": "6"},
            {"date": "2026-10-05", "status": "sick"},
            {"date": "2026-10-06", "status": "absent"},
            {"date": "2026-10-07", "status": "other"},
        ],
        "goal_progress": [{"goal": goal.pk, "level": -1, "narrative": "Harjoittelee"}],
    }
    assert api.patch(url, body, format="json").status_code == 200

    assert _state(world, report["id"]) == through_workbook
    [row] = through_workbook
    assert row["work_share_amount"] == "21.00"
    assert [day["status"] for day in row["days"]] == ["present", "present", "sick", "absent", "other"]


def test_a_downloaded_workbook_uploaded_unchanged_changes_nothing(world):
    report = flow.report_in(world, "draft")
    before = _state(world, report["id"])

    response = upload(world.reporter, report["id"], download(world.reporter, report["id"]))

    assert response.status_code == 200
    assert response.json()["changed_entries"] == 0
    assert flow.entries(world, report["id"])[0]["version"] == 2
    assert _state(world, report["id"]) == before
