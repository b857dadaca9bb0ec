"""Django settings for Hustings, all from the environment, with safe defaults.

- `HUSTINGS_DATA_DIR` (default `./.hustings`): where the SQLite file and the secret key file live.
- `DATABASE_URL`: PostgreSQL (`postgres://user@host:5432/name`) or SQLite (`sqlite:///file`);
  unset, the SQLite file `hustings.sqlite3` in the data directory (WAL mode, see `database.py`).
- `HUSTINGS_SECRET_KEY`: the secret key; unset, the data directory's `secret_key` file, made at the
  first start outside production (`secret_key.py`); in production a site without either refuses to start.
- `HUSTINGS_WEB_DEBUG=1`: Django's debug mode (off by default).
- `HUSTINGS_ALLOWED_HOSTS` (comma-separated; default `127.0.0.1,localhost`).
- `HUSTINGS_HTTPS=1`: behind TLS: secure cookies, HSTS, redirect to https.
- `HUSTINGS_PROXIES`: how many reverse proxies stand in front of the server (default 0); with one
  or more, the client's address for sign-in throttling is read from `X-Forwarded-For` and the
  scheme from `X-Forwarded-Proto`.

Production is `HUSTINGS_HTTPS=1`, or debug off with a host other than localhost in
`HUSTINGS_ALLOWED_HOSTS`.
"""

from __future__ import annotations

import os
from pathlib import Path

from hustings.web.database import database_from_url, sqlite_database
from hustings.web.secret_key import load_secret_key

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("HUSTINGS_DATA_DIR", ".hustings")).resolve()
DEBUG = os.environ.get("HUSTINGS_WEB_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("HUSTINGS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
HTTPS = os.environ.get("HUSTINGS_HTTPS") == "1"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PRODUCTION = HTTPS or (not DEBUG and any(host not in LOCAL_HOSTS for host in ALLOWED_HOSTS))
SECRET_KEY = load_secret_key(DATA_DIR, PRODUCTION)
PROXIES = int(os.environ.get("HUSTINGS_PROXIES", "0") or 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",  # failed sign-ins counted per account and per address (see AXES_* below)
    "ninja",  # the API documentation page served with its own Swagger UI files, not from a CDN
    # The store: models, migrations and admin, each app under the label it has always had.
    "hustings.store.organisations",
    "hustings.store.members",
    "hustings.store.audit",
    "hustings.store.accounts",
    "hustings.store.rulebooks",
    "hustings.store.imports",
    "hustings.store.ballots",
    "hustings.store.processes",
    "hustings.store.debates",
    # The pages: views, forms, templates and static files (labels `web_<app>`, no models).
    "hustings.web.organisations",
    "hustings.web.members",
    "hustings.web.audit",
    "hustings.web.accounts",
    "hustings.web.rulebooks",
    "hustings.web.imports",
    "hustings.web.ballots",
    "hustings.web.processes",
    "hustings.web.debates",
    "hustings.web.explorer",
    "hustings.web.api",
]

MIDDLEWARE = [
    "hustings.web.security.ContentSecurityPolicyMiddleware",
    "hustings.web.errors.ApiErrorsAsJsonMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hustings.web.errors.DatabaseBusyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]

AUTHENTICATION_BACKENDS = [
    "hustings.web.security.SignInThrottle",  # first: refuses a locked-out sign-in before any password check
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "hustings.web.urls"
WSGI_APPLICATION = "hustings.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hustings.web.accounts.navigation.navigation",
            ],
        },
    },
]

_url = os.environ.get("DATABASE_URL")
DATABASES = {"default": database_from_url(_url) if _url else sqlite_database(DATA_DIR / "hustings.sqlite3")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A test database of this process's own, so that two suites on one server never drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Rulebooks write their windows in UK wall-clock time (17:00 on 18 July 2016); the register stores
# aware datetimes and the selectors hand the rules this zone's local time.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
if PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Failed sign-ins (django-axes, in the database, so every process of the site sees the same count).
# Ten failures within the cool-off lock out the account whoever tries it (guessing one member's
# password from many addresses), and lock out the address whatever account it tries (one address
# trying a common password on many accounts). Counts are not reset by a successful sign-in: an
# attacker holding one account would otherwise clear their address's count with it. A lockout
# ends after the cool-off, or when an officer unlocks the account (`/accounts/unlock/`).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "hustings.web.security.client_address"
AXES_LOCKOUT_CALLABLE = "hustings.web.accounts.views.locked_out"
AXES_VERBOSE = False

# Content-Security-Policy, sent on every response (`security.py`): no inline script or style.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
