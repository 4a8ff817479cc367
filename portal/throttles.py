"""The API's throttles, in a module of their own that never imports `rest_framework.views`.

DRF reads DEFAULT_THROTTLE_CLASSES while it defines APIView; were the throttles in `portal.api` (which imports
`rest_framework.views`), whichever process imports the views first through `portal.api` (a Celery worker
does) would meet a half-imported module.
"""

from __future__ import annotations

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class _RatesFromSettings:
    """DRF binds the rates when the class is defined; read them per request, so settings decide."""

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(getattr(self, "scope", ""))


class AnonymousThrottle(_RatesFromSettings, AnonRateThrottle):
    """Anonymous API traffic, per client address (rate `anon`)."""


class TokenThrottle(_RatesFromSettings, SimpleRateThrottle):
    """Machine clients, per user behind the token (rate `token`); signed-in browsers are not counted here."""

    scope = "token"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated and request.auth is not None:
            return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
        return None
