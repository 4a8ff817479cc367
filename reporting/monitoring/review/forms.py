"""Forms of the review queue: its filters, and the reviewer's decision on one report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suppliers.models import Provider


class ReviewQueueFilterForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.order_by("name"), required=False, empty_label=_("All")
    )
    min_age = forms.IntegerField(label=_("Waiting at least (days)"), min_value=0, max_value=3650, required=False)

    def filters(self) -> dict[str, Any]:
        """The dashboard's keyword arguments; invalid input filters nothing (the form shows the error)."""
        if not self.is_valid():
            return {}
        provider = self.cleaned_data.get("provider")
        return {"provider_id": provider.pk if provider else None, "min_age_days": self.cleaned_data.get("min_age")}


class ReviewDecisionForm(forms.Form):
    RETURN = "return"
    APPROVE = "approve"

    action = forms.ChoiceField(choices=[(RETURN, _("Return to provider")), (APPROVE, _("Approve"))])
    # The version the reviewer read: acting on a report that was returned and sent again since is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label=_("Overall comment"),
        help_text=_("For a return, say what the provider must correct (here or per entry below)."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, entry_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry_ids = entry_ids
        for entry_id in entry_ids:
            self.fields[f"entry_comment_{entry_id}"] = forms.CharField(
                label=_("What to correct in this entry"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )

    def entry_field(self, entry_id: int) -> forms.BoundField:
        return self[f"entry_comment_{entry_id}"]

    def entry_comments(self) -> dict[int, str]:
        return {
            entry_id: text
            for entry_id in self.entry_ids
            if (text := self.cleaned_data.get(f"entry_comment_{entry_id}", "")).strip()
        }
