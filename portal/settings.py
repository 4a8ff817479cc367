"""Settings for the portal, read from the environment (see .env.example). SQLite is the embedded default."""

import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from pythonjsonlogger.core import RESERVED_ATTRS

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The fallback key only ever serves a developer's machine and the test run; production must set its own.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="insecure-development-key-not-for-production" if DEBUG else None)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "accounts",
    "portal",
    "suppliers",
    "contracts",
    "reporting",
]

MIDDLEWARE = [
    "portal.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view or CSRF check reads the body: an oversize one is a 413 (JSON on the API).
    "portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.NoStoreMiddleware",
    # Signing in (accounts/): session lifetimes, the second factor (django-otp), lockout (django-axes, last).
    "accounts.sessions.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent page loads on the embedded database should wait for a lock, not fail at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",  # django-axes: counts failures, refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; nothing here is public.
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Serving: whitenoise serves static files from the web process itself. In production (`collectstatic` run
# once per release) files get content-hashed names and gzip/brotli copies, so browsers may cache them forever.
# The demo and the test run serve straight from the source folders (whitenoise finds them under DEBUG), with
# no collectstatic step: DJANGO_STATIC_MANIFEST=0 keeps plain names.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_MANIFEST
if WHITENOISE_USE_FINDERS:
    # Without collectstatic there is no STATIC_ROOT yet, and that is expected: say nothing about it.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
MEDIA_ROOT = Path(env_str("PORTAL_PRIVATE_FILES", default=str(BASE_DIR / "var" / "private")))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# Production behind a TLS-terminating proxy (check --deploy clean): HTTPS only, HSTS, and the proxy's header
# telling Django a request came over HTTPS, e.g. DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO=https".
# Set that header only when the proxy always sets (and strips from clients) that header.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# `preload` only allows submitting the domain to the browsers' HSTS preload list; it submits nothing.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
_proxy_ssl_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", default="")
if _proxy_ssl_header:
    _header, _sep, _value = _proxy_ssl_header.partition("=")
    SECURE_PROXY_SSL_HEADER = (_header.strip(), _value.strip() or "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The Content-Security-Policy (django-csp): no inline script or style anywhere; the API docs page alone allows
# Swagger UI's inline styles (portal/api_docs.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    },
}

# Signing in (docs §11, accounts/) ------------------------------------------------------------------------------
# A session ends after SESSION_IDLE_TIMEOUT seconds without a request, or SESSION_ABSOLUTE_TIMEOUT after sign-in.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 10 * 60 * 60)
# django-otp: the authenticator app shows this issuer name; a code is accepted one step (30 s) early or late.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", default="Sosiaalinen kuntoutus")
OTP_TOTP_TOLERANCE = 1
# django-axes: AXES_FAILURE_LIMIT failed sign-ins per username, and (separately) per address, lock that username
# or address for AXES_COOLOFF_MINUTES (an administrator unlocks sooner). Logs name neither username nor address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "otp_token", "code"]
AXES_VERBOSE = False
# The client's address is REMOTE_ADDR; behind N proxies that append to X-Forwarded-For, set AXES_PROXY_COUNT=N
# (never trust a client-sent X-Forwarded-For otherwise: it would let anyone pick the address that is counted).
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Employment-path evidence files (PDF, PNG, JPEG), stored under MEDIA_ROOT/evidence/ and never served by URL.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "suppliers.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON with a nesting limit (a deep body was a RecursionError, a 500), then DRF's form parsers.
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    # Throttling: anonymous callers per address, token-authenticated machine clients per user (429 with
    # Retry-After). Signed-in browsers are not throttled here; their sign-in is (django-axes).
    "DEFAULT_THROTTLE_CLASSES": ["portal.throttles.AnonymousThrottle", "portal.throttles.TokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", default="60/minute"),
        "token": env_str("API_THROTTLE_TOKEN", default="600/minute"),
    },
    # JSON only in production: the browsable API renders forms for every endpoint and is a developer's tool.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Social rehabilitation reporting portal API",
    "DESCRIPTION": (
        "Providers' monthly reports on purchased social-rehabilitation services, and the city's validation, "
        "monitoring and payroll. Machine clients send `Authorization: Token <key>`: a named, expiring token "
        "issued by their provider's admin (or, for the city's systems, by the city's IT), stored only as a hash."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema and its docs are for signed-in users; Swagger UI is served from our own static files
    # (drf-spectacular-sidecar) so the docs work without a CDN and under our Content-Security-Policy.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Reports, employment paths and self-evaluations each have a `state`; each gets its own named enum.
    "ENUM_NAME_OVERRIDES": {
        "ReportStateEnum": "reporting.models.ReportState",
        "EmploymentPathStateEnum": "contracts.models.EmploymentPathState",
        "SelfEvaluationStateEnum": "reporting.models.SelfEvaluationState",
        "EvaluationPeriodKindEnum": "reporting.models.EvaluationPeriodKind",
        # Quality-of-life assessments had `kind` to themselves; they keep the name they were published under.
        "KindEnum": "contracts.models.QualityOfLifeKind",
    },
}

# API tokens (django-rest-knox): hashed at rest, always expiring, named, with their last use. Machine clients
# keep the header `Authorization: Token <key>`. An issued token lives API_TOKEN_DEFAULT_DAYS unless its issuer
# chooses otherwise, at most API_TOKEN_MAX_DAYS.
KNOX_TOKEN_MODEL = "suppliers.ApiToken"  # noqa: S105 - a model name, not a secret
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
# knox's own migrations create its default token table even when the model is swapped out (they predate the
# swap); the unused table's foreign key to users then blocks flushing users on PostgreSQL. Without migrations,
# knox's only model is swapped, so no table is made.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_TTL": timedelta(days=API_TOKEN_DEFAULT_DAYS),
    "AUTO_REFRESH": False,
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="portal@example.invalid")
# The portal's address as users reach it: links in e-mail are absolute (mail has no request to build them from).
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Provider staff keep seeing an ended order until the report for its last month is due (docs §2, §8).
REPORT_DUE_DAY = env_int("REPORT_DUE_DAY", 10)

# Background jobs (Celery, reporting/jobs/). Without a broker every job runs inline in the request that starts
# it, so the embedded set-up needs neither Redis nor a worker; production sets CELERY_BROKER_URL (Redis, or
# RabbitMQ as amqp://...) and runs `celery -A portal worker` and `celery -A portal beat`.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Job state lives in the database (reporting.jobs.models.Job), not in a result backend.
CELERY_TASK_IGNORE_RESULT = True
# A job is acknowledged only once it has finished, and a worker that dies mid-job gives it back to the broker:
# the job is run again by another worker (each job is idempotent: see reporting/jobs/services.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis gives an unacknowledged job to another worker after this many seconds: longer than any job may run.
# kombu 5.7 sweeps for such jobs every unacked_restore_interval seconds, scanning on every Nth sweep (throttle):
# about 100 s by default, fine beside an hour's visibility timeout; tests with a short timeout sweep each second.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "send-report-reminders": {
        "task": "reporting.jobs.tasks.report_reminders_send",
        "schedule": crontab(hour=env_int("REMINDER_HOUR", 7), minute=0),
    },
}
# A report with at least this many entries gets its workbook from a background job (a 2,000-client workbook
# holds a web worker for 4-18 s); smaller ones download at once.
WORKBOOK_JOB_ENTRIES = env_int("WORKBOOK_JOB_ENTRIES", 300)
# Test-only: a job of this kind waits at the named point until a file appears (tests/reporting/jobs/ kill a
# worker there). Never set in production.
JOBS_TEST_HOLD = env_str("JOBS_TEST_HOLD", default="")

# Logs: one JSON object per line (python-json-logger) with the request id and the user id (portal.request_log),
# for the log collector; LOG_FORMAT=text gives plain lines, the default under DEBUG (the demo's terminal).
# The records' `request` and `server_time` extras stay out: a request's text form carries its query string.
LOG_FORMAT = env_str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOG_LEVEL = env_str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Log lines carry no identity code and no exception message (which may quote a field's value): docs §11.
        "private": {"()": "portal.log_privacy.PrivateFilter"},
        "request_context": {"()": "portal.request_log.RequestContextFilter"},
        "server_line": {"()": "portal.request_log.ServerLineFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", "request_id", "user_id"],
            "timestamp": True,
            "reserved_attrs": [*RESERVED_ATTRS, "request", "server_time", "status_code"],
        },
        "text": {"()": "portal.request_log.TextFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context", "private"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's defaults give "django" a console handler of its own and let it propagate to the root's too,
        # so under DEBUG every line of it appeared twice. Here each line passes one handler: the root's.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True, "filters": ["server_line"]},
    },
}
