"""The month in the database and in forms: a `PeriodField` column that stores YYYY-MM and returns a `Period`,
and the one form field that reads it, with `Period.parse`'s message for bad input."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable
from django.db.models.query_utils import DeferredAttribute

from core.periods import Period, check_period_in_range


class _PeriodDescriptor(DeferredAttribute):
    """A valid YYYY-MM assigned to the attribute becomes a `Period` at once, so `instance.period` is a Period
    before the row is saved too; anything else stays as given for `full_clean` to report."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        if isinstance(value, str):
            with contextlib.suppress(ValidationError):
                value = Period.parse(value)
        instance.__dict__[self.field.attname] = value


# Month text -> the Period read for it; months are few, the limit only guards against a column of garbage.
_READ: dict[str, Period] = {}
_READ_LIMIT = 10_000


class PeriodField(models.CharField):
    """A calendar month stored as varchar(7) "YYYY-MM" (so string order is month order) and read as a `Period`.
    Lookups take a Period or a YYYY-MM string."""

    # What django-stubs' mypy plugin takes as the attribute's types on the model.
    _pyi_private_set_type: Period | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: Period  # type: ignore[assignment]

    description = "Calendar month (YYYY-MM)"
    descriptor_class = _PeriodDescriptor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Period | str | None:
        if value is None:
            return None
        # A dashboard reads tens of thousands of rows over a handful of months: one shared (immutable) Period per
        # month text instead of a new one per row keeps the column as cheap to read as the plain string was.
        period = _READ.get(value)
        if period is None:
            try:
                # The column's check constraint (or the service that wrote it) vouches for the format.
                period = Period(int(value[:4]), int(value[5:7]))
            except ValueError:
                return value
            if len(_READ) < _READ_LIMIT:
                _READ[value] = period
        return period

    def to_python(self, value: Any) -> Period | None:
        if value is None or isinstance(value, Period):
            return value
        return Period.parse(str(value))

    def get_prep_value(self, value: Any) -> str | None:
        # Not CharField's: that would parse, and a lookup by a malformed string should match nothing, not raise.
        value = models.Field.get_prep_value(self, value)
        return None if value is None else str(value)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def run_validators(self, value: Any) -> None:
        super().run_validators(str(value) if isinstance(value, Period) else value)
        if isinstance(value, Period):
            check_period_in_range(value)

    def formfield(self, **kwargs: Any) -> Any:
        return models.Field.formfield(self, **{"form_class": PeriodFormField, **kwargs})


class PeriodFormField(forms.Field):
    """A month typed as YYYY-MM; cleans to a `Period` (None when empty and not required)."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        # The page forms pass max_length out of habit; the format check is stricter and has one message.
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Period | None:
        if isinstance(value, Period):
            return check_period_in_range(value)
        if value in self.empty_values or not str(value).strip():
            return None
        return check_period_in_range(Period.parse(str(value)))

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, Period) else value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = "7"
        return attrs
