"""The web shell: a home page per role with what that role needs first."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from contracts.selectors import contract_list, service_order_list
from core.periods import Period
from reporting.monitoring.completeness.selectors import provider_report_status
from suppliers.access import actor_for, provider_visibility_cutoff
from suppliers.roles import Role
from suppliers.selectors import provider_list
from suppliers.services import user_language_set


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    today = timezone.localdate()
    period = Period.of(today)
    # The report next due: last month's until its due day, then this month's (due next month).
    due_period = Period.being_reported(today, until_day=settings.REPORT_DUE_DAY)
    due_date = due_period.deadline(settings.REPORT_DUE_DAY)
    orders = service_order_list(actor=actor, today=today)
    active_orders = orders.filter(starts_on__lte=today, ends_on__gte=today)
    context = {
        "period": period,
        "due_period": due_period,
        "due_date": due_date,
        "role": actor.primary_role,
        "role_label": Role(actor.primary_role).label if actor.primary_role else "",
        "providers": provider_list(actor=actor).order_by("name")[:20] if actor.is_provider_user else [],
        "contracts": contract_list(actor=actor).filter(ends_on__gte=today).order_by("number")[:20],
        "active_order_count": active_orders.count(),
        "ending_soon": active_orders.filter(ends_on__lte=today + datetime.timedelta(days=31)).count(),
        "visibility_cutoff": provider_visibility_cutoff(today) if actor.is_provider_user else None,
        "report_status": provider_report_status(actor=actor, today=today),
        "today": today,
    }
    return render(request, "portal/home.html", context)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie and the redirect), and for a signed-in user the choice remembered
    as theirs, so that the e-mail the portal sends them later is in that language too."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES) and check_for_language(language):
        user_language_set(user=request.user, language=language)
    return response
