"""Outcome figures in the API (docs §10): goal attainment T-scores per provider or product and month."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.period_api import PeriodSerializerField
from core.periods import Period
from reporting.gas import RHO
from reporting.outcomes import GROUPS, GroupScore, gas_client_scores, gas_group_scores, gas_overall
from suppliers.access import request_actor


def _two_decimals(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class _PeriodQuerySerializer(serializers.Serializer):
    period = PeriodSerializerField(required=False)


class GasGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    t_score = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Mean Kiresuk–Sherman T-score.")
    n = serializers.IntegerField(help_text="Client-months the mean is taken over.")


class GasOverallSerializer(serializers.Serializer):
    t_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    n = serializers.IntegerField()


class GasOutcomesSerializer(serializers.Serializer):
    period = serializers.CharField()
    group = serializers.ChoiceField(choices=[(group, group) for group in GROUPS])
    rho = serializers.FloatField()
    rows = GasGroupSerializer(many=True)
    overall = GasOverallSerializer(allow_null=True)


def _row(score: GroupScore) -> dict[str, Any]:
    return {"id": score.key, "name": score.name, "t_score": _two_decimals(score.t_score), "n": score.n}


class GasOutcomesApi(APIView):
    """Goal attainment per provider or product for one month: the mean Kiresuk–Sherman T-score and n.

    T = 50 + 10·Σwᵢxᵢ / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²), ρ = 0.3, per client and month over the goals' GAS levels
    xᵢ (−2…+2) and weights wᵢ; from the current revision of submitted and approved reports.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR, description="YYYY-MM; the previous month by default"),
            OpenApiParameter("group", OpenApiTypes.STR, enum=list(GROUPS), description="provider (default) or product"),
        ],
        responses=GasOutcomesSerializer,
    )
    def get(self, request: Request) -> Response:
        raw_period = request.query_params.get("period")
        # An empty parameter means the default month, as an absent one does.
        query = _PeriodQuerySerializer(data={"period": raw_period} if raw_period else {})
        query.is_valid(raise_exception=True)
        period = query.validated_data.get("period") or Period.last_complete(timezone.localdate())
        group = request.query_params.get("group", "provider")
        if group not in GROUPS:
            raise ValidationError({"group": ["Choose provider or product."]})
        scores = gas_client_scores(actor=request_actor(request), period=period)
        overall = gas_overall(scores)
        body = {
            "period": str(period),
            "group": group,
            "rho": RHO,
            "rows": [_row(score) for score in gas_group_scores(scores, group=group)],
            "overall": None if overall is None else {"t_score": _two_decimals(overall.t_score), "n": overall.n},
        }
        return Response(GasOutcomesSerializer(body).data)
