"""Forms of the provider admin's pages: staff and API tokens. They validate and shape; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from suppliers.models import MembershipRole, Provider, ProviderMembership


class StaffInviteForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.none(), empty_label=None)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=150, help_text=_("The invitation is sent here."))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)

    def __init__(self, *args: Any, providers: QuerySet[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider_field: Any = self.fields["provider"]
        provider_field.queryset = providers


class StaffMembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive person sees nothing of the provider.")
    )


class HolderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.user.get_full_name() or obj.user.get_username()} – {obj.provider.name}"


class ApiTokenIssueForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Which system uses the token, e.g. the client record system.")
    )
    holder = HolderChoiceField(
        label=_("Acts as"),
        queryset=ProviderMembership.objects.none(),
        help_text=_("The system sees what this person sees, at this provider only."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
    )

    def __init__(self, *args: Any, holders: QuerySet[ProviderMembership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        holder_field: Any = self.fields["holder"]
        holder_field.queryset = holders
