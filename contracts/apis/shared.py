"""What the contracts API modules share: the person shape and the visible order or path with its access record."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.request import Request

from contracts.models import EmploymentPath, ServiceOrder
from contracts.selectors import employment_path_list, service_order_list
from contracts.services import service_order_access_record
from suppliers.access import person_name, request_actor


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user: Any) -> str:
        return person_name(user)


def order_access_record(
    request: Request, order: ServiceOrder, action: str, resource: str, object_ref: str = ""
) -> None:
    service_order_access_record(user=request.user, order=order, action=action, resource=resource, object_ref=object_ref)


def visible_order(request: Request, pk: int) -> ServiceOrder:
    return get_object_or_404(service_order_list(actor=request_actor(request)), pk=pk)


def visible_path(request: Request, pk: int) -> EmploymentPath:
    return get_object_or_404(employment_path_list(actor=request_actor(request)), pk=pk)
