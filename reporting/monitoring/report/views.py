"""The contract monitoring report as a PDF: its form page and its download (docs §10), and
what the API view (`apis`) shares with them.

Contract monitors and administrators only (403 for anyone else), an unknown provider or contract is a 404,
parameters that do not make a range are the form's errors on the page and a 400 in the API. The PDF names
clients (the anomalies tables): every download logs an access to each client it names (docs §11).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from reporting.monitoring.report.forms import MonitoringReportForm, subject_check, with_defaults
from reporting.monitoring.report.pdf import MonitoringReport, render_monitoring_pdf
from reporting.monitoring.report.selectors import monitoring_report
from reporting.permissions import require_monitor
from suppliers.access import Actor, actor_for
from suppliers.models import AccessAction
from suppliers.services import client_access_record

PDF_TYPE = "application/pdf"


def report_for(*, actor: Actor, cleaned: dict[str, Any]) -> MonitoringReport:
    """The report for a valid query: 404 for a provider or contract that does not exist."""
    subject_check(cleaned)
    provider_id, contract_id = cleaned.get("provider"), cleaned.get("contract")
    return monitoring_report(
        actor=actor, first=cleaned["from"], last=cleaned["to"], provider_id=provider_id, contract_id=contract_id
    )


def pdf_response(*, actor: Actor, user: Any, cleaned: dict[str, Any], resource: str) -> HttpResponse:
    """The report for a valid query as a PDF attachment, after logging an access to every client it names."""
    report = report_for(actor=actor, cleaned=cleaned)
    first, last = cleaned["from"], cleaned["to"]
    if report.client_ids:
        client_access_record(
            user=user,
            client_ids=report.client_ids,
            action=AccessAction.EXPORT,
            resource=resource,
            purpose="contract monitoring report",
        )
    response = HttpResponse(render_monitoring_pdf(report), content_type=PDF_TYPE)
    name = slugify(report.subject)[:60] or "all"
    response["Content-Disposition"] = f'attachment; filename="monitoring-{name}-{first}-{last}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def monitoring_report_page(request: HttpRequest) -> HttpResponse:
    require_monitor(actor_for(request.user))
    form = MonitoringReportForm(with_defaults(request.GET))
    return render(request, "reporting/monitoring/report.html", {"form": form})


@login_required
def monitoring_report_download(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_monitor(actor)
    form = MonitoringReportForm(with_defaults(request.GET))
    if form.is_valid():
        try:
            return pdf_response(
                actor=actor, user=request.user, cleaned=form.cleaned_data, resource="page:monitoring-report-pdf"
            )
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "reporting/monitoring/report.html", {"form": form}, status=400)
