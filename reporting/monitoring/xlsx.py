"""A dashboard as an Excel workbook: its key figures, then one sheet per table, typed cells.

Numbers stay numbers (with a number format), dates stay dates, text is neutralised against formula
injection. Written with openpyxl's write-only workbook, so a large table streams instead of being held
as cell objects.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from reporting.monitoring.tables import Dashboard, Kind, Table, Value
from reporting.spreadsheet import neutralise

NUMBER_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.DECIMAL: "0.00",
    Kind.SCORE: "0.0",
    Kind.PERCENT: "0.0%",
    Kind.INTEGER: "0",
    Kind.DATE: "yyyy-mm-dd",
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _cell(sheet: WriteOnlyWorksheet, value: Value, kind: Kind, *, bold: bool = False) -> WriteOnlyCell:
    stored: Any
    if value is None:
        stored = None
    elif isinstance(value, str):
        stored = neutralise(value)
    elif isinstance(value, Decimal | int | float | datetime.date):
        stored = value
    else:  # pragma: no cover - Value admits nothing else
        stored = neutralise(str(value))
    cell = WriteOnlyCell(sheet, value=stored)
    if stored is not None and not isinstance(stored, str) and kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:28] or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {number}"
        number += 1
    used.add(name.lower())
    return name


def _write_table(workbook: Workbook, table: Table, used: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_title(table.title, used))
    sheet.append([_cell(sheet, table.title, Kind.TEXT, bold=True)])
    if table.note:
        sheet.append([_cell(sheet, table.note, Kind.TEXT)])
    sheet.append([_cell(sheet, column.label, Kind.TEXT, bold=True) for column in table.columns])
    for row in table.rows:
        sheet.append([_cell(sheet, value, column.kind) for column, value in zip(table.columns, row, strict=True)])


def dashboard_xlsx(dashboard: Dashboard, *, only: str | None = None) -> bytes:
    """The dashboard's figures and tables; `only` (a table slug) exports that one table."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    if only is None and dashboard.figures:
        sheet = workbook.create_sheet(_sheet_title(_("Key figures"), used))
        sheet.append([_cell(sheet, dashboard.title, Kind.TEXT, bold=True)])
        for figure in dashboard.figures:
            sheet.append([_cell(sheet, figure.label, Kind.TEXT), _cell(sheet, figure.value, figure.kind)])
    for table in dashboard.tables:
        if only is None or table.slug == only:
            _write_table(workbook, table, used)
    if not used:
        workbook.create_sheet(_sheet_title(dashboard.title, used))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
