"""What every monitoring page shares: the index, and rendering one Dashboard as a page or as Excel."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from reporting.monitoring.tables import Dashboard
from reporting.monitoring.xlsx import dashboard_xlsx
from reporting.permissions import require_monitor
from suppliers.access import actor_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def xlsx_response(dashboard: Dashboard, *, filename: str, only: str | None = None) -> HttpResponse:
    response = HttpResponse(dashboard_xlsx(dashboard, only=only), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "export"}.xlsx"'
    return response


def dashboard_page(
    request: HttpRequest,
    dashboard: Dashboard,
    *,
    template: str = "reporting/monitoring/dashboard.html",
    filename: str = "",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The dashboard as a page, or as an Excel workbook for `?format=xlsx` (`&table=<slug>` for one table)."""
    if wants_xlsx(request):
        return xlsx_response(dashboard, filename=filename or dashboard.slug, only=request.GET.get("table") or None)
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(
        request,
        template,
        {"dashboard": dashboard, "xlsx_query": query.urlencode(), **(context or {})},
    )


@login_required
def monitoring_index(request: HttpRequest) -> HttpResponse:
    require_monitor(actor_for(request.user))
    return render(request, "reporting/monitoring/index.html")
