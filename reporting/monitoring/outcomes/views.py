"""The outcomes page: goal attainment, quality of life and employment paths next to cost
(`selectors.outcomes_dashboard`), and what the API view (`apis`) shares with it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from reporting.monitoring.outcomes.forms import OutcomesFilterForm
from reporting.monitoring.outcomes.selectors import outcomes_dashboard
from reporting.monitoring.tables import Dashboard
from reporting.monitoring.views import dashboard_page
from reporting.permissions import require_monitor
from suppliers.access import Actor, actor_for


def filtered_dashboard(actor: Actor, form: OutcomesFilterForm) -> Dashboard:
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
    dashboard = filtered_dashboard(actor, form)
    return dashboard_page(request, dashboard, filename=dashboard.title, context={"filter_form": form})
