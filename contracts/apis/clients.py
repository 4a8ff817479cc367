"""Clients in the API: only through a visible order, never the full identity code (docs §11)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from contracts.selectors import client_list
from suppliers.access import request_actor
from suppliers.models import AccessAction, Client
from suppliers.services import client_access_record


class ClientOutputSerializer(serializers.ModelSerializer):
    """Never the full identity code: only its masked form (docs §11)."""

    identity_code_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Client
        fields = ["id", "first_name", "last_name", "identity_code_masked", "language"]


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
