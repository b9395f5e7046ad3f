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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} is invalid: expected redis://host:port/db."
    )

# Rate limits count in the cache, so processes must share one: Redis when
# there is one, a per-process memory cache otherwise.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
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
        "Text fields keep English and French versions side by side."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
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

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO") or "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The user email is unique through a case-insensitive constraint (Lower("email")),
# which this check does not recognise.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]

# ---------------------------------------------------------------------------
# Production hardening: headers, CSP, health, outage pages
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Abuse limits and uploads
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Resilience: outbox for tasks queued while Redis is away
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Benchmarks
# ---------------------------------------------------------------------------
