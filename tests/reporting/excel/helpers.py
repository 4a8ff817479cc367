"""Download, fill and upload report workbooks through the HTTP API, and snapshot what they may change."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reporting.models import AttendanceDay, Finding, GoalProgress, Report, ReportEntry
from tests import factories


def template_url(report_id: int) -> str:
    return f"/api/v1/reports/{report_id}/template.xlsx"


def upload_url(report_id: int, *, dry_run: bool = False) -> str:
    return f"/api/v1/reports/{report_id}/upload/" + ("?dry_run=1" if dry_run else "")


def download(user: Any, report_id: int, **headers: Any) -> bytes:
    response = factories.api(user).get(template_url(report_id), **headers)
    assert response.status_code == 200, response.content[:300]
    return response.content


def upload(user: Any, report_id: int, data: bytes, *, dry_run: bool = False, name: str = "report.xlsx") -> Any:
    file = io.BytesIO(data)
    file.name = name
    return factories.api(user).post(
        upload_url(report_id, dry_run=dry_run), {"file": file}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )


def edit(data: bytes, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    """The workbook after `change`, saved again by openpyxl (as a provider's script would)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(sheet: Worksheet, entry_id: int, kind: str = "status") -> int:
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, 1).value == entry_id and sheet.cell(row, 2).value in (kind, None):
            return row
    raise AssertionError(f"no {kind} row for entry {entry_id}")


def column_of(sheet: Worksheet, key: str) -> int:
    for column in range(1, sheet.max_column + 1):
        if sheet.cell(1, column).value == key:
            return column
    raise AssertionError(f"no column {key}")


def letter_of(sheet: Worksheet, key: str) -> str:
    """The column letter of a key, as cell locations name it (`Attendance!P4`)."""
    return get_column_letter(column_of(sheet, key))


def snapshot() -> dict[str, Any]:
    """Everything an upload could change, to compare before and after."""
    return {
        "reports": sorted(Report.objects.values_list("pk", "version", "state")),
        "entries": sorted(
            ReportEntry.objects.values_list(
                "pk", "version", "units_delivered", "work_share_paid", "notes", "cost", "work_share_amount"
            )
        ),
        "days": sorted(AttendanceDay.objects.values_list("pk", "entry_id", "date", "status", "hours")),
        "progress": sorted(GoalProgress.objects.values_list("pk", "entry_id", "goal_id", "level", "narrative")),
        "findings": sorted(Finding.objects.values_list("pk", "code")),
    }


def set_cells(entry_id: int, **cells: object):
    """A change that writes `key=value` on the entry's status row (or `hours_d05` on its hours row)."""

    def change(book):
        sheet = book["Attendance"]
        for key, value in cells.items():
            kind, key = ("hours", key[6:]) if key.startswith("hours_") else ("status", key)
            sheet.cell(row_of(sheet, entry_id, kind), column_of(sheet, key)).value = value

    return change
