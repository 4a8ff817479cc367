"""The columns a payroll export can carry. A PayrollFormat picks some of them, in its order, with its headers.

Beside the models rather than in `payroll/`: the PayrollFormat model validates against them and the report core
knows no payroll (`tests/portal/test_dependencies.py`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# field -> whether the value is text (neutralised against formula injection) or a number
FIELDS: dict[str, str] = {
    "batch": "text",
    "period": "text",
    "work_period": "text",
    "provider_business_id": "text",
    "provider_name": "text",
    "client_identity_code": "text",
    "client_name": "text",
    "payee_iban": "text",
    "days_present": "number",
    "hours": "number",
    "rate": "number",
    "amount": "number",
    "cost_centre": "text",
    "adjustment_reference": "text",
}

DEFAULT_COLUMNS: list[dict[str, str]] = [
    {"field": "batch", "header": "Erä"},
    {"field": "period", "header": "Maksukausi"},
    {"field": "work_period", "header": "Työkausi"},
    {"field": "provider_business_id", "header": "Y-tunnus"},
    {"field": "provider_name", "header": "Palveluntuottaja"},
    {"field": "client_identity_code", "header": "Henkilötunnus"},
    {"field": "client_name", "header": "Nimi"},
    {"field": "payee_iban", "header": "Tilinumero"},
    {"field": "days_present", "header": "Läsnäolopäivät"},
    {"field": "hours", "header": "Tunnit"},
    {"field": "rate", "header": "Tuntihinta"},
    {"field": "amount", "header": "Työosuusraha"},
    {"field": "cost_centre", "header": "Kustannuspaikka"},
    {"field": "adjustment_reference", "header": "Oikaisuviite"},
]


def validate_columns(columns: Any) -> None:
    if not isinstance(columns, list) or not columns:
        raise ValidationError({"columns": _("List at least one column.")})
    seen: set[str] = set()
    for index, column in enumerate(columns):
        if not isinstance(column, dict) or set(column) != {"field", "header"}:
            raise ValidationError({"columns": _("Column %(n)d needs exactly a field and a header.") % {"n": index + 1}})
        if column["field"] not in FIELDS:
            raise ValidationError(
                {
                    "columns": _("Unknown column %(field)s; known: %(known)s.")
                    % {"field": column["field"], "known": ", ".join(FIELDS)}
                }
            )
        if column["field"] in seen:
            raise ValidationError({"columns": _("Column %(field)s is listed twice.") % {"field": column["field"]}})
        seen.add(column["field"])
