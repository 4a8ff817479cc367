"""The catalogue in the API (docs §13): products, ordering units and work-share rates."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, serializers

from contracts.filters import ProductFilter
from contracts.models import OrderingUnit, Procurement, Product, WorkShareRate
from contracts.selectors import ordering_unit_list, product_list, work_share_rate_list
from suppliers.access import request_actor


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


class OrderingUnitOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = OrderingUnit
        fields = ["id", "code", "name", "name_fi", "name_sv", "name_en", "may_order_tendered"]


class WorkShareRateOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkShareRate
        fields = ["id", "amount_per_hour", "effective_from", "decision_reference"]


class ProductListApi(generics.ListAPIView):
    serializer_class = ProductOutputSerializer
    filterset_class = ProductFilter

    def get_queryset(self) -> QuerySet[Product]:
        return product_list(actor=request_actor(self.request))


class ProductDetailApi(generics.RetrieveAPIView):
    serializer_class = ProductOutputSerializer

    def get_queryset(self) -> QuerySet[Product]:
        return product_list(actor=request_actor(self.request))


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
