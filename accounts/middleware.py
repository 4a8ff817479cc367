"""The second factor as a gate: a signed-in session that has not passed it reaches nothing but the OTP step
(or, without a confirmed device where one is required, enrolment). Machine clients with a token are not
sessions and pass; their tokens are the provider admin's business."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import has_confirmed_device, two_factor_required

# Reached by a signed-in user before the second factor: the steps themselves, signing out, the language.
_OPEN_URL_NAMES = ("two-factor-verify", "two-factor-enrol", "two-factor-qr", "logout", "set_language", "login")


def _open_paths() -> tuple[str, ...]:
    return (
        *(reverse(name) for name in _OPEN_URL_NAMES),
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}",
    )


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not user.is_authenticated
            or "HTTP_AUTHORIZATION" in request.META  # a machine client: DRF authenticates its token
            or getattr(user, "is_verified", lambda: False)()  # django_otp.middleware.OTPMiddleware adds it
        ):
            return self.get_response(request)
        if self._open is None:
            self._open = _open_paths()
        if request.path.startswith(self._open):
            return self.get_response(request)
        if has_confirmed_device(user):
            return self._refuse(
                request,
                "two-factor-verify",
                "two_factor_required",
                _("Enter the code from your authenticator app to continue."),
            )
        if two_factor_required(user):
            return self._refuse(
                request,
                "two-factor-enrol",
                "two_factor_enrolment_required",
                _("Set up two-factor authentication to continue."),
            )
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, step: str, code: str, message: str) -> HttpResponse:
        if request.path.startswith("/api/") and not request.path.startswith(reverse("api:docs")):
            return JsonResponse({"code": code, "detail": message}, status=403)
        next_url = request.get_full_path() if request.method == "GET" else "/"
        return redirect(f"{reverse(step)}?{urlencode({'next': next_url})}")
