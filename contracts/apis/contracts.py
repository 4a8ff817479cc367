"""Contracts in the API (docs §13): each with its lines and their prices."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, serializers

from contracts.filters import ContractFilter
from contracts.models import Contract, ContractLine, ContractLinePrice, Procurement, Product
from contracts.selectors import contract_list
from suppliers.access import request_actor
from suppliers.models import Provider


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


class ContractListApi(generics.ListAPIView):
    serializer_class = ContractOutputSerializer
    filterset_class = ContractFilter

    def get_queryset(self) -> QuerySet[Contract]:
        return contract_list(actor=request_actor(self.request))


class ContractDetailApi(generics.RetrieveAPIView):
    serializer_class = ContractOutputSerializer

    def get_queryset(self) -> QuerySet[Contract]:
        return contract_list(actor=request_actor(self.request))
