"""The month in the API: one serializer field and one filter, both with `Period.parse`'s message for bad
input (a 400 naming the field), both documented in OpenAPI as a YYYY-MM string."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.period_fields import PeriodFormField
from core.periods import PERIOD_PATTERN, Period

PERIOD_SCHEMA = {"type": "string", "pattern": PERIOD_PATTERN, "example": "2026-01"}


@extend_schema_field(PERIOD_SCHEMA)
class PeriodSerializerField(serializers.Field):
    """A month written YYYY-MM, validated to a `Period` and shown as YYYY-MM."""

    def to_internal_value(self, data: Any) -> Period:
        if isinstance(data, Period):
            return data
        try:
            return Period.parse("" if data is None else str(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="period_format") from exc

    def to_representation(self, value: Any) -> str:
        return str(value)


@extend_schema_field(PERIOD_SCHEMA)
class PeriodFilter(filters.Filter):
    """A query parameter YYYY-MM; a bad one fails the filter set, which the API answers with a 400."""

    field_class = PeriodFormField
