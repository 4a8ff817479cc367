"""The monthly-report part of the public API (docs §13)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.apis.clients import ClientOutputSerializer
from contracts.selectors import contract_list
from core.period_api import PeriodSerializerField
from reporting.filters import ReportFilter
from reporting.models import AttendanceStatus, Finding, Report, ReportEntry, ReportEvent
from reporting.permissions import require_reviewer
from reporting.selectors import report_entry_list, report_event_list, report_findings_list, report_list
from reporting.services import (
    DayInput,
    ProgressInput,
    ReportHasErrors,
    report_access_record,
    report_approve,
    report_create,
    report_entry_update,
    report_reopen,
    report_return,
    report_submit,
    report_totals,
    report_update,
    report_validate,
)
from reporting.validation import FindingData, Severity
from reporting.validation.presenter import finding_rows
from suppliers.access import person_name, request_actor
from suppliers.models import AccessAction

# Output ---------------------------------------------------------------------------------------------------


class FindingOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.values)
    message = serializers.CharField()
    entry = serializers.IntegerField(source="entry_id", allow_null=True)
    date = serializers.DateField(allow_null=True)
    field = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True, help_text="Sheet and cell, for uploads (e.g. Attendance!F12).")


def findings_payload(
    findings: Iterable[FindingData | Finding], *, city: bool, locate: Callable[[Any], str] | None = None
) -> list[dict[str, Any]]:
    """Findings as the API shows them: the presenter's rows (reporting.validation.presenter), serialized."""
    rows = finding_rows(findings, city=city, locate=locate)
    return FindingOutputSerializer(rows, many=True).data  # type: ignore[return-value]


class ReportEventOutputSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    # Plain strings: as enums they would repeat the report's `state` enum under two more names in the schema.
    from_state = serializers.CharField(help_text="The state before the change; empty when the report was created.")
    to_state = serializers.CharField(help_text="The state after the change (draft, submitted, returned, approved).")

    class Meta:
        model = ReportEvent
        fields = ["at", "actor", "from_state", "to_state", "comment"]

    def get_actor(self, event: ReportEvent) -> str:
        return person_name(event.actor)


class ReportOutputSerializer(serializers.ModelSerializer):
    period = PeriodSerializerField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    totals = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "provider",
            "provider_name",
            "contract",
            "contract_number",
            "period",
            "revision",
            "previous_revision",
            "is_current",
            "state",
            "deadline",
            "invoice_number",
            "invoice_total",
            "warning_reason",
            "submitted_at",
            "submitted_late",
            "returned_at",
            "approved_at",
            "version",
            "totals",
        ]

    @extend_schema_field(
        {"type": "object", "properties": {"cost": {"type": "string"}, "work_share": {"type": "string"}}}
    )
    def get_totals(self, report: Report) -> dict[str, str]:
        # The list's selector annotates the sums (one query for the page); a single report asks for them.
        cost, work_share = getattr(report, "total_cost", None), getattr(report, "total_work_share", None)
        if cost is None or work_share is None:
            return {name: f"{value:.2f}" for name, value in report_totals(report).items()}
        totals: dict[str, Decimal] = {"cost": cost, "work_share": work_share}
        return {name: f"{value:.2f}" for name, value in totals.items()}


class ReportDetailOutputSerializer(ReportOutputSerializer):
    events = serializers.SerializerMethodField()

    class Meta(ReportOutputSerializer.Meta):
        fields = [*ReportOutputSerializer.Meta.fields, "events"]

    @extend_schema_field(ReportEventOutputSerializer(many=True))
    def get_events(self, report: Report) -> Any:
        return ReportEventOutputSerializer(report_event_list(report=report), many=True).data


class DaySerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=0, max_value=24, default=Decimal("0"))
    work_share_amount = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True)


class GoalProgressSerializer(serializers.Serializer):
    goal = serializers.IntegerField()
    level = serializers.IntegerField(min_value=-2, max_value=2)
    narrative = serializers.CharField(allow_blank=True, required=False, default="")


class ReportEntryOutputSerializer(serializers.ModelSerializer):
    client = ClientOutputSerializer(source="service_order.client", read_only=True)
    service_order = serializers.IntegerField(source="service_order_id", read_only=True)
    product = serializers.CharField(source="service_order.contract_line.product.code", read_only=True)
    order_starts_on = serializers.DateField(source="service_order.starts_on", read_only=True)
    order_ends_on = serializers.DateField(source="service_order.ends_on", read_only=True)
    days = DaySerializer(many=True, read_only=True)
    goal_progress = serializers.SerializerMethodField()

    class Meta:
        model = ReportEntry
        fields = [
            "id",
            "service_order",
            "client",
            "product",
            "order_starts_on",
            "order_ends_on",
            "units_delivered",
            "work_share_paid",
            "work_share_amount",
            "cost",
            "notes",
            "warning_reason",
            "return_comment",
            "days",
            "goal_progress",
            "version",
        ]

    @extend_schema_field(GoalProgressSerializer(many=True))
    def get_goal_progress(self, entry: ReportEntry) -> list[dict[str, Any]]:
        return [
            {"goal": item.goal_id, "level": item.level, "narrative": item.narrative}
            for item in entry.goal_progress.all()
        ]


# Input ----------------------------------------------------------------------------------------------------


class ReportCreateSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    period = PeriodSerializerField(help_text="YYYY-MM")


class ReportUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    invoice_number = serializers.CharField(max_length=60, allow_blank=True, required=False)
    invoice_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, allow_null=True, required=False
    )
    warning_reason = serializers.CharField(allow_blank=True, required=False)


class ReportEntryUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read; a stale one gets 409.")
    units_delivered = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False)
    work_share_paid = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, allow_null=True, required=False
    )
    notes = serializers.CharField(allow_blank=True, required=False)
    warning_reason = serializers.CharField(allow_blank=True, required=False)
    days = DaySerializer(many=True, required=False, help_text="Replaces the entry's attendance days.")
    goal_progress = GoalProgressSerializer(many=True, required=False, help_text="Replaces the entry's progress.")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, required=False, default="")


_REVIEWED_VERSION_HELP = (
    "The report's version you reviewed; if it changed since (returned and sent again), the decision gets 409."
)


class ApproveSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_REVIEWED_VERSION_HELP)
    comment = serializers.CharField(allow_blank=True, required=False, default="")


class ReturnSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_REVIEWED_VERSION_HELP)
    comment = serializers.CharField(allow_blank=True, required=False, default="")
    entry_comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Comments per entry id: what to correct.",
    )


class FindingsResponseSerializer(serializers.Serializer):
    findings = FindingOutputSerializer(many=True)


class ErrorWithFindingsSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    findings = FindingOutputSerializer(many=True)


# Views ----------------------------------------------------------------------------------------------------


def _visible_report(request: Request, pk: int) -> Report:
    return get_object_or_404(report_list(actor=request_actor(request)), pk=pk)


def _log_entries(request: Request, entries: list[ReportEntry], *, action: str, resource: str, report: Report) -> None:
    report_access_record(user=request.user, report=report, entries=entries, action=action, resource=resource)


class ReportListCreateApi(generics.ListAPIView):
    """Monthly reports the caller may see; providers create the month's draft with `contract` and `period`."""

    serializer_class = ReportOutputSerializer
    filterset_class = ReportFilter

    def get_queryset(self) -> QuerySet[Report]:
        return report_list(actor=request_actor(self.request))

    @extend_schema(
        request=ReportCreateSerializer,
        responses={201: ReportDetailOutputSerializer, 200: ReportDetailOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        payload = ReportCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        contract = get_object_or_404(contract_list(actor=request_actor(request)), pk=payload.validated_data["contract"])
        report, created = report_create(user=request.user, contract=contract, period=payload.validated_data["period"])
        return Response(
            ReportDetailOutputSerializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class ReportDetailApi(APIView):
    @extend_schema(responses=ReportDetailOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ReportDetailOutputSerializer(_visible_report(request, pk)).data)

    @extend_schema(request=ReportUpdateSerializer, responses=ReportDetailOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        report = _visible_report(request, pk)
        payload = ReportUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        version = changes.pop("version")
        report = report_update(user=request.user, report=report, version=version, **changes)
        return Response(ReportDetailOutputSerializer(report).data)


class ReportEntryListApi(APIView):
    @extend_schema(responses=ReportEntryOutputSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        report = _visible_report(request, pk)
        entries = list(report_entry_list(actor=request_actor(request), report=report))
        _log_entries(request, entries, action=AccessAction.LIST, resource="api:report-entry-list", report=report)
        return Response(ReportEntryOutputSerializer(entries, many=True).data)


class ReportEntryDetailApi(APIView):
    def _entry(self, request: Request, pk: int, entry_id: int) -> tuple[Report, ReportEntry]:
        report = _visible_report(request, pk)
        entry = get_object_or_404(report_entry_list(actor=request_actor(request), report=report), pk=entry_id)
        return report, entry

    @extend_schema(responses=ReportEntryOutputSerializer)
    def get(self, request: Request, pk: int, entry_id: int) -> Response:
        report, entry = self._entry(request, pk, entry_id)
        _log_entries(request, [entry], action=AccessAction.VIEW, resource="api:report-entry-detail", report=report)
        return Response(ReportEntryOutputSerializer(entry).data)

    @extend_schema(request=ReportEntryUpdateSerializer, responses=ReportEntryOutputSerializer)
    def patch(self, request: Request, pk: int, entry_id: int) -> Response:
        report, entry = self._entry(request, pk, entry_id)
        payload = ReportEntryUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        version = data.pop("version")
        days = data.pop("days", None)
        progress = data.pop("goal_progress", None)
        report_entry_update(
            user=request.user,
            entry=entry,
            version=version,
            days=None if days is None else [DayInput(d["date"], d["status"], d["hours"]) for d in days],
            goal_progress=None
            if progress is None
            else [ProgressInput(p["goal"], p["level"], p.get("narrative", "")) for p in progress],
            **data,
        )
        _, entry = self._entry(request, pk, entry_id)
        _log_entries(request, [entry], action=AccessAction.UPDATE, resource="api:report-entry-detail", report=report)
        return Response(ReportEntryOutputSerializer(entry).data)


class ReportValidateApi(APIView):
    @extend_schema(request=None, responses=FindingsResponseSerializer)
    def post(self, request: Request, pk: int) -> Response:
        report = _visible_report(request, pk)
        findings = report_validate(user=request.user, report=report)
        return Response({"findings": findings_payload(findings, city=request_actor(request).is_city_user)})


class ReportFindingsApi(APIView):
    @extend_schema(responses=FindingsResponseSerializer)
    def get(self, request: Request, pk: int) -> Response:
        report = _visible_report(request, pk)
        actor = request_actor(request)
        rows = report_findings_list(actor=actor, report=report)
        return Response({"findings": findings_payload(rows, city=actor.is_city_user)})


class ReportSubmitApi(APIView):
    @extend_schema(
        request=None,
        responses={200: ReportDetailOutputSerializer, 400: ErrorWithFindingsSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _visible_report(request, pk)
        try:
            report = report_submit(user=request.user, report=report)
        except ReportHasErrors as exc:
            return Response(
                {
                    "code": exc.code,
                    "detail": str(exc.detail),
                    "findings": findings_payload(exc.findings, city=request_actor(request).is_city_user),
                },
                status=exc.status_code,
            )
        return Response(ReportDetailOutputSerializer(report).data)


class ReportReturnApi(APIView):
    @extend_schema(request=ReturnSerializer, responses=ReportDetailOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        report = _visible_report(request, pk)
        # Who may comes before what was sent: someone who may not review learns nothing from a 400.
        require_reviewer(request_actor(request))
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            entry_comments = {int(key): value for key, value in payload.validated_data["entry_comments"].items()}
        except ValueError as exc:
            raise serializers.ValidationError({"entry_comments": ["Keys are entry ids."]}) from exc
        report = report_return(
            user=request.user,
            report=report,
            comment=payload.validated_data["comment"],
            entry_comments=entry_comments,
            version=payload.validated_data["version"],
        )
        return Response(ReportDetailOutputSerializer(report).data)


class ReportApproveApi(APIView):
    @extend_schema(request=ApproveSerializer, responses=ReportDetailOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        report = _visible_report(request, pk)
        require_reviewer(request_actor(request))
        payload = ApproveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = report_approve(
            user=request.user,
            report=report,
            comment=payload.validated_data["comment"],
            version=payload.validated_data["version"],
        )
        return Response(ReportDetailOutputSerializer(report).data)


class ReportReopenApi(APIView):
    @extend_schema(
        request=CommentSerializer,
        responses={201: OpenApiResponse(ReportDetailOutputSerializer, description="The new draft revision.")},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _visible_report(request, pk)
        payload = CommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        revision = report_reopen(user=request.user, report=report, comment=payload.validated_data["comment"])
        return Response(ReportDetailOutputSerializer(revision).data, status=status.HTTP_201_CREATED)
