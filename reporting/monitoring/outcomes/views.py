"""Pages and API views of the outcomes part of monitoring: goal attainment, quality of life and employment
paths next to cost (`selectors.outcomes_dashboard`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.monitoring.access import require_monitor
from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.outcomes.forms import OutcomesFilterForm
from reporting.monitoring.outcomes.selectors import outcomes_dashboard
from reporting.monitoring.tables import Dashboard, dashboard_json
from reporting.monitoring.views import dashboard_page
from suppliers.access import Actor, actor_for, request_actor

FILTER_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.STR, description="First month, YYYY-MM (12 complete months back by default)"),
    OpenApiParameter("to", OpenApiTypes.STR, description="Last month, YYYY-MM (the previous month by default)"),
    OpenApiParameter("provider", OpenApiTypes.INT, description="Only this provider"),
    OpenApiParameter("contract", OpenApiTypes.INT, description="Only this contract"),
]


def _dashboard(actor: Actor, form: OutcomesFilterForm) -> Dashboard:
    filters = form.filters()
    return outcomes_dashboard(
        actor=actor,
        first=filters.first,
        last=filters.last,
        provider_id=filters.provider_id,
        contract_id=filters.contract_id,
        product_id=filters.product_id,
    )


@login_required
def outcomes_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_monitor(actor)
    form = OutcomesFilterForm(request.GET or None, today=timezone.localdate())
    dashboard = _dashboard(actor, form)
    return dashboard_page(request, dashboard, filename=dashboard.title, context={"filter_form": form})


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
        return Response(dashboard_json(_dashboard(actor, form)))


# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [path("monitoring/outcomes/", outcomes_page, name="monitoring-outcomes")]
# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/outcomes/", OutcomesApi.as_view(), name="monitoring-outcomes"),
]
