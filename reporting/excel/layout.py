"""The workbook's layout, shared by the writer and the reader: sheet names, column keys, status codes.

Each data sheet has a hidden first row of machine keys (what the importer checks, so a moved, inserted or
merged column is found whatever the language of the visible headers) and a second row of headers in the
user's language. Data starts on row 3.
"""

from __future__ import annotations

import datetime

from openpyxl.utils import get_column_letter

TEMPLATE_VERSION = 1
SIGNING_SALT = "reporting.excel.template"

ATTENDANCE = "Attendance"
GOALS = "Goals"
META = "_meta"
INSTRUCTIONS = {"fi": "Ohjeet", "sv": "Anvisningar", "en": "Instructions"}

KEY_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3

# Attendance: one status row per entry, and an hours row under it where the product earns work-share money.
ATTENDANCE_FIXED = [
    "entry",
    "row",
    "client",
    "identity_code",
    "product",
    "order_starts_on",
    "order_ends_on",
    "units_delivered",
    "work_share_paid",
    "notes",
]
STATUS_ROW, HOURS_ROW = "status", "hours"
GOALS_COLUMNS = ["entry", "goal", "client", "identity_code", "area", "goal_text", "level", "narrative", "scale"]

# The status codes a provider types (a data-validation list offers them), per template language. They are part
# of the file format, not UI text: the importer reads them with the language the template was made in.
STATUS_CODES: dict[str, dict[str, str]] = {
    "fi": {"L": "present", "S": "sick", "P": "absent", "M": "other"},
    "sv": {"N": "present", "S": "sick", "F": "absent", "A": "other"},
    "en": {"P": "present", "S": "sick", "A": "absent", "O": "other"},
}


def day_key(day: datetime.date) -> str:
    return f"d{day.day:02d}"


def attendance_keys(days: list[datetime.date]) -> list[str]:
    return [*ATTENDANCE_FIXED, *(day_key(day) for day in days)]


def column_of(keys: list[str], key: str) -> int:
    """1-based column index of a key."""
    return keys.index(key) + 1


def cell_ref(sheet: str, column: int, row: int) -> str:
    return f"{sheet}!{get_column_letter(column)}{row}"


def template_language(language: str | None) -> str:
    code = (language or "fi")[:2]
    return code if code in STATUS_CODES else "fi"
