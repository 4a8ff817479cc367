"""The monitoring report's query (provider, contract, from, to): the page's form, the download and the API
alike, with the last twelve full months by default.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract
from core.period_fields import PeriodFormField
from core.periods import Period
from reporting.monitoring.report.selectors import MAX_MONTHS
from suppliers.models import Provider


class MonitoringReportForm(forms.Form):
    """provider, contract, from, to: the query of the page's form, the download and the API alike."""

    provider = forms.IntegerField(label=_("Provider"), required=False, widget=forms.Select)
    contract = forms.IntegerField(label=_("Contract"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: declared here so that the query string can keep its natural name.
        self.fields["from"] = PeriodFormField(label=_("From month (YYYY-MM)"))
        self.fields["to"] = PeriodFormField(
            label=_("To month (YYYY-MM)"),
            help_text=_("At most %(months)s months.") % {"months": MAX_MONTHS},
        )
        providers = Provider.objects.order_by("name").values_list("pk", "name")
        contracts = Contract.objects.select_related("provider").order_by("provider__name", "number")
        everyone = [("", _("All providers"))]
        self.fields["provider"].widget.choices = everyone + list(providers)
        self.fields["contract"].widget.choices = [("", _("All of the provider's contracts"))] + [
            (contract.pk, f"{contract.number} – {contract.provider.name}") for contract in contracts
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("from"), cleaned.get("to")
        if isinstance(first, Period) and isinstance(last, Period):
            months = first.months_until(last)
            if months < 1:
                self.add_error("to", _("The last month comes before the first."))
            elif months > MAX_MONTHS:
                self.add_error("to", _("A report covers at most %(months)s months.") % {"months": MAX_MONTHS})
        return cleaned


def subject_check(cleaned: dict[str, Any]) -> None:
    """A valid query's provider and contract exist (else 404) and agree (else the contract is the form's error):
    checked before the report is composed, by the download and by the job that makes it later."""
    provider_id, contract_id = cleaned.get("provider"), cleaned.get("contract")
    if provider_id is not None and not Provider.objects.filter(pk=provider_id).exists():
        raise Http404("no such provider")
    if contract_id is not None:
        contract_provider = Contract.objects.filter(pk=contract_id).values_list("provider_id", flat=True).first()
        if contract_provider is None:
            raise Http404("no such contract")
        if provider_id is not None and contract_provider != provider_id:
            raise ValidationError({"contract": [_("The contract is not the provider's.")]})


def default_query() -> dict[str, str]:
    """The last twelve full months."""
    last = Period.last_complete(timezone.localdate())
    return {"from": str(last - 11), "to": str(last)}


def with_defaults(query: QueryDict) -> dict[str, Any]:
    """The query with the last twelve full months where it names no month (the form, the download, the API)."""
    values: dict[str, Any] = {key: query.get(key) for key in query}
    for key, value in default_query().items():
        if not values.get(key):
            values[key] = value
    return values
