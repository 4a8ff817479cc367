from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import ContractLine, OrderingUnit
from contracts.selectors import contract_line_list, ordering_unit_list
from suppliers.access import Actor


class DateInput(forms.DateInput):
    input_type = "date"


class ContractLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.contract.provider.name} — {obj.contract.number} — {obj.product.name}"


class ServiceOrderCreateForm(forms.Form):
    client_identity_code = forms.CharField(
        label=_("Client's personal identity code"),
        max_length=11,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    client_first_name = forms.CharField(label=_("Client's first name"), max_length=100)
    client_last_name = forms.CharField(label=_("Client's last name"), max_length=100)
    ordering_unit = forms.ModelChoiceField(label=_("Ordering unit"), queryset=OrderingUnit.objects.none())
    contract_line = ContractLineChoiceField(label=_("Contract and product"), queryset=ContractLine.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    planned_volume = forms.DecimalField(
        label=_("Planned volume per month"), min_value=0, max_digits=8, decimal_places=2
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = cast(forms.ModelChoiceField, self.fields["ordering_unit"])
        unit_field.queryset = ordering_unit_list(actor=actor)
        lines = contract_line_list(actor=actor).filter(contract__provider__is_active=True)
        line_field = cast(forms.ModelChoiceField, self.fields["contract_line"])
        line_field.queryset = lines.order_by("contract__provider__name", "product__code")
