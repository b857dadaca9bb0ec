"""Django settings for Hustings, all from the environment, with safe defaults.

Every deployment setting is read here, once, and nowhere else (services read `django.conf.settings`);
`hustings check --deploy` names what a production site still lacks (docs/deploy.md).

- `HUSTINGS_DATA_DIR` (default `./.hustings`): where the SQLite file and the secret key file live.
- `DATABASE_URL`: PostgreSQL (`postgres://user@host:5432/name`) or SQLite (`sqlite:///file`);
  unset, the SQLite file `hustings.sqlite3` in the data directory (WAL mode, see `database.py`).
- `HUSTINGS_SECRET_KEY`: the secret key; unset, the data directory's `secret_key` file, made at the
  first start outside production (`secret_key.py`); in production a site without either refuses to start.
- `HUSTINGS_WEB_DEBUG=1`: Django's debug mode (off by default).
- `HUSTINGS_ALLOWED_HOSTS` (comma-separated; default `127.0.0.1,localhost`).
- `HUSTINGS_HTTPS=1`: behind TLS: secure cookies, HSTS, redirect to https.
- `HUSTINGS_EMAIL_URL`: where mail goes (`smtp://user:pass@host:587/?tls=1`, `smtps://...`;
  default `console://`, printed on standard output; `mail_url.py`).
- `HUSTINGS_FROM_EMAIL`: the one sender of every message (default `hustings@localhost`).
- `HUSTINGS_SITE_URL`: the site's address, for links in e-mails (default `http://127.0.0.1:8000`).
- `HUSTINGS_PAYMENT_WEBHOOK_SECRET`: the payment provider's webhook secret (unset: no provider).
- `HUSTINGS_PROXIES`: how many reverse proxies stand in front of the server (default 0); with one
  or more, the client's address for sign-in throttling is read from `X-Forwarded-For` and the
  scheme from `X-Forwarded-Proto`.

Production is `HUSTINGS_HTTPS=1`, or debug off with a host other than localhost in
`HUSTINGS_ALLOWED_HOSTS`.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from hustings.web.database import database_from_url, sqlite_database
from hustings.web.mail_url import mail_settings
from hustings.web.secret_key import KEY_FILE_NAME, load_secret_key

_env = os.environ.get
WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(_env("HUSTINGS_DATA_DIR", ".hustings")).resolve()
DEBUG = _env("HUSTINGS_WEB_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in _env("HUSTINGS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
HTTPS = _env("HUSTINGS_HTTPS") == "1"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PRODUCTION = HTTPS or (not DEBUG and any(host not in LOCAL_HOSTS for host in ALLOWED_HOSTS))
# Where the key came from, for `hustings check --deploy`: "environment", "file", or "new" (made now).
# `hustings check` sets HUSTINGS_CHECK_ONLY so that a site without a key is named, not refused.
_key_given = _env("HUSTINGS_SECRET_KEY", "").strip()
SECRET_KEY_SOURCE = "environment" if _key_given else "file" if (DATA_DIR / KEY_FILE_NAME).is_file() else "new"
if SECRET_KEY_SOURCE == "new" and PRODUCTION and _env("HUSTINGS_CHECK_ONLY") == "1":
    SECRET_KEY = "unset-" + "x" * 50  # never served: the check names the missing key and exits
else:
    SECRET_KEY = load_secret_key(DATA_DIR, PRODUCTION, {"HUSTINGS_SECRET_KEY": _key_given})
PROXIES = int(_env("HUSTINGS_PROXIES", "0") or 0)
HUSTINGS_SITE_URL = _env("HUSTINGS_SITE_URL", "").strip() or "http://127.0.0.1:8000"
HUSTINGS_PAYMENT_WEBHOOK_SECRET = _env("HUSTINGS_PAYMENT_WEBHOOK_SECRET", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",  # background work queued in the database, run by `hustings worker`
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
    "hustings.store.jobs",
    "hustings.store.counts",
    "hustings.store.mail",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from the server itself (`hustings serve`)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the language: the switcher's cookie, else Accept-Language
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

_url = _env("DATABASE_URL")
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
# English and Welsh (docs/welsh.md): the switcher in every page's header posts to Django's
# set_language, which keeps the choice in a cookie; without one, the browser's Accept-Language.
# The switcher names each language in itself (Django's name_local), not by these names.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [WEB_DIR.parent / "locale"]
LANGUAGE_COOKIE_NAME = "hustings_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Rulebooks write their windows in UK wall-clock time (17:00 on 18 July 2016); the register stores
# aware datetimes and the selectors hand the rules this zone's local time.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]
# WhiteNoise serves what `collectstatic` gathered into STATIC_ROOT (`hustings serve` gathers it at
# start), and in tests and the demo finds the files where they are.
WHITENOISE_USE_FINDERS = True
# Before the first `collectstatic` STATIC_ROOT does not exist, and the finders serve every file.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

_mail = mail_settings(_env("HUSTINGS_EMAIL_URL", "") or "console://")
EMAIL_BACKEND: str = _mail["EMAIL_BACKEND"]
EMAIL_HOST: str = _mail.get("EMAIL_HOST", "localhost")
EMAIL_PORT: int = _mail.get("EMAIL_PORT", 25)
EMAIL_HOST_USER: str = _mail.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD: str = _mail.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS: bool = _mail.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL: bool = _mail.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT: float | None = _mail.get("EMAIL_TIMEOUT")
EMAIL_FILE_PATH: str | None = _mail.get("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = SERVER_EMAIL = _env("HUSTINGS_FROM_EMAIL", "").strip() or "hustings@localhost"

# Background work (`hustings worker`): Django's task API through the django-tasks backport, queued
# in this database (django-tasks-db), so a site needs no broker; `hustings.services.jobs`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Preloading HSTS is the operator's own decision (it cannot be undone quickly): not a deploy problem.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    LANGUAGE_COOKIE_SECURE = True
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
