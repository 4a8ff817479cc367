"""Service orders in the API (docs §4): city roles create and change them, providers read theirs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from contracts.apis.clients import ClientOutputSerializer
from contracts.apis.goals import GoalOutputSerializer
from contracts.apis.shared import PersonSerializer, order_access_record
from contracts.filters import ServiceOrderFilter
from contracts.models import ContractLine, OrderingUnit, ServiceOrder
from contracts.selectors import contract_line_list, service_order_list
from contracts.services import service_order_create, service_order_update
from suppliers.access import request_actor
from suppliers.models import AccessAction, Provider
from suppliers.services import client_access_record

User = get_user_model()


class ServiceOrderOutputSerializer(serializers.ModelSerializer):
    client = ClientOutputSerializer(read_only=True)
    ordering_unit: serializers.SlugRelatedField[OrderingUnit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    provider: serializers.PrimaryKeyRelatedField[Provider] = serializers.PrimaryKeyRelatedField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    contract = serializers.IntegerField(source="contract_line.contract_id", read_only=True)
    contract_number = serializers.CharField(source="contract_line.contract.number", read_only=True)
    product = serializers.CharField(source="contract_line.product.code", read_only=True)
    responsible_worker = PersonSerializer(read_only=True)
    goals = GoalOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceOrder
        fields = [
            "id",
            "client",
            "ordering_unit",
            "provider",
            "provider_name",
            "contract",
            "contract_number",
            "contract_line",
            "product",
            "starts_on",
            "ends_on",
            "planned_volume",
            "decision_number",
            "responsible_worker",
            "goals",
            "version",
            "created_at",
            "updated_at",
        ]


class ServiceOrderCreateSerializer(serializers.Serializer):
    client_identity_code = serializers.CharField(max_length=11, write_only=True)
    client_first_name = serializers.CharField(max_length=100)
    client_last_name = serializers.CharField(max_length=100)
    ordering_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrderingUnit.objects.all())
    contract_line = serializers.PrimaryKeyRelatedField(queryset=ContractLine.objects.all())
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    planned_volume = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)
    decision_number = serializers.CharField(max_length=60)
    responsible_worker = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)

    def validate_contract_line(self, line: ContractLine) -> ContractLine:
        # Lines the caller may not see answer exactly like lines that do not exist.
        request = self.context["request"]
        if not contract_line_list(actor=request_actor(request)).filter(pk=line.pk).exists():
            raise serializers.ValidationError(
                self.fields["contract_line"].error_messages["does_not_exist"].format(pk_value=line.pk)
            )
        return line


class ServiceOrderUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read; a stale one gets 409.")
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    planned_volume = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False)
    decision_number = serializers.CharField(max_length=60, required=False)
    responsible_worker = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)


# Views ---------------------------------------------------------------------------------------------------


class ServiceOrderListCreateApi(generics.ListAPIView):
    """Service orders the caller may see; city roles create them (docs §4)."""

    serializer_class = ServiceOrderOutputSerializer
    filterset_class = ServiceOrderFilter

    def get_queryset(self) -> QuerySet[ServiceOrder]:
        return service_order_list(actor=request_actor(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        client_access_record(
            user=request.user,
            client_ids=[order.client_id for order in rows],
            action=AccessAction.LIST,
            resource="api:service-order-list",
        )
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=ServiceOrderCreateSerializer, responses={201: ServiceOrderOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.is_city_user:
            raise PermissionDenied(_("Only city employees can create service orders."))
        payload = ServiceOrderCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        order = service_order_create(user=request.user, **payload.validated_data)
        order_access_record(request, order, AccessAction.CREATE, "api:service-order-list")
        order = service_order_list(actor=actor).get(pk=order.pk)
        return Response(ServiceOrderOutputSerializer(order).data, status=status.HTTP_201_CREATED)


class ServiceOrderDetailApi(generics.RetrieveAPIView):
    serializer_class = ServiceOrderOutputSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[ServiceOrder]:
        return service_order_list(actor=request_actor(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        order_access_record(request, order, AccessAction.VIEW, "api:service-order-detail")
        return Response(self.get_serializer(order).data)

    @extend_schema(request=ServiceOrderUpdateSerializer, responses={200: ServiceOrderOutputSerializer})
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        payload = ServiceOrderUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        version = changes.pop("version")
        order = service_order_update(user=request.user, order=order, version=version, **changes)
        order_access_record(request, order, AccessAction.UPDATE, "api:service-order-detail")
        order = self.get_queryset().get(pk=order.pk)
        return Response(self.get_serializer(order).data)
