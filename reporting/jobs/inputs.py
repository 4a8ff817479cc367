"""A job's parameters from what the page's form or the API received: checked before the job is queued, so bad
input is the form's error or a 400 at once, not a failed job later. Only ids, months and names are kept."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from contracts.models import Contract
from reporting.models import Report
from reporting.monitoring.report.forms import MonitoringReportForm, with_defaults
from reporting.selectors import report_list
from suppliers.access import Actor
from suppliers.models import Provider
from suppliers.selectors import provider_list


def monitoring_pdf_parameters(cleaned: dict[str, Any]) -> dict[str, Any]:
    """From the monitoring report form's cleaned data: 404 for a provider or contract that does not exist."""
    provider_id, contract_id = cleaned.get("provider"), cleaned.get("contract")
    if provider_id is not None and not Provider.objects.filter(pk=provider_id).exists():
        raise Http404("no such provider")
    if contract_id is not None:
        contract_provider = Contract.objects.filter(pk=contract_id).values_list("provider_id", flat=True).first()
        if contract_provider is None:
            raise Http404("no such contract")
        if provider_id is not None and contract_provider != provider_id:
            raise ValidationError({"contract": [_("The contract is not the provider's.")]})
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
