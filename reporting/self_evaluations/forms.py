"""The self-evaluation page's forms: writing one, commenting on one, and filtering the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract
from core.text import FreeTextFormField
from reporting.models import NO_CLIENT_NAMES, EvaluationPeriodKind, SelfEvaluationState
from suppliers.models import Provider

_QUARTERS = [("", "–"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]


def _text(label: Any, help_text: Any = NO_CLIENT_NAMES, *, rows: int = 4) -> FreeTextFormField:
    return FreeTextFormField(
        label=label, help_text=help_text, required=False, widget=forms.Textarea(attrs={"rows": rows})
    )


class SelfEvaluationForm(forms.Form):
    """Every field may be left empty while drafting; submitting asks for all sections (the service)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.none())
    contract = forms.ModelChoiceField(
        label=_("Contract"),
        queryset=Contract.objects.none(),
        required=False,
        empty_label=_("All contracts"),
        help_text=_("Leave as “All contracts” to evaluate all of your contracts together."),
    )
    kind = forms.ChoiceField(label=_("Period"), choices=EvaluationPeriodKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=_QUARTERS,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only for a quarterly evaluation."),
    )
    objectives = _text(_("Objectives"), _("What you set out to achieve in the period."))
    actions_taken = _text(_("Actions taken"))
    participant_count = forms.IntegerField(label=_("Number of participants"), min_value=0, required=False)
    participants = _text(
        _("Participants"),
        _("Describe the participants as a group (e.g. ages, how they came). Count them; never name them."),
        rows=3,
    )
    what_worked = _text(_("What worked"))
    why_it_worked = _text(_("Why it worked"))
    what_did_not_work = _text(_("What did not work"))
    why_it_did_not = _text(_("Why it did not work"))
    practices_to_share = _text(_("Practices worth sharing"), _("Practices other providers could learn from."))

    def __init__(self, *args: Any, providers: QuerySet[Provider], contracts: QuerySet[Contract], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        provider_field: Any = self.fields["provider"]
        provider_field.queryset = providers
        contract_field: Any = self.fields["contract"]
        contract_field.queryset = contracts
        if len(providers) == 1:
            # Staff of one provider (nearly everyone) are not asked which provider they write for.
            provider_field.initial = providers[0].pk
            provider_field.widget = forms.HiddenInput()


class CommentForm(forms.Form):
    text = FreeTextFormField(
        label=_("Comment to the provider"), widget=forms.Textarea(attrs={"rows": 4}), help_text=NO_CLIENT_NAMES
    )


class SelfEvaluationFilterForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.none(), required=False, empty_label=_("All providers")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(
        label=_("Period"), choices=[("", _("Quarters and years")), *EvaluationPeriodKind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *SelfEvaluationState.choices], required=False
    )

    def __init__(self, *args: Any, providers: QuerySet[Provider] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if providers is None:
            del self.fields["provider"]
        else:
            provider_field: Any = self.fields["provider"]
            provider_field.queryset = providers
