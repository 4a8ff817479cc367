"""The pre-filled workbook of a monthly report: rows first (what goes where), then openpyxl renders them.

openpyxl writes the template (write-only workbook: rows stream out, memory stays flat); reading uploads is
python-calamine's job (see `importer`). Identity codes are written masked only, and every text cell is
neutralised against formula injection (docs §11).
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.core import signing
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.text import printable
from reporting.excel.layout import (
    ATTENDANCE,
    ATTENDANCE_FIXED,
    FIRST_DATA_ROW,
    GOALS,
    GOALS_COLUMNS,
    HOURS_ROW,
    INSTRUCTIONS,
    META,
    SIGNING_SALT,
    STATUS_CODES,
    STATUS_ROW,
    TEMPLATE_VERSION,
    as_downloaded,
    attendance_keys,
    cell_text,
    entry_fingerprint,
    template_language,
)
from reporting.models import Report, ReportEntry
from reporting.selectors import report_day_rows
from reporting.spreadsheet import neutralise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WEEKDAYS = {
    "fi": ["ma", "ti", "ke", "to", "pe", "la", "su"],
    "sv": ["mån", "tis", "ons", "tors", "fre", "lör", "sön"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
GAS_LEVELS = (-2, -1, 0, 1, 2)
ZERO = Decimal("0.00")

# Style names of the rows below; the writer turns each into one prototype cell style.
KEY, HEADER, TEXT, DATE, INPUT, INPUT_WEEKEND, NUMBER_INPUT, CLOSED = (
    "key",
    "header",
    "text",
    "date",
    "input",
    "input_weekend",
    "number_input",
    "closed",
)

Row = list[tuple[Any, str]]


@dataclass(frozen=True)
class Sheet:
    title: str
    keys: list[str]
    rows: Iterator[Row]
    widths: Mapping[str, float]
    validations: list[DataValidation]  # read after the rows: generating them may add ranges
    hidden_columns: tuple[str, ...] = ("entry", "row", "version")
    freeze: str | None = None
    protect: bool = True


def template_signature(report: Report, language: str) -> str:
    """What identifies the report in the hidden sheet; signed, so an edited or forged one is refused."""
    return signing.dumps(
        {
            "report": report.pk,
            "revision": report.revision,
            "period": str(report.period),
            "template": TEMPLATE_VERSION,
            "language": language,
        },
        salt=SIGNING_SALT,
        compress=True,
    )


def month_days(report: Report) -> list[datetime.date]:
    period = report.period
    return [period.first_day + datetime.timedelta(days=offset) for offset in range(period.days)]


def _validation(kind: str, *, formula1: str, formula2: str | None = None, error: str) -> DataValidation:
    options: dict[str, Any] = {"type": kind, "formula1": formula1, "allow_blank": True, "showErrorMessage": True}
    if formula2 is not None:
        options.update(operator="between", formula2=formula2)
    elif kind != "list":
        options["operator"] = "greaterThanOrEqual"
    validation = DataValidation(**options)
    validation.error = error
    validation.errorTitle = _("Not accepted")
    return validation


class ReportedDay(NamedTuple):
    date: datetime.date
    status: str
    hours: Decimal


def reported_days(report: Report) -> dict[int, list[ReportedDay]]:
    """Every attendance day of the report by entry, as plain rows read once (a month holds 40,000: as model
    instances, prefetched per entry, they took longer than writing their cells)."""
    days: dict[int, list[ReportedDay]] = defaultdict(list)
    for entry_id, date, status, hours in report_day_rows(report_id=report.pk):
        days[entry_id].append(ReportedDay(date, status, hours))
    return days


def downloaded_fingerprint(entry: ReportEntry, days: list[datetime.date], reported: list[ReportedDay]) -> str:
    """The fingerprint of the entry as the importer will read it back from the cells written for it: what the
    status codes and the hours row show, the notes and narratives after neutralising, progress by goal row.

    The entry's version was read with the entry, before its days and progress (prefetched after it), so an edit
    made meanwhile can only make the recorded version older than what the file shows: a refused upload, never a
    lost edit.
    """
    earns = entry.service_order.contract_line.product.earns_work_share
    in_month = set(days)
    shown_days = [
        (day.date, day.status, day.hours if earns and day.hours else ZERO) for day in reported if day.date in in_month
    ]
    goal_ids = {goal.pk for goal in entry.service_order.goals.all()}
    return entry_fingerprint(
        units=entry.units_delivered,
        paid=entry.work_share_paid,
        notes=cell_text(neutralise(entry.notes)),
        days=shown_days,
        progress=[
            (item.goal_id, item.level, cell_text(neutralise(item.narrative)))
            for item in entry.goal_progress.all()
            if item.goal_id in goal_ids
        ],
    )


def attendance_sheet(report: Report, entries: Sequence[ReportEntry], language: str) -> Sheet:
    days = month_days(report)
    days_of = reported_days(report)
    keys = attendance_keys(days)
    codes = {status: code for code, status in STATUS_CODES[language].items()}
    first_day_column = len(ATTENDANCE_FIXED) + 1
    last_letter = get_column_letter(len(keys))
    first_letter = get_column_letter(first_day_column)
    units_letter = get_column_letter(ATTENDANCE_FIXED.index("units_delivered") + 1)
    paid_letter = get_column_letter(ATTENDANCE_FIXED.index("work_share_paid") + 1)
    status_list = _validation(
        "list",
        formula1='"{}"'.format(",".join(STATUS_CODES[language])),
        error=_("Use one of the status codes: %(codes)s.") % {"codes": ", ".join(STATUS_CODES[language])},
    )
    money = _validation("decimal", formula1="0", error=_("Enter a number, 0 or more."))
    hours_by_limit: dict[Decimal, DataValidation] = {}
    # Filled in as the rows are generated; the writer adds them after the last row.
    validations = [status_list, money]
    # The ranges of each validation, set once after the last row: DataValidation.add checks each new range
    # against every range already there, which is quadratic over a month's 4,000 rows.
    ranges: dict[int, list[str]] = {id(status_list): [], id(money): []}

    def rows() -> Iterator[Row]:
        yield [(key, KEY) for key in keys]
        weekday_names = WEEKDAYS[language]
        yield [
            ("", HEADER),
            ("", HEADER),
            ("", HEADER),
            (_("Client"), HEADER),
            (_("Identity code"), HEADER),
            (_("Product"), HEADER),
            (_("Order starts"), HEADER),
            (_("Order ends"), HEADER),
            (_("Units delivered"), HEADER),
            (_("Work-share money paid (EUR)"), HEADER),
            (_("Notes"), HEADER),
            *((f"{weekday_names[day.weekday()]} {day.day}.{day.month}.", HEADER) for day in days),
        ]
        row_number = FIRST_DATA_ROW
        for entry in entries:
            order = entry.service_order
            product = order.contract_line.product
            entry_days = days_of.get(entry.pk, [])
            reported = {day.date: day for day in entry_days}
            open_days = [order.starts_on <= day <= order.ends_on for day in days]

            def day_style(index: int, day: datetime.date, open_days: list[bool] = open_days) -> str:
                if not open_days[index]:
                    return CLOSED
                return INPUT_WEEKEND if day.weekday() >= 5 else INPUT

            client = order.client
            yield [
                (entry.pk, TEXT),
                (STATUS_ROW, TEXT),
                (as_downloaded(entry.version, downloaded_fingerprint(entry, days, entry_days)), TEXT),
                (neutralise(f"{client.last_name}, {client.first_name}"), TEXT),
                (client.identity_code_masked, TEXT),
                (neutralise(product.name), TEXT),
                (order.starts_on, DATE),
                (order.ends_on, DATE),
                (entry.units_delivered, NUMBER_INPUT),
                (entry.work_share_paid, NUMBER_INPUT),
                (neutralise(entry.notes), INPUT),
                *(
                    (codes[reported[day].status] if day in reported else None, day_style(index, day))
                    for index, day in enumerate(days)
                ),
            ]
            ranges[id(status_list)].append(f"{first_letter}{row_number}:{last_letter}{row_number}")
            ranges[id(money)].append(f"{units_letter}{row_number}:{paid_letter}{row_number}")
            row_number += 1
            if product.earns_work_share:
                yield [
                    (entry.pk, TEXT),
                    (HOURS_ROW, TEXT),
                    ("", TEXT),
                    ("↳ " + _("work hours"), TEXT),
                    *(("", TEXT) for _column in range(7)),
                    *(
                        (
                            reported[day].hours if day in reported and reported[day].hours else None,
                            day_style(index, day),
                        )
                        for index, day in enumerate(days)
                    ),
                ]
                limit = product.max_daily_hours or Decimal(24)
                if limit not in hours_by_limit:
                    hours_by_limit[limit] = _validation(
                        "decimal",
                        formula1="0",
                        formula2=str(limit),
                        error=_("Enter work hours from 0 to %(limit)s.") % {"limit": limit},
                    )
                    validations.append(hours_by_limit[limit])
                    ranges[id(hours_by_limit[limit])] = []
                ranges[id(hours_by_limit[limit])].append(f"{first_letter}{row_number}:{last_letter}{row_number}")
                row_number += 1
        for validation in validations:
            validation.sqref = " ".join(ranges[id(validation)])

    widths = {"client": 28, "identity_code": 14, "product": 28, "order_starts_on": 12, "order_ends_on": 12}
    widths |= {"units_delivered": 10, "work_share_paid": 12, "notes": 30}
    widths |= dict.fromkeys(keys[len(ATTENDANCE_FIXED) :], 6)
    return Sheet(ATTENDANCE, keys, rows(), widths, validations, freeze=f"{first_letter}{FIRST_DATA_ROW}")


def goals_sheet(entries: Sequence[ReportEntry]) -> Sheet:
    level_letter = get_column_letter(GOALS_COLUMNS.index("level") + 1)
    levels = _validation("whole", formula1="-2", formula2="2", error=_("The GAS level is from -2 to +2."))

    def rows() -> Iterator[Row]:
        yield [(key, KEY) for key in GOALS_COLUMNS]
        yield [
            ("", HEADER),
            ("", HEADER),
            (_("Client"), HEADER),
            (_("Identity code"), HEADER),
            (_("Goal area"), HEADER),
            (_("Goal"), HEADER),
            (_("GAS level (−2…+2)"), HEADER),
            (_("Progress this month"), HEADER),
            (_("Scale"), HEADER),
        ]
        row_number = FIRST_DATA_ROW
        for entry in entries:
            order = entry.service_order
            client = order.client
            progress = {item.goal_id: item for item in entry.goal_progress.all()}
            for goal in order.goals.all():
                item = progress.get(goal.pk)
                scale = " / ".join(
                    f"{level:+d}: {text}"
                    for level, text in zip(
                        GAS_LEVELS,
                        (goal.level_minus_2, goal.level_minus_1, goal.level_0, goal.level_plus_1, goal.level_plus_2),
                        strict=True,
                    )
                )
                yield [
                    (entry.pk, TEXT),
                    (goal.pk, TEXT),
                    (neutralise(f"{client.last_name}, {client.first_name}"), TEXT),
                    (client.identity_code_masked, TEXT),
                    (neutralise(str(goal.get_area_display())), TEXT),
                    (neutralise(goal.description), TEXT),
                    (item.level if item else None, INPUT),
                    (neutralise(item.narrative) if item else "", INPUT),
                    (neutralise(scale), TEXT),
                ]
                row_number += 1
        if row_number > FIRST_DATA_ROW:
            levels.add(f"{level_letter}{FIRST_DATA_ROW}:{level_letter}{row_number - 1}")

    widths = {"client": 28, "identity_code": 14, "area": 24, "goal_text": 40, "level": 12, "narrative": 40}
    widths["scale"] = 60
    return Sheet(GOALS, GOALS_COLUMNS, rows(), widths, [levels], hidden_columns=("entry", "goal"), freeze="G3")


def instructions_sheet(report: Report, language: str) -> Sheet:
    codes = ", ".join(
        f"{code} = {label}"
        for code, label in zip(STATUS_CODES[language], (_("present"), _("sick"), _("absent"), _("other")), strict=True)
    )
    lines = [
        _("Monthly report %(number)s, %(period)s, revision %(revision)s")
        % {"number": report.contract.number, "period": report.period, "revision": report.revision},
        report.provider.name,
        "",
        _("How to fill in this workbook"),
        _("1. On the sheet %(sheet)s, each client has a row; mark each day with a status code: %(codes)s.")
        % {"sheet": ATTENDANCE, "codes": codes},
        _("2. In work activity, enter the work hours of present days on the row below the client (↳ work hours)."),
        _("3. Grey days are outside the client's service order and cannot be filled. Weekends are shaded."),
        _("4. Enter the units delivered, the work-share money paid and any notes on the client's row."),
        _("5. On the sheet %(sheet)s, give each goal its GAS level (−2…+2, 0 = as expected) and describe the progress.")
        % {"sheet": GOALS},
        _(
            "6. Save the file as .xlsx and upload it on the report's page. You will see every problem, named by sheet "
            "and cell, before anything is saved; nothing is saved until the whole file is right."
        ),
        "",
        _("Do not add, move or merge columns or rows, do not type formulas, and do not edit the hidden sheet."),
        _("Identity codes are shown masked. Clients are added by a service order, not in this workbook."),
    ]
    return Sheet(
        INSTRUCTIONS[language],
        ["text"],
        iter([[(neutralise(line), HEADER if index in (0, 3) else TEXT)] for index, line in enumerate(lines)]),
        {"text": 120},
        [],
        hidden_columns=(),
        protect=False,
    )


def meta_sheet(report: Report, language: str) -> Sheet:
    rows = [
        ("report", report.pk),
        ("revision", report.revision),
        ("period", str(report.period)),
        ("template_version", TEMPLATE_VERSION),
        ("language", language),
        ("signature", template_signature(report, language)),
    ]
    return Sheet(
        META,
        ["key", "value"],
        iter([[(key, TEXT), (value, TEXT)] for key, value in rows]),
        {},
        [],
        hidden_columns=(),
    )


def _styles(workbook: Workbook, sheet: Any) -> dict[str, Any]:
    grey = PatternFill("solid", fgColor="BFBFBF")
    weekend = PatternFill("solid", fgColor="DDEBF7")
    header = PatternFill("solid", fgColor="E7E6E6")
    locked, unlocked = Protection(locked=True), Protection(locked=False)
    prototypes = {}
    for name, fill, protection, bold, number_format in (
        (KEY, None, locked, False, None),
        (HEADER, header, locked, True, None),
        (TEXT, None, locked, False, None),
        (DATE, None, locked, False, "yyyy-mm-dd"),
        (INPUT, None, unlocked, False, None),
        (INPUT_WEEKEND, weekend, unlocked, False, None),
        (NUMBER_INPUT, None, unlocked, False, "0.00"),
        (CLOSED, grey, locked, False, None),
    ):
        cell = WriteOnlyCell(sheet)
        if fill is not None:
            cell.fill = fill
        cell.protection = protection
        if bold:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=False)
        if number_format:
            cell.number_format = number_format
        prototypes[name] = cell._style
    return prototypes


def _write(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet.title)
    styles = _styles(workbook, worksheet)
    for index, key in enumerate(sheet.keys, start=1):
        letter = get_column_letter(index)
        if key in sheet.widths:
            worksheet.column_dimensions[letter].width = sheet.widths[key]
        if key in sheet.hidden_columns:
            worksheet.column_dimensions[letter].hidden = True
    if sheet.protect:
        worksheet.row_dimensions[1].hidden = True
        worksheet.protection.sheet = True
        worksheet.protection.formatColumns = False  # widening a column is harmless
        worksheet.protection.formatRows = False
    if sheet.freeze:
        worksheet.freeze_panes = sheet.freeze
    for row in sheet.rows:
        cells = []
        for value, style in row:
            if isinstance(value, str):
                # Every text here went through `neutralise`; this is the last guard for one that did not.
                value = printable(value)
            cell = WriteOnlyCell(worksheet, value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            # One style object per style, shared: write-only cells are written out at once and never restyled.
            cell._style = styles[style]
            cells.append(cell)
        worksheet.append(cells)
    for validation in sheet.validations:
        if validation.sqref:
            worksheet.data_validations.append(validation)


def template_workbook(*, report: Report, entries: Sequence[ReportEntry], language: str | None) -> bytes:
    """The report as an .xlsx file in the user's language."""
    language = template_language(language)
    with translation.override(language):
        workbook = Workbook(write_only=True)
        sheets = [
            instructions_sheet(report, language),
            attendance_sheet(report, entries, language),
            goals_sheet(entries),
            meta_sheet(report, language),
        ]
        for sheet in sheets:
            _write(workbook, sheet)
        workbook.worksheets[-1].sheet_state = "hidden"
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def template_filename(report: Report) -> str:
    return f"report-{report.contract.number}-{report.period}-r{report.revision}.xlsx"
