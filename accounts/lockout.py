"""What a locked-out sign-in sees: the login page with one translated message that says nothing about
whether the username exists (axes locks unknown usernames alike)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    message = _(
        "Too many failed sign-in attempts. Signing in is blocked for %(minutes)s minutes; "
        "an administrator can unlock it sooner."
    ) % {"minutes": minutes}
    context = {"form": AuthenticationForm(request), "lockout_message": message, "next": ""}
    return render(request, "registration/login.html", context, status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429))
