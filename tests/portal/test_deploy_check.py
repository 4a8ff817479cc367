"""Production settings pass `manage.py check --deploy` with no warning: DEBUG off, a real secret key, HTTPS only
behind the proxy (SECURE_PROXY_SSL_HEADER from DJANGO_SECURE_PROXY_SSL_HEADER), HSTS, secure cookies."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "portal.example.fi",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://portal.example.fi",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
}


def _production_environment() -> dict[str, str]:
    # Only the production variables: nothing from the test run (DJANGO_DEBUG, DJANGO_SECURE_COOKIES, ...) leaks in.
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SECURE_"))}
    return {**environment, **PRODUCTION}


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_redirect_to_https_behind_the_proxy_with_hsts_and_secure_cookies() -> None:
    names = ["SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE"]
    names += ["CSRF_COOKIE_SECURE", "DEBUG"]
    script = f"from django.conf import settings; print('|'.join(str(getattr(settings, n)) for n in {names!r}))"

    result = _manage("shell", "-c", script)

    assert result.returncode == 0, result.stderr
    values = dict(zip(names, result.stdout.strip().splitlines()[-1].split("|"), strict=True))
    assert values["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 365 * 24 * 60 * 60
    assert [values[name] for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")] == [
        "True"
    ] * 3
    assert values["DEBUG"] == "False"
