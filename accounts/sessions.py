"""Session lifetimes: an idle timeout and an absolute one (settings SESSION_IDLE_TIMEOUT and
SESSION_ABSOLUTE_TIMEOUT, in seconds). A session past either is ended at its next request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

STARTED_KEY = "portal_signed_in_at"
SEEN_KEY = "portal_last_seen_at"
_SEEN_RESOLUTION = 60


def session_start_stamp(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On every sign-in (the form and the tests' force_login alike), the absolute timeout starts."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(timezone.now().timestamp())
        session[STARTED_KEY] = now
        session[SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT without requests or SESSION_ABSOLUTE_TIMEOUT after
    sign-in, whichever comes first. API clients with a token have no session and are not affected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(timezone.now().timestamp())
            started = int(request.session.get(STARTED_KEY, now))
            seen = int(request.session.get(SEEN_KEY, now))
            if now - seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                return self._expired(request)
            if STARTED_KEY not in request.session:
                request.session[STARTED_KEY] = started
            # Written at most once a minute: a page's requests do not each save the session.
            if now - seen >= _SEEN_RESOLUTION or SEEN_KEY not in request.session:
                request.session[SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> HttpResponse:
        logout(request)
        message = _("Your session has ended. Please sign in again.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"code": "session_expired", "detail": message}, status=401)
            response["WWW-Authenticate"] = "Token"
            return response
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())
