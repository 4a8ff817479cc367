"""Findings as people read them, one way for every surface: the API, the report and entry pages, the review
page and the workbook upload. A row says what is wrong in the reader's language (the active one) and where it
points: the entry, the day, the field and, for an uploaded workbook, the sheet and cell."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from reporting.validation import rules as _rules  # noqa: F401 - registers every rule
from reporting.validation.registry import RULES, FindingData
from reporting.validation.severity import Severity

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from reporting.models import Finding

SEVERITY_LABELS: dict[str, StrOrPromise] = {
    Severity.ERROR: _("Error"),
    Severity.WARNING: _("Warning"),
    Severity.CITY_WARNING: _("City-only warning"),
}
SEVERITY_HEADINGS: dict[str, StrOrPromise] = {
    Severity.ERROR: _("Errors"),
    Severity.WARNING: _("Warnings"),
    Severity.CITY_WARNING: _("City-only warnings"),
}


@dataclass(frozen=True)
class FindingRow:
    code: str
    severity: str
    message: str
    entry_id: int | None = None
    date: datetime.date | None = None
    field: str = ""
    location: str = ""  # sheet and cell of an uploaded workbook (Attendance!F12)

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS.get(self.severity, self.severity))


def rule_message(code: str, params: Mapping[str, Any]) -> str | None:
    """The rule's message over one finding's params in the active language; None for a code no rule has."""
    registered = RULES.get(code)
    return registered.render(params) if registered else None


def finding_rows(
    findings: Iterable[FindingData | Finding], *, city: bool, locate: Callable[[Any], str] | None = None
) -> list[FindingRow]:
    """Findings, stored or just computed, as rows; city-only warnings only for the city.

    `locate` names where a finding points in an uploaded workbook; the rules know nothing of sheets, so the
    workbook importer passes its layout here.
    """
    rows = []
    for finding in findings:
        if finding.severity == Severity.CITY_WARNING and not city:
            continue
        params = finding.params if isinstance(finding.params, dict) else {}
        rows.append(
            FindingRow(
                code=finding.code,
                severity=str(finding.severity),
                message=rule_message(finding.code, params) or finding.code,
                entry_id=finding.entry_id,
                date=finding.date,
                field=finding.field,
                location=(locate(finding) if locate else "") or params.get("location", ""),
            )
        )
    return rows


def rows_by_entry(rows: Iterable[FindingRow]) -> dict[int | None, list[FindingRow]]:
    """The rows of each entry; the report's own rows under None."""
    grouped: dict[int | None, list[FindingRow]] = defaultdict(list)
    for row in rows:
        grouped[row.entry_id].append(row)
    return dict(grouped)


def rows_by_date(rows: Iterable[FindingRow]) -> dict[datetime.date | None, list[FindingRow]]:
    grouped: dict[datetime.date | None, list[FindingRow]] = defaultdict(list)
    for row in rows:
        grouped[row.date].append(row)
    return dict(grouped)


def severity_counts(rows: Iterable[FindingRow]) -> dict[str, int]:
    """How many rows of each severity, every severity present (templates read `counts.error`)."""
    counts = dict.fromkeys(Severity.values, 0)
    for row in rows:
        counts[row.severity] = counts.get(row.severity, 0) + 1
    return counts


def rows_by_severity(rows: Iterable[FindingRow]) -> list[dict[str, Any]]:
    """One group per severity, the worst first, each with its heading (empty groups too)."""
    listed = list(rows)
    return [
        {
            "severity": severity.value,
            "heading": SEVERITY_HEADINGS[severity],
            "findings": [row for row in listed if row.severity == severity],
        }
        for severity in Severity
    ]
