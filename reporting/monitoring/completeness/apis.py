"""The completeness dashboard in the API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.period_api import PeriodSerializerField
from reporting.monitoring.apis import DashboardSerializer
from reporting.monitoring.completeness.forms import month_window
from reporting.monitoring.completeness.selectors import completeness_dashboard
from reporting.monitoring.tables import dashboard_json
from reporting.permissions import require_monitor
from suppliers.access import actor_for
from suppliers.models import Provider


class CompletenessApi(APIView):
    """The completeness and timeliness dashboard: expected, submitted, on-time, returned and approved
    reports per provider and month, rates per month, totals per provider (see the definitions in the
    README). `from` and `to` are months (YYYY-MM); by default the last twelve months whose reports are due."""

    class FilterSerializer(serializers.Serializer):
        # "from" is a keyword: the field is declared under its public name below.
        to = PeriodSerializerField(required=False)
        provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all(), required=False)
        contract = serializers.IntegerField(required=False, min_value=1)

        def get_fields(self) -> dict[str, serializers.Field]:
            fields = super().get_fields()
            fields["from"] = PeriodSerializerField(required=False)
            return fields

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            try:
                attrs["window"] = month_window(attrs.get("from"), attrs.get("to"))
            except ValidationError as exc:
                raise serializers.ValidationError({"to": exc.messages}) from exc
            return attrs

    @extend_schema(
        operation_id="monitoring_completeness",
        parameters=[
            OpenApiParameter("from", str, description="First month, YYYY-MM."),
            OpenApiParameter("to", str, description="Last month, YYYY-MM."),
            OpenApiParameter("provider", int, description="One provider's id."),
            OpenApiParameter("contract", int, description="One contract's id."),
        ],
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_for(request.user)
        require_monitor(actor)
        serializer = self.FilterSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        first, last = serializer.validated_data["window"]
        provider = serializer.validated_data.get("provider")
        dashboard = completeness_dashboard(
            actor=actor,
            first=first,
            last=last,
            provider_id=provider.pk if provider is not None else None,
            contract_id=serializer.validated_data.get("contract"),
        )
        return Response(dashboard_json(dashboard))
