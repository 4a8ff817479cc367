"""The sheet reader: the rows of the Attendance and Goals sheets become one plan per entry, every cell error
with its `Sheet!A1` location.

Reader choice, measured on the 2,000-entry × 31-day template of `bench/excel` (about 4,000 rows × 41 columns;
see the README): python-calamine reads the Attendance and Goals sheets in about 0.25 s, openpyxl's read-only
mode in about 5 s, some 20× slower and with more Python objects alive. So calamine reads every upload.

A month's file has some 80,000 day cells, so the checks do little per cell: a row's status codes are looked up
with one `map` over a dict of the codes as the list offers them, and a row's hours in a dict of the numbers
already seen; a row holding anything else (a lower-case code, a bool, text, a number out of range) is read cell
by cell, and only a wrong cell builds a message and its `Sheet!A1` name. With that, and the writes as plain
`executemany` statements, an upload of 2,000 entries takes about twice a bare calamine read plus one INSERT of
the same rows (`bench/excel`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from reporting.excel.layout import (
    ATTENDANCE,
    ATTENDANCE_FIXED,
    FIRST_DATA_ROW,
    GOALS,
    GOALS_COLUMNS,
    HOURS_ROW,
    STATUS_CODES,
    attendance_keys,
    cell_ref,
    cell_text,
    is_blank,
    parse_as_downloaded,
)
from reporting.excel.template import month_days
from reporting.models import Report, ReportEntry
from reporting.services import DayInput, ProgressInput
from reporting.spreadsheet import neutralise, unneutralise
from reporting.validation import Severity
from reporting.validation.presenter import FindingRow

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
CLIENT_COLUMN = ATTENDANCE_FIXED.index("client") + 1


@dataclass
class CellError:
    message: str
    location: str
    entry_id: int | None = None
    date: datetime.date | None = None
    field: str = ""
    code: str = "upload_cell_invalid"

    def as_finding(self) -> FindingRow:
        return FindingRow(self.code, Severity.ERROR, self.message, self.entry_id, self.date, self.field, self.location)


@dataclass
class EntryPlan:
    """What the file says one entry holds, and where each part of it is in the file."""

    entry: ReportEntry
    status_row: int
    hours_row: int | None = None
    # What the hidden `version` cell says the entry was when the file was downloaded: its version and the
    # fingerprint of what the file showed (None when the cell is garbled: a cell error).
    downloaded: tuple[int, str] | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    # In date order; a day's status cell is in the column of its day of the month.
    days: list[DayInput] = field(default_factory=list)
    progress: dict[int, ProgressInput] = field(default_factory=dict)
    progress_cells: dict[int, str] = field(default_factory=dict)


# Cell values ------------------------------------------------------------------------------------------------


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-−]?\d+", value.strip()):
        return int(value.strip().replace("−", "-"))
    return None


def _decimal(value: Any) -> Decimal | None:
    """A finite number, from a number cell or from text with a decimal comma or point (spaces ignored)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except InvalidOperation:
            return None
    else:
        return None
    # "NaN" and "Infinity" parse, but compare with nothing (NaN raises): they are not numbers here.
    return number if number.is_finite() else None


def _hours(value: Any) -> Decimal | None:
    """Work hours of a cell, in cents, or None when the cell is not a number from 0 to 24."""
    hours = _decimal(value)
    if hours is None or not 0 <= hours <= 24:
        return None
    return hours.quantize(CENT)


def client_label(entry: ReportEntry) -> tuple[str, str]:
    client = entry.service_order.client
    return f"{client.last_name}, {client.first_name}", client.identity_code_masked


class SheetReader:
    """Turns the rows of the two data sheets into one plan per entry, collecting every cell error.

    A month's file has some 80,000 day cells, so the loops over them do little per cell: a status code as
    offered by the list is one dict lookup, a number of hours already seen is another, and a message (and the
    cell's `Sheet!A1` name) is only built for a cell that is wrong.
    """

    def __init__(
        self, report: Report, entries: dict[int, ReportEntry], goal_ids: Mapping[int, set[int]], language: str
    ) -> None:
        self.report = report
        self.entries = entries
        self.goal_ids = goal_ids
        self.days = month_days(report)
        self.keys = attendance_keys(self.days)
        self.codes = {code.upper(): status for code, status in STATUS_CODES[language].items()}
        self.codes.update({status.upper(): status for status in STATUS_CODES["en"].values()})
        self.errors: list[CellError] = []
        self.plans: dict[int, EntryPlan] = {}
        self._labels: dict[int, tuple[str, str]] = {}

    def error(self, message: str, sheet: str, column: int, row: int, **where: Any) -> None:
        self.errors.append(CellError(message, cell_ref(sheet, column, row), **where))

    def version_error(self, plan: EntryPlan) -> None:
        self.error(
            _(
                "The hidden version cell on the row of %(client)s is missing or has been changed. Download the "
                "workbook again and copy your values into it."
            )
            % {"client": self._label(plan.entry)[0]},
            ATTENDANCE,
            ATTENDANCE_FIXED.index("version") + 1,
            plan.status_row,
            entry_id=plan.entry.pk,
            field="version",
            code="version_invalid",
        )

    def _label(self, entry: ReportEntry) -> tuple[str, str]:
        """The client's name and masked code as the file shows them (once per entry: two sheets ask)."""
        label = self._labels.get(entry.pk)
        if label is None:
            name, code = client_label(entry)
            label = self._labels[entry.pk] = (unneutralise(neutralise(name)), code)
        return label

    def _entry_of(self, row: list[Any], sheet: str, row_number: int, name_column: int) -> ReportEntry | None:
        entry_id = _integer(row[0]) if row else None
        name, code = cell_text(row[name_column - 1]), cell_text(row[name_column])
        entry = self.entries.get(entry_id) if entry_id is not None else None
        if entry is None:
            self.error(
                _(
                    "%(client)s is not a client of this report. Clients come from service orders; they cannot be "
                    "added in the workbook."
                )
                % {"client": name or _("The row")},
                sheet,
                name_column,
                row_number,
                code="unknown_client",
            )
            return None
        if (name, code) != self._label(entry):
            self.error(
                _("The client on this row does not match the report (%(name)s, %(code)s); do not move rows.")
                % {"name": name, "code": code},
                sheet,
                name_column,
                row_number,
                entry_id=entry.pk,
                code="unknown_client",
            )
            return None
        return entry

    def attendance(self, rows: list[list[Any]]) -> None:
        width = len(self.keys)
        column = {key: index for index, key in enumerate(ATTENDANCE_FIXED)}
        first_day = len(ATTENDANCE_FIXED)
        # The codes exactly as the data-validation list offers them, and the empty cell (""): one lookup for
        # nearly every cell. Any other value (a lower-case code, spaces, a number) is looked at on its own.
        offered: dict[Any, str] = {code: status for code, status in self.codes.items() if len(code) <= 2}
        offered[""] = offered[None] = ""
        pending_hours: dict[int, tuple[int, list[Any]]] = {}
        statuses_of: dict[int, list[str]] = {}  # per entry, the status of each day or ""
        for row_number, raw in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
            row = raw[:width]
            if len(row) < width:
                row = [*row, *([None] * (width - len(row)))]
            if all(is_blank(value) for value in row):
                continue
            kind = cell_text(row[1])
            if kind == HOURS_ROW:
                entry_id = _integer(row[0])
                if entry_id is None or entry_id not in self.entries:
                    self.error(_("An hours row without its client row."), ATTENDANCE, CLIENT_COLUMN, row_number)
                else:
                    pending_hours[entry_id] = (row_number, row)
                continue
            entry = self._entry_of(row, ATTENDANCE, row_number, column["client"] + 1)
            if entry is None:
                continue
            if entry.pk in self.plans:
                self.error(
                    _("This client's row appears twice."), ATTENDANCE, CLIENT_COLUMN, row_number, entry_id=entry.pk
                )
                continue
            plan = EntryPlan(entry=entry, status_row=row_number)
            self.plans[entry.pk] = plan
            plan.downloaded = parse_as_downloaded(row[column["version"]])
            if plan.downloaded is None:
                self.version_error(plan)
            units = row[column["units_delivered"]]
            units_value = ZERO if is_blank(units) else _decimal(units)
            if units_value is None or units_value < 0:
                self.error(
                    _("Units delivered must be a number, 0 or more."),
                    ATTENDANCE,
                    column["units_delivered"] + 1,
                    row_number,
                    entry_id=entry.pk,
                    field="units_delivered",
                )
            else:
                plan.fields["units_delivered"] = units_value.quantize(CENT)
            paid = row[column["work_share_paid"]]
            paid_value = None if is_blank(paid) else _decimal(paid)
            if not is_blank(paid) and (paid_value is None or paid_value < 0):
                self.error(
                    _("Work-share money paid must be a sum in euros, 0 or more."),
                    ATTENDANCE,
                    column["work_share_paid"] + 1,
                    row_number,
                    entry_id=entry.pk,
                    field="work_share_paid",
                )
            else:
                plan.fields["work_share_paid"] = None if paid_value is None else paid_value.quantize(CENT)
            plan.fields["notes"] = cell_text(row[column["notes"]])
            # Every value of the row is hashable (numbers, text, dates, booleans), so map() can look them up.
            looked_up = list(map(offered.get, row[first_day:]))
            if None in looked_up:
                statuses_of[entry.pk] = [
                    self._status(value, status, day, row_number, entry)
                    for value, status, day in zip(row[first_day:], looked_up, self.days, strict=True)
                ]
            else:
                statuses_of[entry.pk] = cast("list[str]", looked_up)
        # The hours rows, then each entry's days, built once with their hours. The numbers of hours are looked up
        # by value like the codes (the same few fill a month); the first time a value is seen, and whenever a row
        # has anything else, the row is read cell by cell.
        hours_of: dict[Any, Decimal] = {"": ZERO, None: ZERO}
        hours_by_entry: dict[int, list[Decimal]] = {}
        for entry_id, (row_number, row) in pending_hours.items():
            plan_or_none = self.plans.get(entry_id)
            if plan_or_none is None:
                continue
            plan_or_none.hours_row = row_number
            statuses, values = statuses_of[entry_id], row[first_day:]
            # A bool equals 0 or 1, so a row holding one is never looked up. (The tests are on the cells'
            # values, not on the Decimals: comparing a Decimal with anything else is slow.)
            if bool not in set(map(type, values)) and all(map(hours_of.__contains__, values)):
                hours = list(map(hours_of.__getitem__, values))
                if any(h and not s for s, h in zip(statuses, hours, strict=True)):
                    hours = self._hours_row(values, statuses, row_number, entry_id, hours_of)
            else:
                hours = self._hours_row(values, statuses, row_number, entry_id, hours_of)
            hours_by_entry[entry_id] = hours
        no_hours = [ZERO] * len(self.days)
        for entry_id, plan in self.plans.items():
            plan.days = [
                DayInput(day, status, hours)
                for day, status, hours in zip(
                    self.days, statuses_of[entry_id], hours_by_entry.get(entry_id, no_hours), strict=True
                )
                if status
            ]
        missing = [entry for entry_id, entry in self.entries.items() if entry_id not in self.plans]
        for entry in missing:
            if not any(error.entry_id == entry.pk for error in self.errors):
                self.errors.append(
                    CellError(
                        _("The row of %(client)s is missing; do not delete rows.") % {"client": client_label(entry)[0]},
                        ATTENDANCE,
                        entry_id=entry.pk,
                        code="row_missing",
                    )
                )

    def _status(self, value: Any, status: str | None, day: datetime.date, row_number: int, entry: ReportEntry) -> str:
        """The status of a cell that is not simply a code as offered: "" for a blank, or an error and ""."""
        if status is not None or is_blank(value):
            return status or ""
        status = self.codes.get(cell_text(value).upper())
        if status is None:
            self.error(
                _("%(value)s is not a status code; use %(codes)s.")
                % {"value": cell_text(value), "codes": ", ".join(self.codes_shown())},
                ATTENDANCE,
                len(ATTENDANCE_FIXED) + 1 + self.days.index(day),
                row_number,
                entry_id=entry.pk,
                date=day,
                field="status",
            )
            return ""
        return status

    def _hours_row(
        self, values: list[Any], statuses: list[str], row_number: int, entry_id: int, hours_of: dict[Any, Decimal]
    ) -> list[Decimal]:
        """The hours of each day of an hours row, cell by cell, each error with its cell; 0 where there are
        none. Valid numbers are kept in `hours_of` for the next rows."""
        hours_list = []
        for index, (day, value, status) in enumerate(
            zip(self.days, values, statuses, strict=True), start=len(ATTENDANCE_FIXED) + 1
        ):
            hours_list.append(ZERO)
            if value.__class__ is bool:
                hours = None
            else:
                hours = hours_of.get(value)
                if hours is None:
                    hours = _hours(value)
                    if hours is None and is_blank(value):
                        hours = ZERO
                    if hours is not None:
                        hours_of[value] = hours
            if hours is None:
                self.error(
                    _("Work hours must be a number from 0 to 24."),
                    ATTENDANCE,
                    index,
                    row_number,
                    entry_id=entry_id,
                    date=day,
                    field="hours",
                )
                continue
            if not hours:
                continue
            if not status:
                self.error(
                    _("Work hours on a day without a status code."),
                    ATTENDANCE,
                    index,
                    row_number,
                    entry_id=entry_id,
                    date=day,
                    field="hours",
                )
                continue
            hours_list[-1] = hours
        return hours_list

    def codes_shown(self) -> list[str]:
        return [code for code in self.codes if len(code) <= 2]

    def goals(self, rows: list[list[Any]]) -> None:
        width = len(GOALS_COLUMNS)
        level_column = GOALS_COLUMNS.index("level")
        narrative_column = GOALS_COLUMNS.index("narrative")
        level_letter = get_column_letter(level_column + 1)
        for row_number, raw in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
            row = raw[:width]
            if len(row) < width:
                row = [*row, *([None] * (width - len(row)))]
            if all(is_blank(value) for value in row):
                continue
            entry = self._entry_of(row, GOALS, row_number, GOALS_COLUMNS.index("client") + 1)
            if entry is None:
                continue
            goal_id = _integer(row[1])
            if goal_id is None or goal_id not in self.goal_ids.get(entry.service_order_id, ()):
                self.error(
                    _("This goal is not a goal of the client's order; do not move rows."),
                    GOALS,
                    6,
                    row_number,
                    entry_id=entry.pk,
                    field="goal_progress",
                )
                continue
            plan = self.plans.get(entry.pk)
            if plan is None:
                continue
            plan.progress_cells[goal_id] = f"{GOALS}!{level_letter}{row_number}"
            level_value, narrative = row[level_column], cell_text(row[narrative_column])
            if is_blank(level_value):
                if narrative:
                    self.error(
                        _("Give the GAS level (−2…+2) with the progress."),
                        GOALS,
                        level_column + 1,
                        row_number,
                        entry_id=entry.pk,
                        field="goal_progress",
                    )
                continue
            level = _integer(level_value)
            if level is None or not -2 <= level <= 2:
                self.error(
                    _("The GAS level is a whole number from -2 to +2."),
                    GOALS,
                    level_column + 1,
                    row_number,
                    entry_id=entry.pk,
                    field="goal_progress",
                )
                continue
            plan.progress[goal_id] = ProgressInput(goal_id, level, narrative)
