"""The order's GAS goals in the API (docs §5)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.apis.shared import order_access_record, visible_order
from contracts.models import GOAL_INPUT_FIELDS, Goal
from contracts.selectors import goal_list
from contracts.services import goal_create, goal_update
from suppliers.access import request_actor
from suppliers.models import AccessAction


class GoalOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", *GOAL_INPUT_FIELDS]


class GoalInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = list(GOAL_INPUT_FIELDS)
        extra_kwargs = {"weight": {"min_value": 1}}


class ServiceOrderGoalListCreateApi(APIView):
    """The order's goals; the city's workers of the ordering unit set them with the client and provider."""

    @extend_schema(responses=GoalOutputSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        order = visible_order(request, pk)
        order_access_record(request, order, AccessAction.VIEW, "api:service-order-goals")
        return Response(GoalOutputSerializer(order.goals.all(), many=True).data)

    @extend_schema(request=GoalInputSerializer, responses={201: GoalOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        order = visible_order(request, pk)
        payload = GoalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        goal = goal_create(user=request.user, order=order, **payload.validated_data)
        order_access_record(request, order, AccessAction.CREATE, "api:service-order-goals", f"goal:{goal.pk}")
        return Response(GoalOutputSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalDetailApi(APIView):
    @extend_schema(responses=GoalOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        goal = get_object_or_404(goal_list(actor=request_actor(request)), pk=pk)
        order_access_record(request, goal.service_order, AccessAction.VIEW, "api:goal-detail", f"goal:{goal.pk}")
        return Response(GoalOutputSerializer(goal).data)

    @extend_schema(request=GoalInputSerializer(partial=True), responses=GoalOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        goal = get_object_or_404(goal_list(actor=request_actor(request)), pk=pk)
        payload = GoalInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        goal = goal_update(user=request.user, goal=goal, **payload.validated_data)
        order_access_record(request, goal.service_order, AccessAction.UPDATE, "api:goal-detail", f"goal:{goal.pk}")
        return Response(GoalOutputSerializer(goal).data)
