"""The review queue in the API, and what changed in a report since the city last saw it."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.selectors import service_order_list
from reporting.changes import Change, ReportChanges, change_text, report_change_list
from reporting.models import Report
from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.review.forms import ReviewQueueFilterForm
from reporting.monitoring.review.selectors import review_queue_dashboard
from reporting.monitoring.tables import dashboard_json
from reporting.permissions import require_monitor
from reporting.selectors import report_list
from suppliers.access import Actor, request_actor


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
