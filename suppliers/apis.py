from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, serializers

from suppliers.access import request_actor
from suppliers.models import Provider
from suppliers.selectors import provider_list


class ProviderOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", "name", "business_id", "email", "phone", "address", "is_active"]


class ProviderListApi(generics.ListAPIView):
    """Providers the caller may see: a provider's own staff see their provider only."""

    serializer_class = ProviderOutputSerializer
    filterset_fields = ["is_active"]

    def get_queryset(self) -> QuerySet[Provider]:
        return provider_list(actor=request_actor(self.request))


class ProviderDetailApi(generics.RetrieveAPIView):
    serializer_class = ProviderOutputSerializer

    def get_queryset(self) -> QuerySet[Provider]:
        return provider_list(actor=request_actor(self.request))
