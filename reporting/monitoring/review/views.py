"""The review queue (page and API), one report's review page with return and approve, and what changed in a
report since the city last saw it (API)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.selectors import service_order_list
from core.errors import DomainError
from reporting.changes import Change, ReportChanges, change_text, report_change_list
from reporting.models import Report, ReportState
from reporting.monitoring.access import require_monitor
from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.review.forms import ReviewDecisionForm, ReviewQueueFilterForm
from reporting.monitoring.review.selectors import review_queue_dashboard
from reporting.monitoring.tables import dashboard_json
from reporting.monitoring.views import dashboard_page
from reporting.selectors import report_entry_list, report_event_list, report_findings_list, report_list
from reporting.services import report_approve, report_return, report_totals
from reporting.views import _finding_rows
from suppliers.access import Actor, actor_for, request_actor
from suppliers.models import AccessAction
from suppliers.services import client_access_record

SEVERITIES = ("error", "warning", "city_warning")


# The queue ------------------------------------------------------------------------------------------------


@login_required
def review_queue_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_monitor(actor)
    form = ReviewQueueFilterForm(request.GET or None)
    dashboard = review_queue_dashboard(actor=actor, **form.filters())
    return dashboard_page(request, dashboard, filename="review-queue", context={"filter_form": form})


class ReviewQueueApi(APIView):
    """Submitted reports waiting for review, oldest first, with their findings by severity (contract monitors)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("provider", OpenApiTypes.INT, description="Only this provider's reports."),
            OpenApiParameter("min_age", OpenApiTypes.INT, description="Only reports waiting at least this many days."),
        ],
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        require_monitor(actor)
        form = ReviewQueueFilterForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: [str(error) for error in errors] for name, errors in form.errors.items()}
            )
        return Response(dashboard_json(review_queue_dashboard(actor=actor, **form.filters())))


# One report -----------------------------------------------------------------------------------------------


def _review_context(
    request: HttpRequest, actor: Actor, report: Report, form: ReviewDecisionForm | None
) -> dict[str, Any]:
    entries = list(report_entry_list(actor=actor, report=report))
    findings = _finding_rows(report_findings_list(actor=actor, report=report))
    per_entry: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        per_entry[finding["entry_id"]].append(finding)
    may_decide = report.state == ReportState.SUBMITTED and report.is_current
    if form is None:
        form = ReviewDecisionForm(initial={"version": report.version}, entry_ids=[entry.pk for entry in entries])
    changes = report_change_list(report=report)
    client_access_record(
        user=request.user,
        client_ids=[entry.service_order.client_id for entry in entries],
        action=AccessAction.VIEW,
        resource="page:monitoring-review-report",
        object_ref=f"report:{report.pk}",
    )
    return {
        "report": report,
        "totals": report_totals(report),
        "by_severity": [
            {"severity": severity, "findings": [row for row in findings if row["severity"] == severity]}
            for severity in SEVERITIES
        ],
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


# What changed (API) ---------------------------------------------------------------------------------------


class ChangeSerializer(serializers.Serializer):
    # A plain string: as an enum it would collide in the schema with the other fields named `kind`.
    kind = serializers.CharField(
        help_text="entry_added, entry_removed, units, day, goal, cost, work_share or invoice_total."
    )
    entry = serializers.IntegerField(allow_null=True, help_text="The entry's id in this report (or the old one).")
    service_order = serializers.IntegerField(allow_null=True)
    decision_number = serializers.CharField(allow_blank=True)
    subject = serializers.CharField(allow_blank=True, help_text="The day (YYYY-MM-DD) or the goal id.")
    old = serializers.JSONField(
        allow_null=True, help_text="A day is [status, hours]; a goal level −2…+2; else a decimal."
    )
    new = serializers.JSONField(allow_null=True)
    message = serializers.CharField()


class ReportChangesSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    basis = serializers.ChoiceField(
        choices=["returned_submission", "previous_revision", "none", "not_kept"],
        help_text="returned_submission: compared with what was submitted before the latest return; "
        "previous_revision: with the revision this correction replaces; none: nothing to compare with.",
    )
    compared_report = serializers.IntegerField(allow_null=True)
    compared_revision = serializers.IntegerField(allow_null=True)
    compared_submitted_at = serializers.DateTimeField(allow_null=True)
    changes = ChangeSerializer(many=True)


def _change_payload(change: Change) -> dict[str, Any]:
    return {
        "kind": str(change.kind),
        "entry": change.entry_id,
        "service_order": change.service_order_id,
        "decision_number": change.decision_number,
        "subject": change.subject,
        "old": change.old,
        "new": change.new,
        "message": change_text(change),
    }


def _visible_changes(actor: Actor, report: Report, found: ReportChanges) -> list[Change]:
    """A social worker sees the changes of their own clients' entries only (as they see the entries)."""
    if actor.sees_all_clients or (actor.is_provider_user and report.provider_id in actor.provider_ids):
        return found.changes
    visible = set(
        service_order_list(actor=actor)
        .filter(pk__in={c.service_order_id for c in found.changes})
        .values_list("pk", flat=True)
    )
    return [change for change in found.changes if change.service_order_id is None or change.service_order_id in visible]


class ReportChangesApi(APIView):
    """What changed in a report since the city last saw it: after a return, since the submission that was
    returned; for a correction, since the previous revision. Entries by id and decision number (no client)."""

    @extend_schema(responses=ReportChangesSerializer)
    def get(self, request: Request, pk: int) -> Response:
        actor = request_actor(request)
        report = get_object_or_404(report_list(actor=actor), pk=pk)
        found = report_change_list(report=report)
        body = {
            "report": report.pk,
            "basis": str(found.basis),
            "compared_report": found.compared_report_id,
            "compared_revision": found.compared_revision,
            "compared_submitted_at": found.compared_submitted_at,
            "changes": [_change_payload(change) for change in _visible_changes(actor, report, found)],
        }
        return Response(ReportChangesSerializer(body).data)


# Pages, included under the site root by reporting/monitoring/urls.py.
urlpatterns: list[URLPattern] = [
    path("monitoring/review/", review_queue_page, name="monitoring-review"),
    path("monitoring/review/<int:pk>/", review_report_page, name="monitoring-review-report"),
]
# API views, included under /api/v1/ (namespace "api") by portal/api_urls.py.
api_urlpatterns: list[URLPattern] = [
    path("monitoring/review-queue/", ReviewQueueApi.as_view(), name="monitoring-review-queue"),
    path("reports/<int:pk>/changes/", ReportChangesApi.as_view(), name="report-changes"),
]
