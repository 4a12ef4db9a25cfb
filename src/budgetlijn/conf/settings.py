"""Production settings: they fail closed.

DEBUG is off unless DEBUG=true; SECRET_KEY and ALLOWED_HOSTS must come from the environment.
Developer defaults live in ``budgetlijn.conf.dev``; the test suite uses ``budgetlijn.conf.test``.
Every environment variable is documented in docs/configuration.md.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from budgetlijn.conf.env import cache_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = Path(__file__).resolve().parents[1]

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # Django's admin with the two-factor admin site (budgetlijn.security.admin_site).
    "budgetlijn.security.apps.BudgetlijnAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "budgetlijn.security.apps.SecurityConfig",
    "budgetlijn.audit",
    "budgetlijn.parameters",
    "budgetlijn.dossiers",
    "budgetlijn.ledger",
    "budgetlijn.contracts",
    "budgetlijn.costs",
    "budgetlijn.assistance",
    "budgetlijn.freeshare",
    "budgetlijn.vouchers",
    "budgetlijn.settlements",
    "budgetlijn.payments",
    "budgetlijn.reporting",
    "budgetlijn.access",
    "budgetlijn.api",
    "budgetlijn.portal",
    "budgetlijn.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "budgetlijn.security.middleware.PrivateCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "budgetlijn.security.two_factor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a lock-out noticed during sign-in into the lock-out page (django-axes).
    "axes.middleware.AxesMiddleware",
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

# The cache holds the API's throttle counts (DRF), so it must be shared by every server process:
# a per-process memory cache would let each process count on its own (issue 10). By default a
# table of the database (``manage.py createcachetable``; ``migrate`` creates it too, see
# security/apps.py); CACHE_URL chooses another (docs/configuration.md, conf/env.cache_from_url).
CACHE_URL = env_str("CACHE_URL") or "db://budgetlijn_cache"
CACHES = {"default": cache_from_url(CACHE_URL)}

# Argon2id first; the others only to check (and then rehash) passwords stored before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

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
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")

# Dated parameters (rules/parameters/*.yaml); another directory may be given for a deployment.
BUDGETLIJN_PARAMETER_DIR = env_str("BUDGETLIJN_PARAMETER_DIR")

# The agency's own account, the debtor of every payment run's SEPA credit-transfer file
# (payments.services.export_run; docs/configuration.md). The defaults are a test account.
PAYMENT_DEBTOR_NAME = (
    env_str("PAYMENT_DEBTOR_NAME") or "Vlaams Agentschap voor Personen met een Handicap"
)
PAYMENT_DEBTOR_IBAN = env_str("PAYMENT_DEBTOR_IBAN") or "BE09091012234557"
PAYMENT_DEBTOR_BIC = env_str("PAYMENT_DEBTOR_BIC") or "GKCCBEBB"

# HTTPS, also behind a TLS reverse proxy (docs/configuration.md, "Behind a reverse proxy").
# Production defaults are the safe ones (`manage.py check --deploy` passes without a warning);
# the developer and test settings turn the redirect and HSTS off through the same variables.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
# The proxy terminates TLS and says so in X-Forwarded-Proto; only trust that header when a
# proxy that sets (and overwrites) it stands in front: otherwise a client could claim https.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", default=False)
# Full origins (scheme and host) a form may be posted from, e.g. https://budgetlijn.example;
# needed when the public host differs from the host Django sees.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Content security policy (django-csp 4): scripts and styles only from our own static files;
# the one inline block left (the API documentation's page) carries the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # The admin's and the API documentation's icons are partly data: URLs in their CSS.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Every way in authenticates through these backends: the admin and portal login forms, DRF's
# HTTP Basic and session authentication. django-axes comes first and refuses a locked-out
# username before any password is checked, so after LOGIN_FAILURE_LIMIT wrong passwords even
# the right one is refused for LOGIN_LOCKOUT_MINUTES (docs/configuration.md, "Sign-in").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=_LOCKOUT_MINUTES) if _LOCKOUT_MINUTES else None
# By default a username is locked after the limit (whatever the address: guessing one
# account's password from many addresses is stopped too), and so is an address (whatever the
# usernames: trying one password on many accounts is stopped too). Behind proxies the address
# is the client's as the proxies report it (TRUSTED_PROXY_COUNT, budgetlijn.security.client_ip).
LOGIN_LOCKOUT_BY = {
    "username": ["username"],
    "ip_address": ["ip_address"],
    "username+ip_address": [["username", "ip_address"]],
    "username,ip_address": ["username", "ip_address"],
}
_lockout_by = env_str("LOGIN_LOCKOUT_BY") or "username,ip_address"
if _lockout_by not in LOGIN_LOCKOUT_BY:
    raise ImproperlyConfigured(
        f"LOGIN_LOCKOUT_BY must be one of {', '.join(LOGIN_LOCKOUT_BY)}, not {_lockout_by!r}"
    )
AXES_LOCKOUT_PARAMETERS = LOGIN_LOCKOUT_BY[_lockout_by]
AXES_RESET_ON_SUCCESS = True
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)
AXES_CLIENT_IP_CALLABLE = "budgetlijn.security.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "budgetlijn.security.lockout.locked_out"
AXES_VERBOSE = False
# Failed sign-ins are counted in the database (axes' AccessAttempt table), not in the cache:
# shared by every process without depending on CACHE_URL, and visible in the admin. Said
# explicitly so a change of axes' default cannot move them to a per-process cache.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Sign-in through an OpenID Connect provider (eID, itsme via the government's identity broker),
# behind OIDC_ENABLED (budgetlijn.security.oidc, docs/configuration.md "OpenID Connect").
OIDC_ENABLED = env_bool("OIDC_ENABLED", default=False)
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID") or ""
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET") or ""
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT") or ""
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT") or ""
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT") or ""
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT") or ""
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO") or "RS256"
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES") or "openid profile rrn"
OIDC_NATIONAL_NUMBER_CLAIM = env_str("OIDC_NATIONAL_NUMBER_CLAIM") or "rrn"
OIDC_USER_FOR_NATIONAL_NUMBER = env_str("OIDC_USER_FOR_NATIONAL_NUMBER") or ""
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
LOGIN_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?oidc=mislukt"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_ISSUER",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"OIDC_ENABLED needs {', '.join(_missing)}")
    AUTHENTICATION_BACKENDS.append("budgetlijn.security.oidc.NationalNumberOIDCBackend")

# Two-factor sign-in for agency staff (budgetlijn.security.two_factor): TOTP codes from an
# authenticator app; the app shows the account as "Budgetlijn".
OTP_TOTP_ISSUER = "Budgetlijn"

REST_FRAMEWORK = {
    # Both check passwords through AUTHENTICATION_BACKENDS, so the throttling holds for them.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "budgetlijn.security.api_auth.PasswordBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
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
        # Tokens first (an anonymous call is told to use one); HTTP Basic and the session
        # check passwords through AUTHENTICATION_BACKENDS (django-axes) and refuse staff
        # without their second step (security.api_auth, decision 0019 sign-in).
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "knox.auth.TokenAuthentication",
            "budgetlijn.security.api_auth.PasswordBasicAuthentication",
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
# Free-share requests and voucher lines share one set of outcome values (the API shows the
# values; each answer has its Dutch label beside it).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["DecisionOutcomeEnum"] = [
    (value, value) for value in ("ACCEPTED", "PARTLY", "REFUSED")
]
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
    # Django's own deploy check (security.W009) wants 50 characters, 5 of them different.
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be at least 50 characters, at least 5 of them different."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")


if __name__ == "budgetlijn.conf.settings":
    check_production_safety()
