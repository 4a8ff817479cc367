"""The anomalies page (`selectors.anomalies_dashboard`), and what the API view (`apis`) shares with it.

The dashboard names clients: every view logs each client it shows (docs §2, §11), also in the Excel export.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from reporting.monitoring.anomalies.selectors import anomalies_dashboard
from reporting.monitoring.outcomes.forms import AnomaliesFilterForm
from reporting.monitoring.tables import Dashboard
from reporting.monitoring.views import dashboard_page, wants_xlsx
from reporting.permissions import require_monitor
from suppliers.access import Actor, actor_for
from suppliers.models import AccessAction
from suppliers.services import client_access_record


def filtered_dashboard(actor: Actor, form: AnomaliesFilterForm) -> Dashboard:
    filters = form.filters()
    return anomalies_dashboard(
        actor=actor,
        first=filters.first,
        last=filters.last,
        provider_id=filters.provider_id,
        contract_id=filters.contract_id,
    )


def log_clients_shown(user: object, dashboard: Dashboard, *, action: str, resource: str) -> None:
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
    dashboard = filtered_dashboard(actor, form)
    action = AccessAction.EXPORT if wants_xlsx(request) else AccessAction.LIST
    log_clients_shown(request.user, dashboard, action=action, resource="page:monitoring-anomalies")
    return dashboard_page(request, dashboard, filename=dashboard.title, context={"filter_form": form})
