"""Test settings: the real settings with what a test run needs changed, and nothing else."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
# Tests render pages without a collectstatic step: plain static names, found in the source folders.
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; the tests' users are throwaway
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_CODE = "fi"
# Jobs run inline in tests whatever the environment says (tests/reporting/jobs/test_real_worker.py starts real
# workers and points Celery at its own broker itself).
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP; tests/portal/test_deploy_check.py checks production
# Throttling is tested with its own low rates (tests/accounts/test_api_throttling.py); elsewhere, suites that send
# many requests in a minute (schemathesis) must not meet it.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "token": "100000/minute"}}  # noqa: F405
