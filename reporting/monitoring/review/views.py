"""The review queue page, and one report's review page with return and approve."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError
from reporting.changes import change_text, report_change_list
from reporting.models import Report
from reporting.monitoring.review.forms import ReviewDecisionForm, ReviewQueueFilterForm
from reporting.monitoring.review.selectors import review_queue_dashboard
from reporting.monitoring.views import dashboard_page
from reporting.permissions import may_review_report, require_monitor
from reporting.selectors import report_entry_list, report_event_list, report_findings_list, report_list
from reporting.services import report_access_record, report_approve, report_return, report_totals
from reporting.validation.presenter import finding_rows, rows_by_entry, rows_by_severity
from suppliers.access import Actor, actor_for
from suppliers.models import AccessAction


@login_required
def review_queue_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_monitor(actor)
    form = ReviewQueueFilterForm(request.GET or None)
    dashboard = review_queue_dashboard(actor=actor, **form.filters())
    return dashboard_page(request, dashboard, filename="review-queue", context={"filter_form": form})


def _review_context(
    request: HttpRequest, actor: Actor, report: Report, form: ReviewDecisionForm | None
) -> dict[str, Any]:
    entries = list(report_entry_list(actor=actor, report=report))
    findings = finding_rows(report_findings_list(actor=actor, report=report), city=actor.is_city_user)
    per_entry = rows_by_entry(findings)
    may_decide = may_review_report(actor, report) and report.is_current
    if form is None:
        form = ReviewDecisionForm(initial={"version": report.version}, entry_ids=[entry.pk for entry in entries])
    changes = report_change_list(report=report)
    report_access_record(
        user=request.user,
        report=report,
        entries=entries,
        action=AccessAction.VIEW,
        resource="page:monitoring-review-report",
    )
    return {
        "report": report,
        "totals": report_totals(report),
        "by_severity": rows_by_severity(findings),
        "report_findings": per_entry.get(None, []),
        "entries": [
            {
                "entry": entry,
                "findings": per_entry.get(entry.pk, []),
                "comment": form.entry_field(entry.pk) if may_decide else None,
            }
            for entry in entries
        ],
        "changes": changes,
        "change_rows": [{"change": change, "text": change_text(change)} for change in changes.changes],
        "events": report_event_list(report=report),
        "form": form,
        "may_decide": may_decide,
    }


@login_required
def review_report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A report as the reviewer needs it, with the return and approve form (all or nothing)."""
    actor = actor_for(request.user)
    require_monitor(actor)
    report = get_object_or_404(report_list(actor=actor), pk=pk)
    form: ReviewDecisionForm | None = None
    status = 200
    if request.method == "POST":
        entry_ids = list(report.entries.order_by().values_list("pk", flat=True))
        form = ReviewDecisionForm(request.POST, entry_ids=entry_ids)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == ReviewDecisionForm.RETURN:
                    report_return(
                        user=request.user,
                        report=report,
                        comment=data["comment"],
                        entry_comments=form.entry_comments(),
                        version=data["version"],
                    )
                    messages.success(request, _("The report was returned to the provider."))
                else:
                    report_approve(user=request.user, report=report, comment=data["comment"], version=data["version"])
                    messages.success(request, _("The report was approved."))
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
                status = 400
            except DomainError as exc:
                form.add_error(None, str(exc.detail))
                status = exc.status_code
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You may not do that."))
                status = 403
            else:
                return redirect("monitoring-review")
        else:
            status = 400
        # Show the report as it is now (someone else may have acted), with what the reviewer wrote kept.
        report = get_object_or_404(report_list(actor=actor), pk=pk)
    return render(
        request, "reporting/monitoring/review_report.html", _review_context(request, actor, report, form), status=status
    )
