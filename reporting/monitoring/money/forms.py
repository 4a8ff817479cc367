"""The filters of the money and budget dashboards, shared by their pages and APIs."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, OrderingUnit
from core.period_fields import PeriodFormField
from core.periods import Period
from suppliers.models import Provider

MAX_MONTHS = 60


def last_complete_months(today: datetime.date, months: int = 12) -> tuple[Period, Period]:
    """The `months` complete months before today's month (the default range of the money dashboard)."""
    last = Period.last_complete(today)
    return last - (months - 1), last


def with_defaults(query: QueryDict, defaults: dict[str, str]) -> dict[str, str]:
    """The query's values over the defaults: an absent or empty parameter takes its default."""
    data = dict(defaults)
    data.update({key: str(value) for key, value in query.items() if value not in ("", None)})
    return data


class QuickSelect(forms.Select):
    """A select written in Python: Django renders each option through a template (about a millisecond each),
    and these list every provider and contract of the city (hundreds)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(key), mark_safe(" selected") if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def _period_field(label: Any) -> PeriodFormField:
    return PeriodFormField(label=label)


class _ProviderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _ContractChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.number)


class MoneyFilterForm(forms.Form):
    """from and to (months YYYY-MM, inclusive), and optionally a provider, a contract and an ordering unit."""

    provider = _ProviderChoice(
        label=_("Provider"), queryset=Provider.objects.only("name").order_by("name"), required=False, widget=QuickSelect
    )
    contract = _ContractChoice(
        label=_("Contract"),
        queryset=Contract.objects.only("number").order_by("number"),
        required=False,
        widget=QuickSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("Ordering unit"), queryset=OrderingUnit.objects.order_by("code"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the two month fields are added by name.
        self.fields = {
            "from": _period_field(_("From month (YYYY-MM)")),
            "to": _period_field(_("To month (YYYY-MM)")),
            **self.fields,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "from" in cleaned and "to" in cleaned:
            months = cleaned["from"].months_until(cleaned["to"])
            if months < 1:
                self.add_error("to", _("The last month cannot be before the first."))
            elif months > MAX_MONTHS:
                self.add_error("to", _("Choose at most %(months)s months.") % {"months": MAX_MONTHS})
        return cleaned

    def dashboard_arguments(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        return {
            "first": cleaned["from"],
            "last": cleaned["to"],
            "provider_id": cleaned["provider"].pk if cleaned.get("provider") else None,
            "contract_id": cleaned["contract"].pk if cleaned.get("contract") else None,
            "ordering_unit_id": cleaned["unit"].pk if cleaned.get("unit") else None,
        }

    @staticmethod
    def defaults(today: datetime.date) -> dict[str, str]:
        first, last = last_complete_months(today)
        return {"from": str(first), "to": str(last)}


class BudgetFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label=_("Ordering unit"), queryset=OrderingUnit.objects.order_by("code"), required=False
    )

    def dashboard_arguments(self) -> dict[str, Any]:
        unit = self.cleaned_data.get("unit")
        return {"year": self.cleaned_data["year"], "ordering_unit_id": unit.pk if unit else None}

    @staticmethod
    def defaults(today: datetime.date) -> dict[str, str]:
        return {"year": str(today.year)}


def form_errors(form: forms.Form) -> ValidationError:
    """The form's errors as a ValidationError the API's handler answers 400 {code, detail, errors} with."""
    return ValidationError({field: [str(message) for message in messages] for field, messages in form.errors.items()})
