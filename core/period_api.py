"""The month in the API: one serializer field and one filter, both with `Period.parse`'s message for bad
input (a 400 naming the field), both documented in OpenAPI as a YYYY-MM string."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.period_fields import PeriodFormField
from core.periods import PERIOD_PATTERN, Period, check_period_in_range

PERIOD_SCHEMA: dict[str, Any] = {"type": "string", "pattern": PERIOD_PATTERN, "example": "2026-01"}


@extend_schema_field(PERIOD_SCHEMA)
class PeriodSerializerField(serializers.Field):
    """A month written YYYY-MM, validated to a `Period` and shown as YYYY-MM."""

    def to_internal_value(self, data: Any) -> Period:
        try:
            period = data if isinstance(data, Period) else Period.parse("" if data is None else str(data))
            return check_period_in_range(period)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.code or "period_format") from exc

    def to_representation(self, value: Any) -> str:
        return str(value)


class PeriodFilter(filters.Filter):
    """A query parameter YYYY-MM; a bad one fails the filter set, which the API answers with a 400."""

    field_class = PeriodFormField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per instance, not as a class decorator: an overridden schema loses the filter's help text otherwise.
        schema: dict[str, Any] = dict(PERIOD_SCHEMA)
        if self.extra.get("help_text"):
            schema["description"] = self.extra["help_text"]
        set_override(self, "field", schema)
