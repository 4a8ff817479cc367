"""The workbook's layout, shared by the writer and the reader: sheet names, column keys, status codes.

Each data sheet has a hidden first row of machine keys (what the importer checks, so a moved, inserted or
merged column is found whatever the language of the visible headers) and a second row of headers in the
user's language. Data starts on row 3.

Each entry's row records the entry as it was downloaded, in a hidden locked cell (`version`): the entry's
version and a fingerprint of what the file showed of it (`3:9f2c1a7b5d3e8a10`). The importer reads the cell to
tell an entry the provider changed in the file from one left as downloaded, and a change made on top of the
stored entry from one made on top of an older state of it (an edit in the portal after the download), which it
refuses rather than overwrite. A hidden column, like the entry id beside it, survives a save by Excel or
LibreOffice and keeps the record on the entry's own row.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from reporting.spreadsheet import unneutralise

# 2: the hidden `version` column on Attendance (an older workbook has no record of what it was made from).
TEMPLATE_VERSION = 2
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
    "version",
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


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """The text of a cell as the importer reads it (and as the writer's fingerprint expects it to be read)."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value).strip())


_CENT = Decimal("0.01")
_AS_DOWNLOADED = re.compile(r"([1-9][0-9]{0,9}):([0-9a-f]{16})")


@functools.lru_cache(maxsize=4096)
def _cents(value: Decimal) -> str:
    # Cached: a month's file repeats the same few numbers of hours tens of thousands of times.
    return str(value.quantize(_CENT))


def entry_fingerprint(
    *,
    units: Decimal,
    paid: Decimal | None,
    notes: str,
    days: Iterable[tuple[datetime.date, str, Decimal]],
    progress: Iterable[tuple[int, int, str]],
) -> str:
    """A digest of an entry's content as the importer reads it from the file: units, paid, notes, the days as
    (date, status, hours) in date order and the goal progress as (goal, level, narrative).

    Not a signature: it only tells whether the provider changed the entry in the file. A cell edited by hand
    makes the entry look changed, and a changed entry is checked against its version.
    """
    lines = [_cents(units), "" if paid is None else _cents(paid), repr(notes)]
    lines += [f"d {day.toordinal()} {status} {_cents(hours)}" for day, status, hours in days]
    lines += [f"g {goal} {level} {narrative!r}" for goal, level, narrative in sorted(progress)]
    return hashlib.blake2b("\n".join(lines).encode(), digest_size=8).hexdigest()


def as_downloaded(version: int, fingerprint: str) -> str:
    """The text of an entry's hidden `version` cell."""
    return f"{version}:{fingerprint}"


def parse_as_downloaded(value: Any) -> tuple[int, str] | None:
    """(version, fingerprint) of a `version` cell, or None when it is missing or garbled."""
    match = _AS_DOWNLOADED.fullmatch(value.strip()) if isinstance(value, str) else None
    return (int(match.group(1)), match.group(2)) if match else None
