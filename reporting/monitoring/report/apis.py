"""The contract monitoring report as a PDF in the API (docs §10)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from reporting.monitoring.report.forms import MonitoringReportForm, with_defaults
from reporting.monitoring.report.views import PDF_TYPE, pdf_response
from reporting.permissions import require_monitor
from suppliers.access import request_actor


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
        return pdf_response(
            actor=actor, user=request.user, cleaned=form.cleaned_data, resource="api:monitoring-report-pdf"
        )
