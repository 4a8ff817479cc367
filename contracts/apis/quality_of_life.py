"""EUROHIS-QOL 8 assessments of an order in the API (docs §5)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.apis.shared import order_access_record, visible_order
from contracts.models import QOL_ITEM_FIELDS, QualityOfLifeAssessment, QualityOfLifeKind
from contracts.selectors import quality_of_life_summary
from contracts.services import quality_of_life_record
from suppliers.models import AccessAction


class QualityOfLifeOutputSerializer(serializers.ModelSerializer):
    items = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=5), read_only=True)
    score = serializers.IntegerField(read_only=True, help_text="The sum of the eight items, 8–40.")

    class Meta:
        model = QualityOfLifeAssessment
        fields = ["id", "kind", "assessed_on", "items", "score", "recorded_at"]


class QualityOfLifeSummarySerializer(serializers.Serializer):
    start = QualityOfLifeOutputSerializer(allow_null=True)
    end = QualityOfLifeOutputSerializer(allow_null=True)
    change = serializers.IntegerField(allow_null=True, help_text="End score minus start score.")


class QualityOfLifeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QualityOfLifeKind.choices)
    assessed_on = serializers.DateField()
    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        min_length=len(QOL_ITEM_FIELDS),
        max_length=len(QOL_ITEM_FIELDS),
        help_text="The eight EUROHIS-QOL answers in order, each 1–5.",
    )


class ServiceOrderQualityOfLifeApi(APIView):
    """EUROHIS-QOL 8 at the start and the end of the order: each score (8–40) and the change."""

    @extend_schema(responses=QualityOfLifeSummarySerializer)
    def get(self, request: Request, pk: int) -> Response:
        order = visible_order(request, pk)
        order_access_record(request, order, AccessAction.VIEW, "api:service-order-quality-of-life")
        summary = quality_of_life_summary(list(order.quality_of_life.all()))
        return Response(QualityOfLifeSummarySerializer(summary).data)

    @extend_schema(request=QualityOfLifeInputSerializer, responses={201: QualityOfLifeSummarySerializer})
    def post(self, request: Request, pk: int) -> Response:
        order = visible_order(request, pk)
        payload = QualityOfLifeInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        quality_of_life_record(user=request.user, order=order, **payload.validated_data)
        order_access_record(request, order, AccessAction.UPDATE, "api:service-order-quality-of-life")
        summary = quality_of_life_summary(list(order.quality_of_life.all()))
        return Response(QualityOfLifeSummarySerializer(summary).data, status=status.HTTP_201_CREATED)
