"""The money pages: volumes and cost, and budget use per ordering unit.

Both show aggregates only (no client is named), so nothing is written to the client access log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.monitoring.money.forms import BudgetFilterForm, MoneyFilterForm, with_defaults
from reporting.monitoring.money.selectors import budget_dashboard, money_dashboard, money_unit_scope
from reporting.monitoring.tables import Dashboard
from reporting.monitoring.views import dashboard_page
from suppliers.access import actor_for


@login_required
def money_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    money_unit_scope(actor=actor)  # refuses those who may not see money before reading anything
    form = MoneyFilterForm(with_defaults(request.GET, MoneyFilterForm.defaults(timezone.localdate())))
    if not form.is_valid():
        return dashboard_page(request, Dashboard("money", _("Volumes and cost")), context={"filter_form": form})
    dashboard = money_dashboard(actor=actor, **form.dashboard_arguments())
    return dashboard_page(request, dashboard, filename=dashboard.title, context={"filter_form": form})


@login_required
def budget_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    money_unit_scope(actor=actor)
    today = timezone.localdate()
    form = BudgetFilterForm(with_defaults(request.GET, BudgetFilterForm.defaults(today)))
    if not form.is_valid():
        return dashboard_page(request, Dashboard("budget", _("Budget use")), context={"filter_form": form})
    dashboard = budget_dashboard(actor=actor, today=today, **form.dashboard_arguments())
    return dashboard_page(request, dashboard, filename=dashboard.title, context={"filter_form": form})
