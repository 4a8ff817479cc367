"""Report pages for providers and the city: the month's list, a report with entries, findings and actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts.selectors import contract_list
from core.errors import DomainError
from core.period_fields import PeriodFormField
from core.periods import Period
from reporting.forms import CommentForm, EntryForm, OutcomePeriodForm, PeriodForm
from reporting.models import Report, ReportEntry, ReportState
from reporting.outcomes import gas_client_scores, gas_group_scores, gas_overall
from reporting.permissions import may_edit_report, report_actions
from reporting.selectors import report_entry_list, report_event_list, report_findings_list, report_list
from reporting.services import (
    report_access_record,
    report_create,
    report_entry_update,
    report_reopen,
    report_submit,
    report_totals,
    report_validate,
)
from reporting.validation.presenter import finding_rows, rows_by_date, rows_by_entry, severity_counts
from suppliers.access import actor_for
from suppliers.models import AccessAction


@login_required
def report_month_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    today = timezone.localdate()
    default = Period.being_reported(today, until_day=20)
    form = PeriodForm(request.GET or {"period": default})
    period = form.cleaned_data["period"] if form.is_valid() else default
    reports = report_list(actor=actor).filter(period=period, is_current=True)
    rows: list[dict[str, Any]] = []
    if actor.is_provider_user:
        by_contract = {report.contract_id: report for report in reports}
        contracts = contract_list(actor=actor).filter(starts_on__lte=period.last_day, ends_on__gte=period.first_day)
        rows = [{"contract": contract, "report": by_contract.get(contract.pk)} for contract in contracts]
        page = None
    else:
        state = request.GET.get("state", "")
        if state in ReportState.values:
            reports = reports.filter(state=state)
        # The completeness dashboard drills down to one provider's month.
        provider = request.GET.get("provider", "")
        if provider.isdigit():
            reports = reports.filter(provider_id=int(provider))
        page = Paginator(reports.order_by("provider__name", "contract__number"), 50).get_page(request.GET.get("page"))
    # The filters stay on when paging and when moving to the previous or next month.
    query = request.GET.copy()
    query.pop("page", None)
    month_query = query.copy()
    month_query.pop("period", None)
    return render(
        request,
        "reporting/report_month.html",
        {
            "query": query.urlencode(),
            "month_query": month_query.urlencode(),
            "form": form,
            "period": period,
            "rows": rows,
            "page": page,
            "states": ReportState.choices,
            "previous": period.previous(),
            "next": period.next(),
        },
    )


@login_required
@require_POST
def report_create_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    contract = get_object_or_404(contract_list(actor=actor), pk=request.POST.get("contract"))
    try:
        period = PeriodFormField().clean(request.POST.get("period", ""))
        report, _created = report_create(user=request.user, contract=contract, period=period)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("report-month")
    return redirect("report-detail", pk=report.pk)


@login_required
def report_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    report = get_object_or_404(report_list(actor=actor), pk=pk)
    entries = list(report_entry_list(actor=actor, report=report))
    findings = finding_rows(report_findings_list(actor=actor, report=report), city=actor.is_city_user)
    per_entry = rows_by_entry(findings)
    report_access_record(
        user=request.user, report=report, entries=entries, action=AccessAction.VIEW, resource="page:report-detail"
    )
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "entries": [{"entry": entry, "findings": per_entry.get(entry.pk, [])} for entry in entries],
            "report_findings": per_entry.get(None, []),
            "counts": severity_counts(findings),
            "totals": report_totals(report),
            "events": report_event_list(report=report),
            **report_actions(actor, report),
            "comment_form": CommentForm(),
            # A large report's workbook takes seconds to write: it is made by a background job instead.
            "workbook_by_job": len(entries) >= settings.WORKBOOK_JOB_ENTRIES,
        },
    )


def _log_entry(request: HttpRequest, report: Report, entry: ReportEntry, action: str) -> None:
    report_access_record(
        user=request.user,
        report=report,
        entries=[entry],
        action=action,
        resource="page:report-entry",
        object_ref=f"report_entry:{entry.pk}",
    )


@login_required
def report_entry_page(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    report = get_object_or_404(report_list(actor=actor), pk=pk)
    entry = get_object_or_404(report_entry_list(actor=actor, report=report), pk=entry_id)
    period = report.period
    days = [period.first_day + datetime.timedelta(days=offset) for offset in range(period.days)]
    initial = {
        "version": entry.version,
        "units_delivered": entry.units_delivered,
        "work_share_paid": entry.work_share_paid,
        "notes": entry.notes,
        "warning_reason": entry.warning_reason,
    }
    form = EntryForm(request.POST or None, initial=initial, entry=entry, days=days)
    may_edit = may_edit_report(actor, report)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                report_entry_update(user=request.user, entry=entry, **form.service_arguments())
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except DomainError as exc:
                form.add_error(None, str(exc.detail))
            else:
                _log_entry(request, report, entry, AccessAction.UPDATE)
                messages.success(request, _("Entry saved."))
                return redirect("report-detail", pk=report.pk)
    _log_entry(request, report, entry, AccessAction.VIEW)
    rows = finding_rows(report_findings_list(actor=actor, report=report), city=actor.is_city_user)
    findings = rows_by_entry(rows).get(entry.pk, [])
    return render(
        request,
        "reporting/report_entry.html",
        {
            "report": report,
            "entry": entry,
            "form": form,
            "may_edit": may_edit,
            "findings": findings,
            "findings_by_date": rows_by_date(findings),
        },
    )


@login_required
@require_POST
def report_action_page(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    report: Report = get_object_or_404(report_list(actor=actor), pk=pk)
    target = report
    try:
        if action == "validate":
            findings = report_validate(user=request.user, report=report)
            messages.info(request, _("Validation found %(count)d findings.") % {"count": len(findings)})
        elif action == "submit":
            report_submit(user=request.user, report=report)
            messages.success(request, _("The report was submitted."))
        elif action == "reopen":
            form = CommentForm(request.POST)
            form.is_valid()
            target = report_reopen(user=request.user, report=report, comment=form.cleaned_data.get("comment", ""))
            messages.success(request, _("A new revision was opened for correction."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do that."))
    return redirect("report-detail", pk=target.pk)


@login_required
def gas_outcomes_page(request: HttpRequest) -> HttpResponse:
    """Mean T-scores per provider or product for one month, with n (no client is named)."""
    actor = actor_for(request.user)
    default = Period.last_complete(timezone.localdate())
    form = OutcomePeriodForm(request.GET or {"period": default, "group": "provider"})
    period, group = default, "provider"
    if form.is_valid():
        period = form.cleaned_data["period"]
        group = form.cleaned_data["group"]
    scores = gas_client_scores(actor=actor, period=period)
    return render(
        request,
        "reporting/gas_outcomes.html",
        {
            "form": form,
            "period": period,
            "group": group,
            "rows": gas_group_scores(scores, group=group),
            "overall": gas_overall(scores),
        },
    )
