"""Health probes for the load balancer and the process supervisor: no login, no client data.

`/healthz` says the process answers (it touches nothing, so a database outage does not get healthy workers
killed); `/readyz` says this worker can serve: the database answers, and so does Redis when a broker or a cache
on Redis is configured. Both answer JSON with the name of each check and ok / unavailable, never a host name,
a password or an error text.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Long enough for a loaded machine, short enough that the probe answers before the balancer gives up on it.
REDIS_TIMEOUT_SECONDS = 2.0


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_answers()}
    redis_urls = redis_urls_configured()
    if redis_urls:
        checks["redis"] = all(_redis_answers(url) for url in redis_urls)
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": {name: _word(ok) for name, ok in checks.items()}},
        status=200 if ready else 503,
    )


def redis_urls_configured() -> list[str]:
    """Every Redis the portal is set to use: Celery's broker and result backend, and Redis caches."""
    candidates: list[Any] = [
        getattr(settings, "CELERY_BROKER_URL", None),
        getattr(settings, "CELERY_RESULT_BACKEND", None),
    ]
    for cache in getattr(settings, "CACHES", {}).values():
        location = cache.get("LOCATION")
        candidates.extend(location if isinstance(location, list | tuple) else [location])
    urls: list[str] = []
    for candidate in candidates:
        is_redis = isinstance(candidate, str) and candidate.startswith(("redis://", "rediss://", "unix://"))
        if is_redis and candidate not in urls:
            urls.append(candidate)
    return urls


def _word(ok: bool) -> str:
    return "ok" if ok else "unavailable"


def _database_answers() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means not ready; the probe must answer, not raise
        # The class only: a driver's message can carry the host and user.
        logger.warning("readiness: database unavailable (%s)", type(exc).__name__)
        return False
    return True


def _redis_answers(url: str) -> bool:
    import redis  # Celery's Redis transport brings it; imported here so the embedded set-up never needs it

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception as exc:  # any failure means not ready
        logger.warning("readiness: redis unavailable (%s)", type(exc).__name__)
        return False
