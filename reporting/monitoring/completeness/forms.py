"""The completeness dashboard's filters: a month window (by default the last twelve months whose reports are
due) and a provider. The page's form and the API's serializer check the window alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.period_fields import PeriodFormField
from core.periods import Period
from reporting.monitoring.completeness.selectors import MAX_MONTHS, default_window
from suppliers.models import Provider


@dataclass(frozen=True)
class Filters:
    first: Period
    last: Period
    provider_id: int | None = None
    contract_id: int | None = None


def month_window(first: Period | None, last: Period | None) -> tuple[Period, Period]:
    """The months asked for; either end left out falls back to the default window (12 months due)."""
    default_first, default_last = default_window(timezone.localdate())
    last_period = last or default_last
    first_period = first or (default_first if not last else last_period - 11)
    if last_period < first_period:
        raise ValidationError(_("The first month must not be after the last."), code="window_reversed")
    if first_period.months_until(last_period) > MAX_MONTHS:
        raise ValidationError(_("Choose at most %(count)d months.") % {"count": MAX_MONTHS}, code="window_too_long")
    return first_period, last_period


class CompletenessFilterForm(forms.Form):
    first = PeriodFormField(label=gettext_lazy("From (YYYY-MM)"), required=False)
    last = PeriodFormField(label=gettext_lazy("To (YYYY-MM)"), required=False)
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Provider"),
        queryset=Provider.objects.order_by("name", "id"),
        required=False,
        empty_label=gettext_lazy("All providers"),
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["first"].widget.attrs["placeholder"] = "2026-01"
        self.fields["last"].widget.attrs["placeholder"] = "2026-12"

    def add_prefix(self, field_name: str) -> str:
        # The URL says ?from=…&to=… (the API's names); `from` is a Python keyword, so the fields are renamed.
        return {"first": "from", "last": "to"}.get(field_name, field_name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "first" in cleaned and "last" in cleaned:
            try:
                month_window(cleaned["first"] or None, cleaned["last"] or None)
            except ValidationError as exc:
                raise ValidationError({"last": exc.messages}) from exc
        return cleaned

    def filters(self) -> Filters:
        """The chosen filters, or the defaults where a field is empty or wrong (its error is shown)."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        first, last = month_window(cleaned.get("first") or None, cleaned.get("last") or None)
        provider = cleaned.get("provider")
        return Filters(first, last, provider.pk if provider is not None else None)
