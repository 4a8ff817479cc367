"""Payroll batches in the public API (docs §13)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.period_api import PeriodSerializerField
from reporting.filters import PayrollBatchFilter
from reporting.models import PayrollBatch, PayrollFormat
from reporting.payroll.downloads import CONTENT_TYPES, payroll_file_response
from reporting.payroll.exporters import reconciliation_rows
from reporting.payroll.permissions import require_payroll_clerk
from reporting.payroll.selectors import payroll_batch_list
from reporting.payroll.services import payroll_batch_create
from suppliers.access import request_actor
from suppliers.selectors import provider_list


class PayrollBatchOutputSerializer(serializers.ModelSerializer):
    period = PeriodSerializerField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, allow_null=True, default=None)
    format = serializers.CharField(source="payroll_format.name", read_only=True)

    class Meta:
        model = PayrollBatch
        fields = [
            "id",
            "period",
            "provider",
            "provider_name",
            "format",
            "created_at",
            "line_count",
            "total_amount",
            "xlsx_sha256",
            "csv_sha256",
        ]


class ReconciliationRowSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=["provider", "ordering_unit", "total"])
    name = serializers.CharField(allow_blank=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    lines = serializers.IntegerField()


class PayrollBatchDetailSerializer(PayrollBatchOutputSerializer):
    reconciliation = serializers.SerializerMethodField()

    class Meta(PayrollBatchOutputSerializer.Meta):
        fields = [*PayrollBatchOutputSerializer.Meta.fields, "reconciliation"]

    def get_reconciliation(self, batch: PayrollBatch) -> list[dict[str, Any]]:
        rows = [
            {"group": group, "name": name, "amount": amount, "lines": count}
            for group, name, amount, count in reconciliation_rows(batch)
        ]
        return ReconciliationRowSerializer(rows, many=True).data  # type: ignore[return-value]


class PayrollBatchCreateSerializer(serializers.Serializer):
    period = PeriodSerializerField(help_text="YYYY-MM: approved work-share money of this month and earlier.")
    provider = serializers.IntegerField(required=False, allow_null=True, help_text="Only this provider.")
    # An unknown name is bad input (400 naming the field), not a missing resource: the URL exists.
    format = serializers.SlugRelatedField(
        slug_field="name",
        queryset=PayrollFormat.objects.all(),
        required=False,
        help_text="The name of a payroll export format.",
    )


class PayrollBatchListCreateApi(generics.ListAPIView):
    """Payroll batches, for the payroll role only."""

    serializer_class = PayrollBatchOutputSerializer
    filterset_class = PayrollBatchFilter

    def get_queryset(self) -> QuerySet[PayrollBatch]:
        return payroll_batch_list(actor=request_actor(self.request))

    @extend_schema(request=PayrollBatchCreateSerializer, responses={201: PayrollBatchDetailSerializer})
    def post(self, request: Request) -> Response:
        require_payroll_clerk(request_actor(request))
        payload = PayrollBatchCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        provider = None
        if payload.validated_data.get("provider"):
            provider = get_object_or_404(
                provider_list(actor=request_actor(request)), pk=payload.validated_data["provider"]
            )
        payroll_format = payload.validated_data.get("format")
        batch = payroll_batch_create(
            user=request.user, period=payload.validated_data["period"], provider=provider, payroll_format=payroll_format
        )
        return Response(PayrollBatchDetailSerializer(batch).data, status=status.HTTP_201_CREATED)


class PayrollBatchDetailApi(APIView):
    @extend_schema(responses=PayrollBatchDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        batch = get_object_or_404(payroll_batch_list(actor=request_actor(request)), pk=pk)
        return Response(PayrollBatchDetailSerializer(batch).data)


class PayrollBatchExportApi(APIView):
    """The batch's file, byte for byte as it was made (its SHA-256 is in the batch)."""

    kind = "xlsx"

    # The media types actually sent (the same class serves both files), so clients can rely on the schema.
    @extend_schema(
        responses={
            (200, CONTENT_TYPES["xlsx"]): OpenApiResponse(OpenApiTypes.BINARY, description="The XLSX file."),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The CSV file (UTF-8 with BOM)."),
        }
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        batch = get_object_or_404(payroll_batch_list(actor=request_actor(request)), pk=pk)
        return payroll_file_response(
            user=request.user, batch=batch, kind=self.kind, resource=f"api:payroll-{self.kind}"
        )
