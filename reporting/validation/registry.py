"""Validation rules as small objects in a registry (STYLE rule 8): a code, a severity, messages in Finnish,
Swedish and English, and a function over prefetched data that yields findings."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reporting.validation.context import ReportContext

ERROR = "error"
WARNING = "warning"
CITY_WARNING = "city_warning"


@dataclass(frozen=True)
class FindingData:
    code: str
    severity: str
    entry_id: int | None = None
    date: datetime.date | None = None
    field: str = ""
    params: dict[str, Any] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    messages: dict[str, str]  # language code -> str.format template over the finding's params
    check: Callable[[ReportContext], Iterable[FindingData]]

    def finding(
        self, *, entry_id: int | None = None, date: datetime.date | None = None, field: str = "", **params: Any
    ) -> FindingData:
        return FindingData(self.code, self.severity, entry_id, date, field, params)

    def message(self, language: str, params: dict[str, Any]) -> str:
        template = self.messages.get(language[:2]) or self.messages["fi"]
        return template.format(**params)


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str, *, fi: str, sv: str, en: str) -> Callable[[Callable[..., Any]], Rule]:
    """Register the decorated check function as a rule."""

    def register(check: Callable[[ReportContext], Iterable[FindingData]]) -> Rule:
        if code in RULES:
            raise ValueError(f"duplicate validation rule {code}")
        registered = Rule(code=code, severity=severity, messages={"fi": fi, "sv": sv, "en": en}, check=check)
        RULES[code] = registered
        return registered

    return register
