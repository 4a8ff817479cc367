"""Validation rules as small objects in a registry (STYLE rule 8): a code, a severity, a message and a function
over prefetched data that yields findings.

The message is a gettext string with named placeholders (`%(day)s`), translated in locale/ and rendered in the
reader's language when the finding is shown: a finding stores its code and language-neutral params (an ISO date,
a decimal, a code), and the rule's `formats` say how each one reads (reporting.validation.rules._words). Names
that come from the catalogue in three languages are stored once per language (`product_fi`, `product_sv`,
`product_en`) and the message takes its own language's; findings stored before the messages moved to locale/
hold every parameter that way, so they read as they did.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation

from reporting.validation.severity import Severity

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from reporting.validation.context import ReportContext

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class FindingData:
    code: str
    severity: Severity
    entry_id: int | None = None
    date: datetime.date | None = None
    field: str = ""
    params: dict[str, Any] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    text: StrOrPromise  # gettext_lazy over the finding's params, e.g. _("Day %(day)s is in the future.")
    check: Callable[[ReportContext], Iterable[FindingData]]
    # placeholder -> how its param reads in the active language; a param without one is shown as it is
    formats: Mapping[str, Callable[[Any], str]] = dataclass_field(default_factory=dict)

    def finding(
        self, *, entry_id: int | None = None, date: datetime.date | None = None, field: str = "", **params: Any
    ) -> FindingData:
        return FindingData(self.code, self.severity, entry_id, date, field, params)

    def message(self, language: str, params: Mapping[str, Any]) -> str:
        with translation.override(language):
            return self.render(params)

    def render(self, params: Mapping[str, Any]) -> str:
        """The message in the active language."""
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        template = str(self.text)
        values: dict[str, Any] = {}
        for name in _PLACEHOLDER.findall(template):
            own = f"{name}_{language}"
            if own in params:
                values[name] = params[own]
            elif name in params:
                values[name] = _formatted(self.formats.get(name, str), params[name])
            else:
                values[name] = "…"  # a row written by hand or by an older rule: the rest of the message still reads
        return template % values


def _formatted(format_value: Callable[[Any], str], value: Any) -> str:
    try:
        return format_value(value)
    except (ValueError, TypeError, ArithmeticError):
        return str(value)  # a row written by hand: shown as stored rather than not at all


RULES: dict[str, Rule] = {}


def rule(
    code: str, severity: Severity, text: StrOrPromise, *, formats: Mapping[str, Callable[[Any], str]] | None = None
) -> Callable[[Callable[..., Any]], Rule]:
    """Register the decorated check function as a rule."""

    def register(check: Callable[[ReportContext], Iterable[FindingData]]) -> Rule:
        if code in RULES:
            raise ValueError(f"duplicate validation rule {code}")
        registered = Rule(code=code, severity=severity, text=text, check=check, formats=formats or {})
        RULES[code] = registered
        return registered

    return register
