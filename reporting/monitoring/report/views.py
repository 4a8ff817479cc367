"""The contract monitoring report as a PDF: its form page, its download and its API (SPEC §10).

Contract monitors and administrators only (403 for anyone else), an unknown provider or contract is a 404,
parameters that do not make a range are the form's errors on the page and a 400 in the API. The PDF names
clients (the anomalies tables): every download logs an access to each client it names (SPEC §11).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from contracts.models import Contract
from core.periods import Period
from reporting.monitoring.access import require_monitor
from reporting.monitoring.report.pdf import MonitoringReport, render_monitoring_pdf
from reporting.monitoring.report.selectors import MAX_MONTHS, monitoring_report, months_between
from suppliers.access import Actor, actor_for, request_actor
from suppliers.models import AccessAction, Provider
from suppliers.services import client_access_record

PDF_TYPE = "application/pdf"


class MonitoringReportForm(forms.Form):
    """provider, contract, from, to: the query of the page's form, the download and the API alike."""

    provider = forms.IntegerField(label=_("Provider"), required=False, widget=forms.Select)
    contract = forms.IntegerField(label=_("Contract"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: declared here so that the query string can keep its natural name.
        self.fields["from"] = forms.CharField(label=_("From month (YYYY-MM)"), max_length=7)
        self.fields["to"] = forms.CharField(
            label=_("To month (YYYY-MM)"),
            max_length=7,
            help_text=_("At most %(months)s months.") % {"months": MAX_MONTHS},
        )
        providers = Provider.objects.order_by("name").values_list("pk", "name")
        contracts = Contract.objects.select_related("provider").order_by("provider__name", "number")
        everyone = [("", _("All providers"))]
        self.fields["provider"].widget.choices = everyone + list(providers)
        self.fields["contract"].widget.choices = [("", _("All of the provider's contracts"))] + [
            (contract.pk, f"{contract.number} – {contract.provider.name}") for contract in contracts
        ]

    def clean_from(self) -> Period:
        return Period.parse(self.cleaned_data["from"])

    def clean_to(self) -> Period:
        return Period.parse(self.cleaned_data["to"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("from"), cleaned.get("to")
        if isinstance(first, Period) and isinstance(last, Period):
            months = months_between(first, last)
            if months < 1:
                self.add_error("to", _("The last month comes before the first."))
            elif months > MAX_MONTHS:
                self.add_error("to", _("A report covers at most %(months)s months.") % {"months": MAX_MONTHS})
        return cleaned


def default_query() -> dict[str, str]:
    """The last twelve full months."""
    last = Period.of(timezone.localdate()).previous()
    first = last
    for _month in range(11):
        first = first.previous()
    return {"from": str(first), "to": str(last)}


def with_defaults(query: QueryDict) -> dict[str, Any]:
    """The query with the last twelve full months where it names no month (the form, the download, the API)."""
    values: dict[str, Any] = {key: query.get(key) for key in query}
    for key, value in default_query().items():
        if not values.get(key):
            values[key] = value
    return values


def _report_for(*, actor: Actor, cleaned: dict[str, Any]) -> MonitoringReport:
    """The report for a valid query: 404 for a provider or contract that does not exist."""
    provider_id, contract_id = cleaned.get("provider"), cleaned.get("contract")
    if provider_id is not None and not Provider.objects.filter(pk=provider_id).exists():
        raise Http404("no such provider")
    if contract_id is not None:
        contract_provider = Contract.objects.filter(pk=contract_id).values_list("provider_id", flat=True).first()
        if contract_provider is None:
            raise Http404("no such contract")
        if provider_id is not None and contract_provider != provider_id:
            raise ValidationError({"contract": [_("The contract is not the provider's.")]})
    return monitoring_report(
        actor=actor, first=cleaned["from"], last=cleaned["to"], provider_id=provider_id, contract_id=contract_id
    )


def pdf_response(*, user: Any, report: MonitoringReport, first: Period, last: Period, resource: str) -> HttpResponse:
    """The PDF as an attachment, after logging an access to every client it names."""
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
            report = _report_for(actor=actor, cleaned=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            cleaned = form.cleaned_data
            return pdf_response(
                user=request.user,
                report=report,
                first=cleaned["from"],
                last=cleaned["to"],
                resource="page:monitoring-report-pdf",
            )
    return render(request, "reporting/monitoring/report.html", {"form": form}, status=400)


class MonitoringReportPdfApi(APIView):
    """The contract monitoring report as a PDF, in the request's language, for a provider, a contract or all."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.STR, description="First month, YYYY-MM; twelve months before `to` by default"
            ),
            OpenApiParameter(
                "to", OpenApiTypes.STR, description="Last month, YYYY-MM; the previous month by default (≤ 24 months)"
            ),
            OpenApiParameter("provider", OpenApiTypes.INT, description="A provider's id; all providers without it"),
            OpenApiParameter("contract", OpenApiTypes.INT, description="A contract's id (implies its provider)"),
        ],
        responses={(200, PDF_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF report.")},
    )
    def get(self, request: Request) -> HttpResponse:
        actor = request_actor(request)
        require_monitor(actor)
        form = MonitoringReportForm(with_defaults(request.query_params))
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())  # the exception handler answers 400 {code, detail, errors}
        report = _report_for(actor=actor, cleaned=form.cleaned_data)
        cleaned = form.cleaned_data
        return pdf_response(
            user=request.user,
            report=report,
            first=cleaned["from"],
            last=cleaned["to"],
            resource="api:monitoring-report-pdf",
        )


# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [
    path("monitoring/report/", monitoring_report_page, name="monitoring-report"),
    path("monitoring/report.pdf", monitoring_report_download, name="monitoring-report-pdf"),
]
# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/report.pdf", MonitoringReportPdfApi.as_view(), name="monitoring-report-pdf"),
]
