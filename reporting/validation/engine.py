"""The validation engine: every registered rule over one prefetched context (docs §9)."""

from __future__ import annotations

import datetime

from reporting.models import Report
from reporting.validation import rules as _rules  # noqa: F401 - registers every rule
from reporting.validation.context import report_context_build
from reporting.validation.registry import RULES, FindingData


def report_findings(report: Report, *, today: datetime.date | None = None) -> list[FindingData]:
    context = report_context_build(report, today=today)
    findings: list[FindingData] = []
    for registered in RULES.values():
        findings.extend(registered.check(context))
    return findings
