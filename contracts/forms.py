from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import (
    GOAL_INPUT_FIELDS,
    QOL_ITEM_FIELDS,
    ContractLine,
    EmploymentPathOutcome,
    Goal,
    OrderingUnit,
    QualityOfLifeAssessment,
    QualityOfLifeKind,
)
from contracts.selectors import contract_line_list, ordering_unit_list
from core.period_fields import PeriodFormField
from core.text import FreeTextFormField, NameFormField
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
    client_first_name = NameFormField(label=_("Client's first name"), max_length=100)
    client_last_name = NameFormField(label=_("Client's last name"), max_length=100)
    ordering_unit = forms.ModelChoiceField(label=_("Ordering unit"), queryset=OrderingUnit.objects.none())
    contract_line = ContractLineChoiceField(label=_("Contract and product"), queryset=ContractLine.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    planned_volume = forms.DecimalField(
        label=_("Planned volume per month"), min_value=0, max_digits=8, decimal_places=2
    )
    decision_number = NameFormField(label=_("Decision number"), max_length=60)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = cast(forms.ModelChoiceField, self.fields["ordering_unit"])
        unit_field.queryset = ordering_unit_list(actor=actor)
        lines = contract_line_list(actor=actor).filter(contract__provider__is_active=True)
        line_field = cast(forms.ModelChoiceField, self.fields["contract_line"])
        line_field.queryset = lines.order_by("contract__provider__name", "product__code")


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = list(GOAL_INPUT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "baseline": forms.Textarea(attrs={"rows": 3}),
            "target_date": DateInput,
        }


QOL_CHOICES = [(value, str(value)) for value in range(1, 6)]


class QualityOfLifeForm(forms.Form):
    kind = forms.ChoiceField(label=_("When"), choices=QualityOfLifeKind.choices)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in QOL_ITEM_FIELDS:
            model_field = cast(Any, QualityOfLifeAssessment._meta.get_field(field))
            self.fields[field] = forms.TypedChoiceField(
                label=model_field.verbose_name,
                choices=QOL_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 (very poor) to 5 (very good)"),
            )

    def items(self) -> list[int]:
        return [self.cleaned_data[field] for field in QOL_ITEM_FIELDS]


class PathProposeForm(forms.Form):
    justification = FreeTextFormField(
        label=_("The client's strengths and successes in the current service"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    goals = FreeTextFormField(
        label=_("Goals of the path, one per line"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def goal_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["goals"].splitlines() if line.strip()]


class PathDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)
    comment = FreeTextFormField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PathGoalForm(forms.Form):
    description = FreeTextFormField(label=_("New goal of the path"), widget=forms.Textarea(attrs={"rows": 2}))


class PathProgressForm(forms.Form):
    period = PeriodFormField(label=_("Month (YYYY-MM)"))
    narrative = FreeTextFormField(label=_("How the month went"), widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, PNG or JPEG)"))
    description = NameFormField(label=_("Description"), max_length=200, required=False)


class PathCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EmploymentPathOutcome.choices)
    outcome_description = FreeTextFormField(
        label=_("How the goals were reached"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    achieved_goals = forms.MultipleChoiceField(
        label=_("Goals reached"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, goals: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["achieved_goals"])
        field.choices = [(goal.pk, goal.description) for goal in goals]


class PathVerifyForm(forms.Form):
    comment = FreeTextFormField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
