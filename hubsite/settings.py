"""Settings for the partnership hub, read from the environment.

Every variable is documented in the README. A bad value stops start-up with
an ImproperlyConfigured error that names the variable and the value.
"""

from __future__ import annotations

import os
import warnings
import zoneinfo
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is invalid: use one of 1, true, yes, on, 0, false, no, off."
    )


def env_int(name: str, default: int, *, minimum: int, maximum: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is invalid: expected a whole number.") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(
            f"{name}={value} is out of range: expected {minimum} to {maximum}."
        )
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is missing: set it whenever DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is missing: set it whenever DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "simple_history",
    "hubsite",
    "partners",
    "initiatives",
    "governance",
    "metrics",
    "practices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partners.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "hubsite.urls"
WSGI_APPLICATION = "hubsite.wsgi.application"
ASGI_APPLICATION = "hubsite.asgi.application"

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
                "partners.context_processors.demo_notice",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database and cache
# ---------------------------------------------------------------------------

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'hub.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", DEFAULT_SQLITE_URL) or DEFAULT_SQLITE_URL
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is invalid: {error}") from None
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
}:
    raise ImproperlyConfigured(
        f"DATABASE_URL uses {DATABASES['default']['ENGINE']}: use postgres:// or sqlite://."
    )
USING_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Test a persistent connection before a request reuses it, so the first
# request after a PostgreSQL restart reconnects instead of failing on a
# connection that broke while idle. (Django already closes a connection that
# failed during a request when the request ends.)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} is invalid: expected redis://host:port/db."
    )

# Rate limits count in the cache, so processes must share one: Redis when
# there is one, a per-process memory cache otherwise. While Redis is
# unreachable, hubsite.cache returns a miss for every read instead of raising,
# and the short socket timeouts (seconds) keep a request from waiting on it.
CACHES = {
    "default": (
        {
            "BACKEND": "hubsite.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hub"}
    )
}

# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "partners:dashboard"

ACCOUNT_ADAPTER = "partners.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SESSION_REMEMBER = None
# A second sign-up with a known address gets a clear message instead of a
# silent email, because the people this hub serves expect to see the reason on the page.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_FORMS = {"signup": "partners.forms.SignupForm"}
# Limits per client address (ip) and per email address (key), in allauth's
# "count/period" notation.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "3/m/key",
    "change_password": "5/m/user",
}
# NOTE: WebAuthn security keys are left out because browsers refuse them on
# plain-http development origins such as http://127.0.0.1:8000; add
# "webauthn" on a site served over HTTPS.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Partnership Network Hub"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ANONYMOUS_USER_NAME = None

# ---------------------------------------------------------------------------
# Languages and time
# ---------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True

TIME_ZONE = env_str("TIME_ZONE", "America/Toronto") or "America/Toronto"
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(
        f"TIME_ZONE={TIME_ZONE!r} is invalid: use an IANA name such as America/Toronto."
    )

# Quarterly reviews and reporting periods start in this month; April matches
# the Government of Canada's fiscal year.
HUB_QUARTER_START_MONTH = env_int("HUB_QUARTER_START_MONTH", 4, minimum=1, maximum=12)

# ---------------------------------------------------------------------------
# Static files
# ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# In development WhiteNoise serves from the finders; collectstatic fills STATIC_ROOT
# only for deployment, so its absence is expected here.
WHITENOISE_USE_FINDERS = DEBUG
warnings.filterwarnings("ignore", message="No directory at")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hub@example.org")
# Links in emails start with this address (scheme, host and port, no trailing slash).
HUB_SITE_URL = env_str("HUB_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Shown on the help page of every language as the coordinators' address.
HUB_CONTACT_EMAIL = env_str("HUB_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# The lead coordinator, emailed when a quarterly review is more than 30 days overdue.
HUB_LEAD_COORDINATOR_EMAIL = env_str("HUB_LEAD_COORDINATOR_EMAIL", HUB_CONTACT_EMAIL)

# ---------------------------------------------------------------------------
# Celery
# ---------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without Redis the portal runs tasks in-process, so `make run` needs no broker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "send-declaration-reminders": {
        "task": "partners.tasks.send_declaration_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Other apps' schedules follow, one entry each. Keep every run outside
    # 01:00-03:00 local time, so daylight-saving changes cannot skip or repeat it.
    "rebuild-similar-work": {
        "task": "initiatives.tasks.rebuild_similar_work",
        "schedule": crontab(hour=4, minute=30),
    },
    "open-quarterly-reviews": {
        "task": "governance.tasks.open_quarterly_reviews",
        "schedule": crontab(hour=5, minute=15),
    },
    "send-review-reminders": {
        "task": "governance.tasks.send_review_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "send-reporting-reminders": {
        "task": "metrics.tasks.send_reporting_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "send-weekly-digests": {
        "task": "practices.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "send-monthly-digests": {
        "task": "practices.tasks.send_monthly_digests",
        "schedule": crontab(hour=7, minute=45, day_of_month="1"),
    },
    "retry-digest-deliveries": {
        "task": "practices.tasks.retry_digest_deliveries",
        "schedule": crontab(hour="0,3-23", minute=20),
    },
}

# Demo loaders of the apps that build on partners, in load order (see
# partners.demo.demo_sections). A later loader may use an earlier one's records.
HUB_DEMO_SECTIONS: tuple[str, ...] = (
    # partnerships, leadership roles, initiatives, governance, metrics
    "partners.demo.partnerships.load_demo_partnerships",
    "partners.demo.leadership_roles.load_demo_leadership_roles",
    "initiatives.demo.load_demo_initiatives",
    "governance.demo.load_demo_governance",
    "practices.demo.load_demo_practices",
    "metrics.demo.load_demo_metrics",
)

# ---------------------------------------------------------------------------
# REST API
# ---------------------------------------------------------------------------

REST_FRAMEWORK = {
    # Session first, so an unauthenticated request gets 403, as before tokens
    # existed, rather than a 401 with a Token challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "hubsite.pagination.HubPageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership network hub API",
    "DESCRIPTION": (
        "Read and write the partnership hub's directory of organizations. "
        "Text fields keep English and French versions side by side.\n\n"
        "Lists are paginated by `page` (with `page_size`, at most 100). For deep pages, "
        "send an empty `cursor` instead and follow each response's `next` link: keyset "
        "pagination reads the next rows from an index, so page 400 costs what page 1 "
        "costs. In cursor mode `previous` is null, and a list whose ordering cannot "
        "serve a cursor answers 400 on `cursor`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partners.api.errors.add_common_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PartnershipStateEnum": "partners.models.partnerships.PartnershipState",
        "PartnershipMemberRoleEnum": "partners.models.partnerships.MemberRole",
        "PartnershipMemberStatusEnum": "partners.models.partnerships.MemberStatus",
        "AssessmentKindEnum": "governance.models.AssessmentKind",
        "AssessmentOutcomeEnum": "governance.models.Outcome",
        "ReviewDecisionEnum": "governance.models.ReviewDecision",
        "ReviewStatusEnum": "governance.api.views.REVIEW_STATUS_CHOICES",
        "InitiativeStatusEnum": "initiatives.models.InitiativeStatus",
        "InitiativeKindEnum": "initiatives.models.InitiativeKind",
        "RequestDecisionStatusEnum": "initiatives.models.ConnectionRequest.Status",
        "PracticeKindEnum": "practices.models.practices.PracticeKind",
        "MembershipRoleEnum": "partners.models.memberships.Role",
        "LanguageEnum": [("en", "English"), ("fr", "French")],
    },
}

# ---------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS. The defaults suit a production site (DEBUG off); development over
# http://127.0.0.1:8000 gets no redirect and no HSTS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Health checks from docker-compose and load balancers use plain HTTP inside
# the private network, so they are not redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Browsers remember HSTS for this many seconds (one year by default when DEBUG
# is off). Start with a few minutes on a new domain, because browsers keep
# refusing plain HTTP until the time runs out.
SECURE_HSTS_SECONDS = env_int(
    "SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0, maximum=63_072_000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Behind a reverse proxy or load balancer that ends TLS, requests reach Django as plain
# HTTP. HUB_BEHIND_TLS_PROXY=true trusts the proxy's X-Forwarded-Proto header.
# Turn it on only when the proxy always sets or overwrites that header,
# because otherwise a client can send it and pass as HTTPS.
HUB_BEHIND_TLS_PROXY = env_bool("HUB_BEHIND_TLS_PROXY", default=False)
if HUB_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

# LOG_FORMAT=json writes one JSON object per line, for log collectors; plain
# text is the default. Every record carries the id of the request (or of the
# request that queued the Celery task) it belongs to, "-" outside requests,
# and email addresses in messages and tracebacks are replaced with "[email]".
LOG_FORMAT = env_str("LOG_FORMAT", "plain").lower() or "plain"
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is invalid: use plain or json.")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper() or "INFO"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL={LOG_LEVEL!r} is invalid: use DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "hubsite.logging.RequestIdFilter"},
        "redact_email": {"()": "hubsite.logging.RedactEmailFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact_email"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The user email is unique through a case-insensitive constraint (Lower("email")),
# which this check does not recognise.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]

# ---------------------------------------------------------------------------
# Production hardening: headers, CSP, health, outage pages
# ---------------------------------------------------------------------------

# The request id goes first so that every later middleware logs with it. The
# outage middleware goes last and turns database errors of views into 503 pages.
MIDDLEWARE.insert(0, "hubsite.middleware.RequestIdMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "hubsite.middleware.PermissionsPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("hubsite.middleware.PermissionsPolicyMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE.append("hubsite.middleware.DatabaseOutageMiddleware")
INSTALLED_APPS.append("csp")

# Content-Security-Policy (django-csp 4). Scripts and styles come only from
# this site's static files: templates hold no inline script, event handler or
# style attribute. A template that needs inline script adds
# nonce="{{ request.csp_nonce }}", which the NONCE entry allows.
# NOTE: DRF's browsable API templates carry a few style attributes (buttons
# floated right), which this policy blocks, so those buttons sit on the left.
# Images also allow data: URIs, because the two-factor set-up page shows its
# QR code as one and Swagger UI draws its icons with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Browser features the hub never uses, turned off for its pages and for any
# page that frames them.
HUB_PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

# Retry-After of the 503 page shown while the database is unreachable, in
# seconds: how long clients should wait before they retry.
HUB_OUTAGE_RETRY_AFTER = 30

# collectstatic writes here. Set STATIC_ROOT to collect elsewhere, for
# example onto a volume that a reverse proxy serves.
STATIC_ROOT = Path(env_str("STATIC_ROOT") or STATIC_ROOT)

# ---------------------------------------------------------------------------
# Abuse limits and uploads
# ---------------------------------------------------------------------------

# django-ratelimit counts in the default cache, which every web process shares
# when REDIS_URL is set. With a per-process memory cache each process counts
# on its own, so a limit is only per process.
RATELIMIT_USE_CACHE = "default"
# Let requests through when the cache cannot count (Redis unreachable) instead
# of returning 429 to everyone.
RATELIMIT_FAIL_OPEN = True
# NOTE: django-ratelimit keys "ip" limits on REMOTE_ADDR. Behind a reverse
# proxy every client shares the proxy's address unless the proxy rewrites it.
# Limits of the hub's own forms, in django-ratelimit's "count/period" notation
# (s, m, h or d). Invitations count per signed-in person across the member and
# partnership invitation pages and API; subscriptions count per client address
# and per email address across the subscription page and API.
HUB_RATE_LIMITS = {
    "invitation_per_user": env_str("HUB_RATE_LIMIT_INVITATIONS", "20/h") or "20/h",
    "subscription_per_ip": env_str("HUB_RATE_LIMIT_SUBSCRIPTIONS_IP", "10/h") or "10/h",
    "subscription_per_email": env_str("HUB_RATE_LIMIT_SUBSCRIPTIONS_EMAIL", "3/h") or "3/h",
}

# Uploaded files. hubsite.uploads.serve_media sends them under MEDIA_URL in
# development and production alike, with headers that stop browsers from
# running them.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
# Largest CSV report file and organization logo accepted, in bytes.
# NOTE: Django receives the whole request body before a form checks a file's
# size (files over 2.5 MB go to a temporary file), so the reverse proxy should
# also cap request bodies.
METRICS_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
ORGANIZATION_LOGO_MAX_BYTES = 1024 * 1024

# ---------------------------------------------------------------------------
# Resilience: outbox for tasks queued while Redis is away
# ---------------------------------------------------------------------------

# hubsite.outbox publishes a task after commit. When the broker is unreachable
# it gives up within about a second and stores the task in the database, and
# hubsite.tasks.drain_outbox publishes it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0  # seconds
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 2.0}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULE["drain-outbox"] = {
    "task": "hubsite.tasks.drain_outbox",
    "schedule": crontab(minute="*"),
}

# ---------------------------------------------------------------------------
# Benchmarks: cache of whole public pages for anonymous visitors
# ---------------------------------------------------------------------------

# Maximum seconds that hubsite.page_cache keeps the public pages (home,
# directories, organization and initiative pages) for visitors without a
# session. Any save of a hub model makes the stored pages stale at once.
# 0 turns the cache off. It is the default when DEBUG is on, so development
# and the tests show every change at once.
HUB_PAGE_CACHE_SECONDS = env_int(
    "HUB_PAGE_CACHE_SECONDS", 0 if DEBUG else 60, minimum=0, maximum=86_400
)
# Last, right around the view, so that every other middleware still runs on a
# page served from the cache and adds its per-response headers (request id,
# Content-Security-Policy).
MIDDLEWARE.append("hubsite.page_cache.PageCacheMiddleware")
