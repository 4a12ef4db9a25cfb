"""Production settings: they fail closed.

DEBUG is off unless DEBUG=true; SECRET_KEY and ALLOWED_HOSTS must come from the environment.
Developer defaults live in ``budgetlijn.conf.dev``; the test suite uses ``budgetlijn.conf.test``.
Every environment variable is documented in docs/configuration.md.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from budgetlijn.conf.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = Path(__file__).resolve().parents[1]

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "budgetlijn.audit",
    "budgetlijn.parameters",
    "budgetlijn.dossiers",
    "budgetlijn.ledger",
    "budgetlijn.contracts",
    "budgetlijn.costs",
    "budgetlijn.assistance",
    "budgetlijn.reporting",
    "budgetlijn.access",
    "budgetlijn.api",
    "budgetlijn.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "budgetlijn.conf.urls"
WSGI_APPLICATION = "budgetlijn.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite file by default; PostgreSQL 15 (psycopg 3) when DATABASE_URL says so.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# User-facing text is Dutch (nl-BE). Source strings are written in Dutch and wrapped in
# Django's translation functions, so an English catalogue can follow (docs/decisions/0002).
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Nederlands"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")

# Dated parameters (rules/parameters/*.yaml); another directory may be given for a deployment.
BUDGETLIJN_PARAMETER_DIR = env_str("BUDGETLIJN_PARAMETER_DIR")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Budgetlijn API",
    "VERSION": "0.1.0",
    # The API documentation's assets are served by Budgetlijn itself, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- REST API v1 (issue 10): tokens with an expiry (django-rest-knox), problem details,
# paging and throttling. Rates are "<number>/<second|minute|hour|day>"; docs/configuration.md.
INSTALLED_APPS.append("knox")
REST_FRAMEWORK.update(
    {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "knox.auth.TokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "EXCEPTION_HANDLER": "budgetlijn.api.problems.exception_handler",
        "DEFAULT_PAGINATION_CLASS": "budgetlijn.api.pagination.PageNumberPagination",
        "PAGE_SIZE": 25,
        "DEFAULT_THROTTLE_CLASSES": [
            "budgetlijn.api.throttling.AnonRateThrottle",
            "budgetlijn.api.throttling.UserRateThrottle",
            "budgetlijn.api.throttling.ScopedRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {
            "anon": env_str("API_THROTTLE_ANON") or "60/minute",
            "user": env_str("API_THROTTLE_USER") or "600/minute",
            "token": env_str("API_THROTTLE_TOKEN") or "10/minute",
        },
    }
)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "BudgetStatusEnum": "budgetlijn.dossiers.constants.BudgetStatus",
    "ContractStatusEnum": "budgetlijn.contracts.constants.ContractStatus",
    "CostOutcomeEnum": "budgetlijn.costs.constants.Outcome",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=int(env_str("API_TOKEN_TTL_HOURS") or "10")),
    "TOKEN_LIMIT_PER_USER": 20,
    "AUTO_REFRESH": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
}


def check_production_safety() -> None:
    """Refuse to start a production configuration that is not safe."""
    if DEBUG:
        return
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")


if __name__ == "budgetlijn.conf.settings":
    check_production_safety()
