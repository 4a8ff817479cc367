"""The employment path in the API (docs §6): propose, decide, goals, progress, close and verify."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.apis.evidence import EvidenceOutputSerializer
from contracts.apis.shared import PersonSerializer, order_access_record, visible_order, visible_path
from contracts.models import EmploymentPath, EmploymentPathGoal, EmploymentPathOutcome, EmploymentPathProgress
from contracts.selectors import employment_path_list
from contracts.services import (
    employment_path_close,
    employment_path_decide,
    employment_path_goal_add,
    employment_path_progress_record,
    employment_path_propose,
    employment_path_verify,
)
from core.period_api import PeriodSerializerField
from suppliers.access import request_actor
from suppliers.models import AccessAction


class PathGoalOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmploymentPathGoal
        fields = ["id", "description", "achieved"]


class PathProgressOutputSerializer(serializers.ModelSerializer):
    period = PeriodSerializerField(read_only=True)

    class Meta:
        model = EmploymentPathProgress
        fields = ["period", "narrative", "recorded_at"]


class EmploymentPathOutputSerializer(serializers.ModelSerializer):
    proposed_by = PersonSerializer(read_only=True)
    decided_by = PersonSerializer(read_only=True, allow_null=True)
    closed_by = PersonSerializer(read_only=True, allow_null=True)
    verified_by = PersonSerializer(read_only=True, allow_null=True)
    max_months = serializers.IntegerField(source="service_order.contract_line.product.employment_path_max_months")
    goals = PathGoalOutputSerializer(many=True, read_only=True)
    progress = PathProgressOutputSerializer(many=True, read_only=True)
    evidence = EvidenceOutputSerializer(many=True, read_only=True)

    class Meta:
        model = EmploymentPath
        fields = [
            "id",
            "service_order",
            "state",
            "justification",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "starts_on",
            "ends_on",
            "max_months",
            "outcome",
            "outcome_description",
            "closed_by",
            "closed_at",
            "verified_by",
            "verified_at",
            "verification_comment",
            "goals",
            "progress",
            "evidence",
            "version",
        ]


class PathProposeSerializer(serializers.Serializer):
    justification = serializers.CharField(
        allow_blank=True, help_text="The client's strengths and successes in the current service."
    )
    goals = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class PathDecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PathGoalInputSerializer(serializers.Serializer):
    description = serializers.CharField()


class PathProgressInputSerializer(serializers.Serializer):
    period = PeriodSerializerField(help_text="YYYY-MM")
    narrative = serializers.CharField()


class PathCloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=EmploymentPathOutcome.choices)
    outcome_description = serializers.CharField(required=False, allow_blank=True, default="")
    achieved_goals = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class PathVerifySerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _path_response(request: Request, path: EmploymentPath, action: str, resource: str, code: int = 200) -> Response:
    path = employment_path_list(actor=request_actor(request)).get(pk=path.pk)
    order_access_record(request, path.service_order, action, resource, f"employment_path:{path.pk}")
    return Response(EmploymentPathOutputSerializer(path).data, status=code)


class ServiceOrderEmploymentPathApi(APIView):
    """The order's employment paths; the provider proposes one with a written justification."""

    @extend_schema(responses=EmploymentPathOutputSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        order = visible_order(request, pk)
        paths = employment_path_list(actor=request_actor(request)).filter(service_order=order)
        order_access_record(request, order, AccessAction.VIEW, "api:service-order-employment-paths")
        return Response(EmploymentPathOutputSerializer(paths, many=True).data)

    @extend_schema(request=PathProposeSerializer, responses={201: EmploymentPathOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        order = visible_order(request, pk)
        payload = PathProposeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        path = employment_path_propose(user=request.user, order=order, **payload.validated_data)
        return _path_response(
            request, path, AccessAction.CREATE, "api:service-order-employment-paths", status.HTTP_201_CREATED
        )


class EmploymentPathDetailApi(APIView):
    @extend_schema(responses=EmploymentPathOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _path_response(request, visible_path(request, pk), AccessAction.VIEW, "api:employment-path-detail")


class EmploymentPathDecideApi(APIView):
    """The city accepts the proposal (with a term within the product's maximum length) or declines it."""

    @extend_schema(request=PathDecideSerializer, responses=EmploymentPathOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = visible_path(request, pk)
        payload = PathDecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        path = employment_path_decide(
            user=request.user,
            path=path,
            accept=data["decision"] == "accept",
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            comment=data["comment"],
        )
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-decide")


class EmploymentPathGoalApi(APIView):
    @extend_schema(request=PathGoalInputSerializer, responses={201: EmploymentPathOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        path = visible_path(request, pk)
        payload = PathGoalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        employment_path_goal_add(user=request.user, path=path, **payload.validated_data)
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-goals", status.HTTP_201_CREATED)


class EmploymentPathProgressApi(APIView):
    """The provider's monthly note on the path; the same month again replaces it."""

    @extend_schema(request=PathProgressInputSerializer, responses=EmploymentPathOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = visible_path(request, pk)
        payload = PathProgressInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        employment_path_progress_record(user=request.user, path=path, **payload.validated_data)
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-progress")


class EmploymentPathCloseApi(APIView):
    """The provider closes the path with its outcome; refused without evidence or past the maximum length."""

    @extend_schema(request=PathCloseSerializer, responses=EmploymentPathOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = visible_path(request, pk)
        payload = PathCloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        path = employment_path_close(
            user=request.user,
            path=path,
            outcome=data["outcome"],
            outcome_description=data["outcome_description"],
            achieved_goal_ids=data["achieved_goals"],
        )
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-close")


class EmploymentPathVerifyApi(APIView):
    @extend_schema(request=PathVerifySerializer, responses=EmploymentPathOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = visible_path(request, pk)
        payload = PathVerifySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        path = employment_path_verify(user=request.user, path=path, comment=payload.validated_data["comment"])
        return _path_response(request, path, AccessAction.UPDATE, "api:employment-path-verify")
