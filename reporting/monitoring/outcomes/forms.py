"""Filters of the outcomes and anomalies dashboards: a month range (the last 12 complete months by default),
and optionally one provider, contract or product. The page and the API validate their input with the same form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, Product
from core.period_fields import PeriodFormField
from core.periods import Period
from suppliers.models import Provider

DEFAULT_MONTHS = 12
# The longest range one request may scan: the anomaly scans read attendance days month by month.
MAX_MONTHS = 36


def months_between(first: Period, last: Period) -> list[Period]:
    return first.range_to(last)


def months_before(period: Period, count: int) -> Period:
    return period - count


def default_range(today: datetime.date) -> tuple[Period, Period]:
    """The last 12 complete months: the current month is still being reported."""
    last = Period.last_complete(today)
    return last - (DEFAULT_MONTHS - 1), last


@dataclass(frozen=True)
class Filters:
    first: Period
    last: Period
    provider_id: int | None = None
    contract_id: int | None = None
    product_id: int | None = None


class AnomaliesFilterForm(forms.Form):
    """`from` and `to` (YYYY-MM) are the query's names; they are Python keywords, hence set in __init__."""

    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.order_by("name", "id"), required=False
    )
    contract = forms.ModelChoiceField(
        label=_("Contract"), queryset=Contract.objects.select_related(None).order_by("number"), required=False
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "from": PeriodFormField(label=_("From month (YYYY-MM)"), required=False),
            "to": PeriodFormField(label=_("To month (YYYY-MM)"), required=False),
            **self.fields,
        }
        self.default_first, self.default_last = default_range(today)
        self.fields["from"].widget.attrs["placeholder"] = str(self.default_first)
        self.fields["to"].widget.attrs["placeholder"] = str(self.default_last)
        # The labels are the number and the provider's name, without one query per option.
        self.fields["contract"].label_from_instance = lambda contract: f"{contract.number} {contract.title}"  # type: ignore[attr-defined]
        self.fields["provider"].label_from_instance = lambda provider: provider.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "from" in self.errors or "to" in self.errors:
            return data
        first = data.get("from") or self.default_first
        last = data.get("to") or self.default_last
        if last < first:
            raise ValidationError(_("The range must end in or after the month it starts."), code="range_order")
        if len(months_between(first, last)) > MAX_MONTHS:
            raise ValidationError(
                _("Choose at most %(months)s months.") % {"months": MAX_MONTHS}, code="range_too_long"
            )
        data["from"], data["to"] = first, last
        return data

    def filters(self) -> Filters:
        """The cleaned filters; the defaults when the form is not bound or not valid."""
        if not self.is_bound or not self.is_valid():
            return Filters(self.default_first, self.default_last)
        data = self.cleaned_data
        return Filters(
            first=data["from"],
            last=data["to"],
            provider_id=data["provider"].pk if data.get("provider") else None,
            contract_id=data["contract"].pk if data.get("contract") else None,
            product_id=data["product"].pk if data.get("product") else None,
        )


class OutcomesFilterForm(AnomaliesFilterForm):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.order_by("code"), required=False)
