"""The money and budget dashboards in the API. Aggregates only (no client is named), so nothing is written to
the client access log.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.money.forms import BudgetFilterForm, MoneyFilterForm, form_errors, with_defaults
from reporting.monitoring.money.selectors import budget_dashboard, money_dashboard, money_unit_scope
from reporting.monitoring.tables import dashboard_json
from suppliers.access import request_actor

_UNIT = OpenApiParameter("unit", OpenApiTypes.INT, description="An ordering unit's id")


class MoneyApi(APIView):
    """Volumes and cost by month, product, provider and ordering unit (current revision of submitted and
    approved reports; approved cost is realised). Contract monitors and administrators see every unit, a lead
    social worker their own units (another unit: 404); others get 403."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.STR, description="First month YYYY-MM; default 12 months ago"),
            OpenApiParameter("to", OpenApiTypes.STR, description="Last month YYYY-MM; default the previous month"),
            OpenApiParameter("provider", OpenApiTypes.INT, description="A provider's id"),
            OpenApiParameter("contract", OpenApiTypes.INT, description="A contract's id"),
            _UNIT,
        ],
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        money_unit_scope(actor=actor)
        form = MoneyFilterForm(with_defaults(request.query_params, MoneyFilterForm.defaults(timezone.localdate())))
        if not form.is_valid():
            raise form_errors(form)
        return Response(dashboard_json(money_dashboard(actor=actor, **form.dashboard_arguments())))


class BudgetApi(APIView):
    """Budget use per ordering unit and year: budget, realised (approved), committed by active orders, the
    forecast to year end, use and its status (ok, warning at 80 %, alert at 100 %)."""

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Default: this year"), _UNIT],
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        money_unit_scope(actor=actor)
        today = timezone.localdate()
        form = BudgetFilterForm(with_defaults(request.query_params, BudgetFilterForm.defaults(today)))
        if not form.is_valid():
            raise form_errors(form)
        return Response(dashboard_json(budget_dashboard(actor=actor, today=today, **form.dashboard_arguments())))
