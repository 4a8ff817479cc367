"""Validation of a monthly report (docs §9): the severity, the rule registry, the engine that runs the rules
(`reporting.validation.engine.report_findings`) and the presenter that shows their findings
(`reporting.validation.presenter`).

The package itself imports nothing of the app's models, so `reporting.models` can take the Finding's severity
choices from here; the engine and the presenter, which import the rules (and so the models), are imported from
their own modules.
"""

from __future__ import annotations

from reporting.validation.registry import RULES, FindingData, Rule
from reporting.validation.severity import Severity

__all__ = ["RULES", "FindingData", "Rule", "Severity"]
