"""A job's parameters from what the page's form or the API received: checked before the job is queued, so bad
input is the form's error or a 400 at once, not a failed job later. Only ids, months and names are kept."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from reporting.models import Report
from reporting.monitoring.report.forms import MonitoringReportForm, subject_check, with_defaults
from reporting.selectors import report_list
from suppliers.access import Actor
from suppliers.models import Provider
from suppliers.selectors import provider_list


def monitoring_pdf_parameters(cleaned: dict[str, Any]) -> dict[str, Any]:
    """From the monitoring report form's cleaned data: 404 for a provider or contract that does not exist."""
    subject_check(cleaned)
    provider_id, contract_id = cleaned.get("provider"), cleaned.get("contract")
    return {"from": str(cleaned["from"]), "to": str(cleaned["to"]), "provider": provider_id, "contract": contract_id}


def monitoring_pdf_parameters_from(data: dict[str, Any]) -> dict[str, Any]:
    form = MonitoringReportForm(with_defaults(data))  # type: ignore[arg-type]
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return monitoring_pdf_parameters(form.cleaned_data)


def payroll_batch_parameters(*, actor: Actor, period: Any, provider: Provider | None, format_name: str | None) -> dict:
    if provider is not None:
        provider = get_object_or_404(provider_list(actor=actor), pk=provider.pk)
    parameters: dict[str, Any] = {"period": str(period), "provider": provider.pk if provider else None}
    if format_name:
        parameters["format"] = format_name
    return parameters


def report_workbook_parameters(*, actor: Actor, report_id: Any) -> dict[str, Any]:
    report: Report = get_object_or_404(report_list(actor=actor), pk=report_id)
    return {"report": report.pk}
