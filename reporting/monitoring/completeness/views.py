"""The completeness page: the provider × month matrix and its rates."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.monitoring.completeness.forms import CompletenessFilterForm, Filters
from reporting.monitoring.completeness.selectors import completeness_dashboard, default_window
from reporting.monitoring.views import dashboard_page, wants_xlsx
from reporting.permissions import require_monitor
from suppliers.access import actor_for


@login_required
def completeness_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_monitor(actor)
    form = CompletenessFilterForm(request.GET if request.GET else None)
    filters = form.filters() if form.is_bound else Filters(*default_window(timezone.localdate()))
    dashboard = completeness_dashboard(
        actor=actor, first=filters.first, last=filters.last, provider_id=filters.provider_id
    )
    if filters.provider_id is None and not wants_xlsx(request):
        # A row per provider and month is thousands of rows for the whole city: too long to read on a page
        # (and to render). The page keeps the matrix; the table comes with a provider, and in the Excel file.
        dashboard = replace(
            dashboard,
            tables=[table for table in dashboard.tables if table.slug != "provider-months"],
            notes=[
                *dashboard.notes,
                _(
                    "Choose a provider to see its reports month by month with links to them; the Excel "
                    "download has that table for every provider."
                ),
            ],
        )
    return dashboard_page(
        request,
        dashboard,
        filename=f"completeness-{filters.first}-{filters.last}",
        context={"filter_form": form},
    )
