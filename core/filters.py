"""Query filters the apps share: an id is a positive whole number that fits the database's bigint.

django-filter's NumberFilter reads a decimal: `?provider=1.3` matched nothing and `?provider=-9e247` overflowed
the database driver (a 500, found by the schema fuzzer). An id filter answers both with a 400 naming it."""

from __future__ import annotations

from typing import Any

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.drainage import set_override

BIGINT_MAX = 2**63 - 1


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(*args, **kwargs)
        # Documented as what it reads (django-filter's NumberFilter is documented as any number).
        set_override(self, "field", {"type": "integer", "minimum": 1, "maximum": BIGINT_MAX})
