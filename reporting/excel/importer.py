"""Reading an uploaded workbook and applying it, all or nothing, through the report services.

Reader choice, measured on the 2,000-entry × 31-day template of `bench/excel` (about 4,000 rows × 41 columns;
see the README): python-calamine reads the Attendance and Goals sheets in about 0.25 s, openpyxl's read-only
mode in about 5 s, some 20× slower and with more Python objects alive. So calamine reads every upload.
Calamine returns values, never formulas, so formulas are found by a scan of the sheet XML for `<f>` elements
(a regular expression over bytes: milliseconds, against seconds for opening the sheet with openpyxl again);
the same scan finds merged cells.

The order of work: the archive checks (`archive`), the hidden sheet that names the report (signed; another
report, another month or a forged sheet is refused), the layout (the hidden key row: moved, inserted or merged
columns are refused), then every cell, each error with its `Sheet!A1` location. Only a file without errors is
applied: under the report's lock, what the entries hold and their versions are read as plain rows (three
queries) and compared with what the file says; every entry whose content differs goes through
`report_entries_update` (the API's code path, batched), in one transaction, then `report_validate`. An entry
that already holds what the file says is not touched, so the same file uploaded twice changes nothing the second
time (its findings are computed again, not stored: the rules also look past the report, at today's date, rates
and other reports).

Concurrent edits lose nothing: each entry's row records the version it was downloaded with and a fingerprint of
what the file showed (see `layout`). An entry the file still shows as downloaded is left as stored, even if it
was edited in the portal since; an entry the file changes is applied against the version it was downloaded
with, and if that is no longer the stored one (an edit in the portal after the download) the whole file is
refused (`UploadConflict`, 409) with each such entry named by its cell, rather than overwrite that edit.

A month's file has some 80,000 day cells, so the checks do little per cell: a row's status codes are looked up
with one `map` over a dict of the codes as the list offers them, and a row's hours in a dict of the numbers
already seen; a row holding anything else (a lower-case code, a bool, text, a number out of range) is read cell
by cell, and only a wrong cell builds a message and its `Sheet!A1` name. With that, and the writes as plain
`executemany` statements, an upload of 2,000 entries takes about twice a bare calamine read plus one INSERT of
the same rows (`bench/excel`).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from defusedxml import ElementTree
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook

from contracts.models import Goal
from core.errors import ConflictError, DomainError
from reporting.excel.archive import UploadRefused, archive_check
from reporting.excel.layout import (
    ATTENDANCE,
    ATTENDANCE_FIXED,
    FIRST_DATA_ROW,
    GOALS,
    GOALS_COLUMNS,
    HOURS_ROW,
    KEY_ROW,
    META,
    SIGNING_SALT,
    STATUS_CODES,
    TEMPLATE_VERSION,
    attendance_keys,
    cell_ref,
    cell_text,
    entry_fingerprint,
    is_blank,
    parse_as_downloaded,
)
from reporting.excel.template import month_days
from reporting.models import GoalProgress, Report, ReportEntry
from reporting.selectors import report_day_rows
from reporting.services import (
    DayInput,
    EntriesInvalid,
    EntryChange,
    ProgressInput,
    report_entries_update,
    report_validate,
)
from reporting.spreadsheet import neutralise, unneutralise
from reporting.validation import FindingData, report_findings
from suppliers.access import actor_for

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
CLIENT_COLUMN = ATTENDANCE_FIXED.index("client") + 1
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# A cell that holds a formula: its start tag (not self-closing), then an <f> before the cell ends.
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+[0-9]+)"[^>]*(?<!/)>'
    rb"(?:(?!</(?:\w+:)?c>|<(?:\w+:)?c\s).){0,4000}?<(?:\w+:)?f[\s>/]",
    re.S,
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"')
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class CellError:
    message: str
    location: str
    entry_id: int | None = None
    date: datetime.date | None = None
    field: str = ""
    code: str = "upload_cell_invalid"

    def as_finding(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": "error",
            "message": self.message,
            "entry": self.entry_id,
            "date": self.date,
            "field": self.field,
            "location": self.location,
        }


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


@dataclass
class UploadResult:
    dry_run: bool
    applied: bool
    changed_entries: int
    unchanged_entries: int
    findings: list[FindingData]
    locate: Callable[[Any], str]


class UploadInvalid(UploadRefused):
    default_code = "upload_invalid"


class UploadConflict(UploadRefused):
    """Entries the file changes were changed in the portal after the file was downloaded: applying the file
    would overwrite those edits. Nothing is applied; the provider downloads the workbook again."""

    status_code = 409
    default_code = "stale_version"


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


# The workbook -------------------------------------------------------------------------------------------------


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> member path of its XML (from the workbook and its relationships)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get("name"):
            target = targets.get(sheet.get(_REL_NS), "")
            paths[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return paths


def _has_formula(xml: bytes) -> bool:
    """Whether `_FORMULA` matches anywhere in the sheet. Every match holds "<f" or, with a namespace prefix,
    ":f"; a sheet holds a few of those (the data validations' <formula1>), and finding them is a fast
    substring search, where the expression alone tries every tag of the sheet."""
    for marker in (b"<f", b":f"):
        start = xml.find(marker)
        while start != -1:
            # A match starts at the "<" of its tag: this one, or the one before the prefix.
            tag = start if marker == b"<f" else xml.rfind(b"<", 0, start)
            if tag != -1 and _FORMULA.match(xml, tag):
                return True
            start = xml.find(marker, start + 1)
    return False


def _structure_errors(archive: zipfile.ZipFile, sheets: list[str]) -> list[CellError]:
    """Formulas and merged cells in the data sheets, found in the XML (calamine shows neither)."""
    try:
        paths = _sheet_paths(archive)
    except (KeyError, ElementTree.ParseError) as exc:
        raise UploadRefused(_("The file is damaged or not an .xlsx workbook."), code="not_xlsx") from exc
    errors: list[CellError] = []
    for sheet in sheets:
        path = paths.get(sheet)
        if path is None or path not in archive.namelist():
            continue
        xml = archive.read(path)
        if _has_formula(xml):
            for match in _FORMULA_CELL.finditer(xml):
                errors.append(
                    CellError(
                        _("A formula is not accepted here; type the value itself."),
                        f"{sheet}!{match.group(1).decode()}",
                        code="formula",
                    )
                )
        # The literal test first: the expression tries every tag of a sheet of some 600,000.
        for match in _MERGE.finditer(xml) if b"mergeCell" in xml else ():
            first = match.group(1).decode().split(":")[0]
            errors.append(
                CellError(
                    _("Merged cells (%(range)s) are not accepted; unmerge them.") % {"range": match.group(1).decode()},
                    f"{sheet}!{first}",
                    code="merged_cells",
                )
            )
    return errors


def _meta(book: CalamineWorkbook) -> dict[str, Any]:
    if META not in book.sheet_names:
        raise UploadRefused(
            _("This workbook is not a report template of this portal. Download the report's workbook and fill it."),
            code="not_a_template",
        )
    rows = book.get_sheet_by_name(META).to_python(skip_empty_area=False)
    values = {cell_text(row[0]): row[1] for row in rows if len(row) >= 2}
    try:
        signed = signing.loads(str(values.get("signature", "")), salt=SIGNING_SALT)
    except signing.BadSignature as exc:
        raise UploadRefused(
            _("The workbook's hidden report sheet has been changed or is missing. Download the workbook again."),
            code="not_a_template",
        ) from exc
    return dict(signed)


def _check_report(meta: Mapping[str, Any], report: Report) -> None:
    if meta.get("template") != TEMPLATE_VERSION:
        raise UploadRefused(
            _("The workbook is an older template version. Download the report's workbook again."),
            code="template_version",
        )
    if meta.get("period") != report.period:
        raise UploadRefused(
            _("The workbook is for the month %(file)s, but this report is for %(report)s. Nothing was changed.")
            % {"file": meta.get("period"), "report": report.period},
            code="other_month",
        )
    if meta.get("report") != report.pk or meta.get("revision") != report.revision:
        raise UploadRefused(
            _("The workbook belongs to another report (another contract or revision). Nothing was changed."),
            code="other_report",
        )


def _rows(book: CalamineWorkbook, name: str) -> list[list[Any]]:
    if name not in book.sheet_names:
        raise UploadRefused(
            _("The sheet %(sheet)s is missing. Do not rename or delete sheets.") % {"sheet": name}, code="columns_moved"
        )
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _check_keys(rows: list[list[Any]], sheet: str, expected: list[str]) -> None:
    found = [cell_text(value) for value in (rows[KEY_ROW - 1] if rows else [])]
    while found and not found[-1]:
        found.pop()
    if found == expected:
        return
    for index, key in enumerate(expected):
        if index >= len(found) or found[index] != key:
            raise UploadRefused(
                _(
                    "The columns of the sheet %(sheet)s have been moved, inserted, deleted or merged (first at "
                    "%(cell)s). Use the workbook as downloaded: copy your values into a fresh one."
                )
                % {"sheet": sheet, "cell": cell_ref(sheet, index + 1, KEY_ROW)},
                code="columns_moved",
                findings=[
                    CellError(
                        _("Column moved or changed."), cell_ref(sheet, index + 1, KEY_ROW), code="columns_moved"
                    ).as_finding()
                ],
            )
    raise UploadRefused(
        _("The sheet %(sheet)s has extra columns. Use the workbook as downloaded.") % {"sheet": sheet},
        code="columns_moved",
        findings=[
            CellError(
                _("Column added."), cell_ref(sheet, len(expected) + 1, KEY_ROW), code="columns_moved"
            ).as_finding()
        ],
    )


def _client_label(entry: ReportEntry) -> tuple[str, str]:
    client = entry.service_order.client
    return f"{client.last_name}, {client.first_name}", client.identity_code_masked


class _Reader:
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
            name, code = _client_label(entry)
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
                        _("The row of %(client)s is missing; do not delete rows.")
                        % {"client": _client_label(entry)[0]},
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


# Applying -----------------------------------------------------------------------------------------------------

# What an entry holds, in a form that compares equal to what the file says: (units, paid, notes, days,
# progress), days as (date, status, hours) in date order and progress as (goal, level, narrative) by goal.
# Decimals compare by value, so 5 and 5.00 hours are the same.
Content = tuple[Decimal, Decimal | None, str, Sequence[tuple[datetime.date, str, Decimal]], list[tuple[int, int, str]]]


def _stored(report: Report) -> tuple[dict[int, Content], dict[int, int]]:
    """What the report's entries hold now and their versions, in three queries of plain rows (no model
    instance per day)."""
    days: dict[int, list[tuple[datetime.date, str, Decimal]]] = defaultdict(list)
    for entry_id, date, status, hours in report_day_rows(report_id=report.pk):
        days[entry_id].append((date, status, hours))
    progress: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for entry_id, goal_id, level, narrative in (
        GoalProgress.objects.filter(entry__report=report)
        .order_by("entry_id", "goal_id")
        .values_list("entry_id", "goal_id", "level", "narrative")
    ):
        progress[entry_id].append((goal_id, level, narrative))
    contents: dict[int, Content] = {}
    versions: dict[int, int] = {}
    for entry_id, units, paid, notes, version in ReportEntry.objects.filter(report=report).values_list(
        "pk", "units_delivered", "work_share_paid", "notes", "version"
    ):
        contents[entry_id] = (units, paid, notes, days.get(entry_id, []), progress.get(entry_id, []))
        versions[entry_id] = version
    return contents, versions


def _goal_ids(report: Report) -> dict[int, set[int]]:
    """The goals of each order of the report (a goal row of the file must name one of its order's goals)."""
    goal_ids: dict[int, set[int]] = defaultdict(set)
    for order_id, goal_id in Goal.objects.filter(service_order__report_entries__report=report).values_list(
        "service_order_id", "pk"
    ):
        goal_ids[order_id].add(goal_id)
    return goal_ids


def _progress(plan: EntryPlan, stored: list[tuple[int, int, str]]) -> list[ProgressInput]:
    """The file's progress; goals without a row in the file (added after the download) keep theirs."""
    kept = [
        ProgressInput(goal_id, level, narrative) for goal_id, level, narrative in stored if goal_id not in plan.progress
    ]
    return sorted([*plan.progress.values(), *kept], key=lambda item: item.goal_id)


def _wanted(plan: EntryPlan, progress: list[ProgressInput]) -> Content:
    return (
        plan.fields["units_delivered"],
        plan.fields["work_share_paid"],
        plan.fields["notes"],
        plan.days,
        [(item.goal_id, item.level, item.narrative) for item in progress],
    )


def _file_fingerprint(plan: EntryPlan) -> str:
    """The fingerprint of what the file says the entry holds (the template recorded the one it wrote)."""
    return entry_fingerprint(
        units=plan.fields["units_delivered"],
        paid=plan.fields["work_share_paid"],
        notes=plan.fields["notes"],
        days=plan.days,
        progress=[(item.goal_id, item.level, item.narrative) for item in plan.progress.values()],
    )


# An entry the file changes: its plan, its goal progress as it will be stored, and the version changed.
Changed = list[tuple[EntryPlan, list[ProgressInput], int]]


def _compare(
    reader: _Reader, stored: Mapping[int, Content], versions: Mapping[int, int]
) -> tuple[Changed, list[EntryPlan]]:
    """The entries the file changes, and those of them that were changed in the portal after the download.

    An entry whose file content equals what is stored needs nothing. One the file shows as it was downloaded
    (its fingerprint) was not changed by the provider: what is stored stays, even if it was edited in the portal
    meanwhile. One the provider changed is applied if it is still the version the file was made from; if it was
    changed in the portal since, applying the file would overwrite that edit, so it is a conflict. A version
    ahead of the stored one was never downloaded: the cell was changed by hand.
    """
    with_errors = {error.entry_id for error in reader.errors}
    changed: Changed = []
    conflicts: list[EntryPlan] = []
    for plan in reader.plans.values():
        if plan.downloaded is None:
            continue  # a cell error already
        version, fingerprint = plan.downloaded
        stored_version = versions.get(plan.entry.pk, version)  # an entry gone since: the service refuses it
        if version > stored_version:
            reader.version_error(plan)
            continue
        if plan.entry.pk in with_errors:
            # What the file says is not all readable, so it differs from what is stored (which is valid); a
            # conflict is named first, since the provider has to download the workbook again anyway.
            if version < stored_version:
                conflicts.append(plan)
            continue
        current = stored.get(plan.entry.pk)
        progress = _progress(plan, current[4] if current else [])
        if current == _wanted(plan, progress) or _file_fingerprint(plan) == fingerprint:
            continue
        if version < stored_version:
            conflicts.append(plan)
        else:
            changed.append((plan, progress, version))
    return changed, conflicts


def _raise_conflicts(conflicts: list[EntryPlan]) -> None:
    if not conflicts:
        return
    errors = []
    for plan in conflicts:
        client = _client_label(plan.entry)[0]
        errors.append(
            CellError(
                _(
                    "%(client)s (decision %(decision)s) was changed in the portal after this workbook was "
                    "downloaded. Download the workbook again and make your changes in it."
                )
                % {"client": client, "decision": plan.entry.service_order.decision_number},
                cell_ref(ATTENDANCE, CLIENT_COLUMN, plan.status_row),
                entry_id=plan.entry.pk,
                code="stale_version",
            )
        )
    raise UploadConflict(
        ngettext(
            "The workbook is out of date: %(count)d entry in it was changed in the portal after the download, at "
            "%(cell)s (%(client)s). Download the workbook again and make your changes in the new file. Nothing "
            "was changed.",
            "The workbook is out of date: %(count)d entries in it were changed in the portal after the download, "
            "the first at %(cell)s (%(client)s). Download the workbook again and make your changes in the new "
            "file. Nothing was changed.",
            len(conflicts),
        )
        % {"count": len(conflicts), "cell": errors[0].location, "client": _client_label(conflicts[0].entry)[0]},
        code="stale_version",
        findings=[error.as_finding() for error in errors],
    )


_SERVICE_KEY = re.compile(r"^(days|goal_progress)\[(\d+)\]")


def _service_errors(plan: EntryPlan, progress: list[ProgressInput], exc: ValidationError) -> list[CellError]:
    """The service's located errors (`days[3].hours`) as cells of the file."""
    errors = []
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for key, texts in messages.items():
        location = cell_ref(ATTENDANCE, CLIENT_COLUMN, plan.status_row)
        match = _SERVICE_KEY.match(key)
        if match and match.group(1) == "days" and int(match.group(2)) < len(plan.days):
            day = plan.days[int(match.group(2))].date
            location = cell_ref(ATTENDANCE, len(ATTENDANCE_FIXED) + day.day, plan.status_row)
        elif match and int(match.group(2)) < len(progress):
            location = plan.progress_cells.get(progress[int(match.group(2))].goal_id, location)
        elif key in ATTENDANCE_FIXED:
            location = cell_ref(ATTENDANCE, ATTENDANCE_FIXED.index(key) + 1, plan.status_row)
        errors += [CellError(str(text), location, entry_id=plan.entry.pk) for text in texts]
    return errors


def _locator(plans: Mapping[int, EntryPlan], days: list[datetime.date]) -> Callable[[Any], str]:
    """Where a validation finding points in the file: the day's cell, the field's cell or the client's row."""
    first_day = len(ATTENDANCE_FIXED) + 1

    def locate(finding: Any) -> str:
        plan = plans.get(finding.entry_id) if finding.entry_id else None
        if plan is None:
            return ""
        params = finding.params if isinstance(finding.params, dict) else {}
        if finding.field == "goal_progress":
            goal_id = params.get("goal_id")
            return (plan.progress_cells.get(goal_id, "") if isinstance(goal_id, int) else "") or GOALS
        if finding.date is not None and finding.date in days:
            row = plan.hours_row if finding.field == "hours" and plan.hours_row else plan.status_row
            return cell_ref(ATTENDANCE, first_day + days.index(finding.date), row)
        if finding.field in ATTENDANCE_FIXED:
            return cell_ref(ATTENDANCE, ATTENDANCE_FIXED.index(finding.field) + 1, plan.status_row)
        return cell_ref(ATTENDANCE, ATTENDANCE_FIXED.index("client") + 1, plan.status_row)

    return locate


def _require_may_upload(user: Any, report: Report) -> None:
    # The services check this too, but an upload that changes nothing calls none of them.
    actor = actor_for(user)
    if not (actor.is_provider_user and report.provider_id in actor.provider_ids):
        raise PermissionDenied(_("Only the provider's own staff may fill in and submit its reports."))
    if not report.is_editable:
        raise ConflictError(
            _("The report is %(state)s and can no longer be edited.") % {"state": report.get_state_display()},
            code="report_not_editable",
        )


def report_workbook_upload(
    *, user: Any, report: Report, entries: list[ReportEntry], data: bytes, dry_run: bool = False
) -> UploadResult:
    """Check the file, then apply it through `report_entries_update` and validate, all in one transaction.

    `entries` are the report's entries the user may see, with their orders' clients (the selector's; what the
    entries hold is read here, in a few queries of plain rows). Raises UploadRefused (the file as a whole) or
    UploadInvalid (cell errors, with locations); either way nothing changed. With dry_run the changes are made,
    validated and rolled back: a preview of the findings.
    """
    _require_may_upload(user, report)
    archive = archive_check(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        meta = _meta(book)
        _check_report(meta, report)
        structure = _structure_errors(archive, [ATTENDANCE, GOALS])
        if structure:
            first = structure[0]
            raise UploadRefused(
                _("%(problem)s (%(cell)s; %(count)d cells in all). Nothing was changed.")
                % {"problem": first.message.rstrip("."), "cell": first.location, "count": len(structure)},
                code=first.code,
                findings=[error.as_finding() for error in structure],
            )
        reader = _Reader(
            report, {entry.pk: entry for entry in entries}, _goal_ids(report), str(meta.get("language", "fi"))
        )
        attendance = _rows(book, ATTENDANCE)
        goals = _rows(book, GOALS)
    except CalamineError as exc:
        raise UploadRefused(_("The file is damaged or not an .xlsx workbook."), code="not_xlsx") from exc
    _check_keys(attendance, ATTENDANCE, reader.keys)
    _check_keys(goals, GOALS, GOALS_COLUMNS)
    reader.attendance(attendance)
    reader.goals(goals)

    plans = reader.plans
    locate = _locator(plans, reader.days)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _require_may_upload(user, locked)
        # Compared under the report's lock (every entry edit takes it), so what is compared is what the
        # changes are applied to. Conflicts come before cell errors: either way the provider has to download
        # the workbook again, and fixing cells first would be work lost.
        stored, versions = _stored(locked)
        changed, conflicts = _compare(reader, stored, versions)
        _raise_conflicts(conflicts)
        _raise_if(reader.errors)
        if changed:
            # One call for the whole file: the same service as the API's entry edit, in one batch, each change
            # made against the version the file was downloaded with (the one stored: the service checks again).
            try:
                report_entries_update(
                    user=user,
                    report=locked,
                    changes=[
                        EntryChange(
                            entry_id=plan.entry.pk,
                            version=version,
                            days=plan.days,
                            goal_progress=progress,
                            fields=plan.fields,
                        )
                        for plan, progress, version in changed
                    ],
                )
            except EntriesInvalid as exc:
                transaction.set_rollback(True)
                errors: list[CellError] = []
                for plan, progress, _version in changed:
                    if plan.entry.pk in exc.per_entry:
                        errors += _service_errors(plan, progress, exc.per_entry[plan.entry.pk])
                _raise_if(errors)
                raise
        # Nothing changed: the stored findings stay as they are (the second upload of a file writes nothing),
        # but they are computed again, since the rules also look past the report (today's date, other
        # providers' orders, rates, approved reports).
        findings = report_validate(user=user, report=locked) if changed else report_findings(locked)
        if dry_run:
            transaction.set_rollback(True)
    return UploadResult(
        dry_run=dry_run,
        applied=not dry_run and bool(changed),
        changed_entries=len(changed),
        unchanged_entries=len(plans) - len(changed),
        findings=findings,
        locate=locate,
    )


def _raise_if(errors: list[CellError]) -> None:
    if not errors:
        return
    first = errors[0]
    raise UploadInvalid(
        _("The workbook has %(count)d problems, the first at %(cell)s: %(message)s Nothing was changed.")
        % {"count": len(errors), "cell": first.location, "message": first.message},
        code="upload_invalid",
        findings=[error.as_finding() for error in errors],
    )


__all__ = ["DomainError", "UploadConflict", "UploadInvalid", "UploadRefused", "UploadResult", "report_workbook_upload"]
