from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from suppliers.models import Provider


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_(
            "Scan the QR code (or type the key) in your authenticator app, then enter the six digits it shows."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ProviderTwoFactorForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), widget=forms.HiddenInput)
    requires_two_factor = forms.BooleanField(
        label=_("Require two-factor authentication of our staff"),
        required=False,
        help_text=_("Everyone working for this provider then signs in with a code from an authenticator app."),
    )
