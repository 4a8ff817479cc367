"""The contracts part of the public API (SPEC §13): catalogue, contracts, service orders and clients."""

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

from contracts.filters import ContractFilter, ProductFilter, ServiceOrderFilter
from contracts.models import (
    Contract,
    ContractLine,
    ContractLinePrice,
    Goal,
    OrderingUnit,
    Procurement,
    Product,
    ServiceOrder,
    WorkShareRate,
)
from contracts.selectors import (
    client_list,
    contract_line_list,
    contract_list,
    ordering_unit_list,
    product_list,
    service_order_list,
    work_share_rate_list,
)
from contracts.services import service_order_create, service_order_update
from portal.api import request_actor
from suppliers.models import AccessAction, Client, Provider
from suppliers.services import client_access_record

User = get_user_model()


# Output shapes -------------------------------------------------------------------------------------------


class ProductOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    # Separate contracts and purchases have no procurement: the schema must say the field may be null.
    procurement: serializers.SlugRelatedField[Procurement] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )

    class Meta:
        model = Product
        fields = [
            "id",
            "code",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "procurement",
            "category",
            "unit",
            "purchase_kind",
            "includes_social_rehabilitation",
            "earns_work_share",
            "is_youth",
            "is_housing",
            "max_daily_hours",
            "youth_age_limit",
            "is_active",
        ]


class PriceOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractLinePrice
        fields = ["unit_price", "valid_from", "valid_to"]


class ContractLineOutputSerializer(serializers.ModelSerializer):
    product: serializers.SlugRelatedField[Product] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    prices = PriceOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ContractLine
        fields = ["id", "product", "capacity", "prices"]


class ContractOutputSerializer(serializers.ModelSerializer):
    provider: serializers.PrimaryKeyRelatedField[Provider] = serializers.PrimaryKeyRelatedField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    # Separate contracts and purchases have no procurement: the schema must say the field may be null.
    procurement: serializers.SlugRelatedField[Procurement] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    lines = ContractLineOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "title",
            "provider",
            "provider_name",
            "procurement",
            "purchase_kind",
            "starts_on",
            "ends_on",
            "report_due_day",
            "lines",
        ]


class OrderingUnitOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = OrderingUnit
        fields = ["id", "code", "name", "name_fi", "name_sv", "name_en", "may_order_tendered"]


class WorkShareRateOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkShareRate
        fields = ["id", "amount_per_hour", "effective_from", "decision_reference"]


class ClientOutputSerializer(serializers.ModelSerializer):
    """Never the full identity code: only its masked form (SPEC §11)."""

    identity_code_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Client
        fields = ["id", "first_name", "last_name", "identity_code_masked", "language"]


class GoalOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = [
            "id",
            "area",
            "description",
            "baseline",
            "level_minus_2",
            "level_minus_1",
            "level_0",
            "level_plus_1",
            "level_plus_2",
            "weight",
            "target_date",
        ]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user: Any) -> str:
        return user.get_full_name() or user.get_username()


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


# Input shapes --------------------------------------------------------------------------------------------


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


class ProductListApi(generics.ListAPIView):
    serializer_class = ProductOutputSerializer
    filterset_class = ProductFilter

    def get_queryset(self) -> QuerySet[Product]:
        return product_list(actor=request_actor(self.request))


class ProductDetailApi(generics.RetrieveAPIView):
    serializer_class = ProductOutputSerializer

    def get_queryset(self) -> QuerySet[Product]:
        return product_list(actor=request_actor(self.request))


class ContractListApi(generics.ListAPIView):
    serializer_class = ContractOutputSerializer
    filterset_class = ContractFilter

    def get_queryset(self) -> QuerySet[Contract]:
        return contract_list(actor=request_actor(self.request))


class ContractDetailApi(generics.RetrieveAPIView):
    serializer_class = ContractOutputSerializer

    def get_queryset(self) -> QuerySet[Contract]:
        return contract_list(actor=request_actor(self.request))


class OrderingUnitListApi(generics.ListAPIView):
    serializer_class = OrderingUnitOutputSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[OrderingUnit]:
        return ordering_unit_list(actor=request_actor(self.request))


class WorkShareRateListApi(generics.ListAPIView):
    serializer_class = WorkShareRateOutputSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[WorkShareRate]:
        return work_share_rate_list(actor=request_actor(self.request))


class ServiceOrderListCreateApi(generics.ListAPIView):
    """Service orders the caller may see; city roles create them (SPEC §4)."""

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
        client_access_record(
            user=request.user,
            client_ids=[order.client_id],
            action=AccessAction.CREATE,
            resource="api:service-order-list",
            object_ref=f"service_order:{order.pk}",
        )
        order = service_order_list(actor=actor).get(pk=order.pk)
        return Response(ServiceOrderOutputSerializer(order).data, status=status.HTTP_201_CREATED)


class ServiceOrderDetailApi(generics.RetrieveAPIView):
    serializer_class = ServiceOrderOutputSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[ServiceOrder]:
        return service_order_list(actor=request_actor(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        client_access_record(
            user=request.user,
            client_ids=[order.client_id],
            action=AccessAction.VIEW,
            resource="api:service-order-detail",
            object_ref=f"service_order:{order.pk}",
        )
        return Response(self.get_serializer(order).data)

    @extend_schema(request=ServiceOrderUpdateSerializer, responses={200: ServiceOrderOutputSerializer})
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        payload = ServiceOrderUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        version = changes.pop("version")
        order = service_order_update(user=request.user, order=order, version=version, **changes)
        client_access_record(
            user=request.user,
            client_ids=[order.client_id],
            action=AccessAction.UPDATE,
            resource="api:service-order-detail",
            object_ref=f"service_order:{order.pk}",
        )
        order = self.get_queryset().get(pk=order.pk)
        return Response(self.get_serializer(order).data)


class ClientListApi(generics.ListAPIView):
    """Clients the caller may see; a provider sees a client only through a visible order with it."""

    serializer_class = ClientOutputSerializer

    def get_queryset(self) -> QuerySet[Client]:
        return client_list(actor=request_actor(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page or [])
        client_access_record(
            user=request.user,
            client_ids=[client.pk for client in rows],
            action=AccessAction.LIST,
            resource="api:client-list",
        )
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class ClientDetailApi(generics.RetrieveAPIView):
    serializer_class = ClientOutputSerializer

    def get_queryset(self) -> QuerySet[Client]:
        return client_list(actor=request_actor(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        client = self.get_object()
        client_access_record(
            user=request.user,
            client_ids=[client.pk],
            action=AccessAction.VIEW,
            resource="api:client-detail",
            object_ref=f"client:{client.pk}",
        )
        return Response(self.get_serializer(client).data)
