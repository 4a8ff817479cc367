"""The anomalies dashboard in the API. It names clients: each one shown is logged (docs §2, §11)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.monitoring.anomalies.views import filtered_dashboard, log_clients_shown
from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.outcomes.apis import FILTER_PARAMETERS
from reporting.monitoring.outcomes.forms import AnomaliesFilterForm
from reporting.monitoring.tables import dashboard_json
from reporting.permissions import require_monitor
from suppliers.access import request_actor
from suppliers.models import AccessAction


class AnomaliesApi(APIView):
    """Cases to look at: the same GAS level for 6+ months, work hours at the daily maximum on every present
    day, occupancy above capacity, a client reported by two providers on one day. Names clients (masked
    identity codes) and logs each one shown. Contract monitors and administrators."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses=DashboardSerializer)
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        require_monitor(actor)
        form = AnomaliesFilterForm(request.query_params or None, today=timezone.localdate())
        if form.is_bound and not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        dashboard = filtered_dashboard(actor, form)
        log_clients_shown(request.user, dashboard, action=AccessAction.LIST, resource="api:monitoring-anomalies")
        return Response(dashboard_json(dashboard))
