"""The outcomes dashboard in the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.outcomes.forms import OutcomesFilterForm
from reporting.monitoring.outcomes.views import filtered_dashboard
from reporting.monitoring.tables import dashboard_json
from reporting.permissions import require_monitor
from suppliers.access import request_actor

FILTER_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.STR, description="First month, YYYY-MM (12 complete months back by default)"),
    OpenApiParameter("to", OpenApiTypes.STR, description="Last month, YYYY-MM (the previous month by default)"),
    OpenApiParameter("provider", OpenApiTypes.INT, description="Only this provider"),
    OpenApiParameter("contract", OpenApiTypes.INT, description="Only this contract"),
]


class OutcomesApi(APIView):
    """Goal attainment (mean Kiresuk–Sherman T-scores with n), quality-of-life change and employment-path
    outcomes per provider and product over a month range, next to cost. Contract monitors and administrators."""

    @extend_schema(
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter("product", OpenApiTypes.INT, description="Only this product"),
        ],
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        require_monitor(actor)
        form = OutcomesFilterForm(request.query_params or None, today=timezone.localdate())
        if form.is_bound and not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        return Response(dashboard_json(filtered_dashboard(actor, form)))
