"""Pages and API views of the anomalies part of monitoring (`selectors.anomalies_dashboard`).

The dashboard names clients: every view logs each client it shows (SPEC §2, §11), also in the Excel export.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.monitoring.access import require_monitor
from reporting.monitoring.anomalies.selectors import anomalies_dashboard
from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.outcomes.forms import AnomaliesFilterForm
from reporting.monitoring.outcomes.views import FILTER_PARAMETERS
from reporting.monitoring.tables import Dashboard, dashboard_json
from reporting.monitoring.views import dashboard_page, wants_xlsx
from suppliers.access import Actor, actor_for, request_actor
from suppliers.models import AccessAction
from suppliers.services import client_access_record


def _dashboard(actor: Actor, form: AnomaliesFilterForm) -> Dashboard:
    filters = form.filters()
    return anomalies_dashboard(
        actor=actor,
        first=filters.first,
        last=filters.last,
        provider_id=filters.provider_id,
        contract_id=filters.contract_id,
    )


def _log(user: object, dashboard: Dashboard, *, action: str, resource: str) -> None:
    client_access_record(
        user=user,
        client_ids=dashboard.client_ids,
        action=action,
        resource=resource,
        purpose="contract monitoring: anomalies",
    )


@login_required
def anomalies_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_monitor(actor)
    form = AnomaliesFilterForm(request.GET or None, today=timezone.localdate())
    dashboard = _dashboard(actor, form)
    action = AccessAction.EXPORT if wants_xlsx(request) else AccessAction.LIST
    _log(request.user, dashboard, action=action, resource="page:monitoring-anomalies")
    return dashboard_page(request, dashboard, filename=dashboard.title, context={"filter_form": form})


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
        dashboard = _dashboard(actor, form)
        _log(request.user, dashboard, action=AccessAction.LIST, resource="api:monitoring-anomalies")
        return Response(dashboard_json(dashboard))


# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [path("monitoring/anomalies/", anomalies_page, name="monitoring-anomalies")]
# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/anomalies/", AnomaliesApi.as_view(), name="monitoring-anomalies"),
]
