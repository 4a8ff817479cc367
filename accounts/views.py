"""Pages of signing in: the password step, the code step, enrolment, recovery codes, a provider's rule."""

from __future__ import annotations

import base64
import io
from typing import Any
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import selectors, services
from accounts.forms import EnrolmentForm, OtpCodeForm, ProviderTwoFactorForm
from suppliers.models import Provider


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _step(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class PasswordLoginView(auth_views.LoginView):
    """The first step: username and password (counted by django-axes). A user with an authenticator goes on
    to the code; one who must have a second factor and has none goes to enrolment."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if selectors.has_confirmed_device(user):
            return redirect(_step("two-factor-verify", self.get_success_url()))
        if selectors.two_factor_required(user):
            return redirect(_step("two-factor-enrol", self.get_success_url()))
        return response


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code (each works once)."""
    user: Any = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not selectors.has_confirmed_device(user):
        return redirect(_step("two-factor-enrol", next_url))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(next_url)
        form.add_error("code", _("The code is not valid. Check the code and try again."))
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator: a QR code and the key, confirmed with a code; then the recovery codes, once."""
    user: Any = request.user
    next_url = _next_url(request)
    if selectors.has_confirmed_device(user):
        return redirect(next_url if user.is_verified() else _step("two-factor-verify", next_url))
    device = selectors.pending_totp_device(user)
    if device is None:
        device = services.totp_device_start(user=user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.cycle_key()
            device.refresh_from_db()
            django_otp.login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url, "new": True})
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "secret": " ".join(secret[index : index + 4] for index in range(0, len(secret), 4)),
        "required": selectors.two_factor_required(user),
    }
    return render(request, "accounts/enrol.html", context)


@login_required
def qr_code(request: HttpRequest) -> HttpResponse:
    """The pending authenticator's key as a QR code (SVG, no script): an image, so the page's CSP stays strict."""
    device = selectors.pending_totp_device(request.user)
    if device is None:
        raise Http404
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """The user's own sign-in settings: password, authenticator, recovery codes (regenerated on POST)."""
    user: Any = request.user
    if request.method == "POST":
        codes = services.recovery_codes_regenerate(user=user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("home"), "new": False})
    context = {
        "has_device": selectors.has_confirmed_device(user),
        "recovery_codes_left": selectors.recovery_codes_left(user),
        "required": selectors.two_factor_required(user),
        "administered": selectors.administered_providers(user),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def provider_two_factor(request: HttpRequest) -> HttpResponseBase:
    """A provider admin's page: require a second factor of their own provider's staff. Nobody else reaches it."""
    providers = selectors.administered_providers(request.user)
    if not providers:
        raise Http404
    if request.method == "POST":
        form = ProviderTwoFactorForm(request.POST)
        provider_field: Any = form.fields["provider"]
        provider_field.queryset = Provider.objects.filter(pk__in=[provider.pk for provider in providers])
        if not form.is_valid():
            raise Http404
        services.provider_two_factor_set(
            actor=request.user,
            provider=form.cleaned_data["provider"],
            required=form.cleaned_data["requires_two_factor"],
        )
        messages.success(request, _("Saved."))
        return redirect("provider-two-factor")
    forms = []
    for provider in providers:
        policy = getattr(provider, "two_factor_policy", None)
        required = bool(policy and policy.requires_two_factor)
        forms.append(
            (
                provider,
                ProviderTwoFactorForm(
                    initial={"provider": provider.pk, "requires_two_factor": required},
                    prefix=None,
                    auto_id=f"id_{provider.pk}_%s",
                ),
            )
        )
    return render(request, "accounts/provider_two_factor.html", {"forms": forms})


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed_record(user=self.request.user)
        return response
