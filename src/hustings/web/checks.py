"""Hustings' own deployment checks, run by `hustings check --deploy` beside Django's: each names a
setting a production site must have, and how to give it (docs/deploy.md, "Check")."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.http.request import split_domain_port, validate_host
from django.utils.translation import to_locale

from hustings.web.mail_url import UNDELIVERED


@register(Tags.security, deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    problems = []
    if getattr(settings, "SECRET_KEY_SOURCE", "") == "new":
        problems.append(
            Error(
                "no secret key: set HUSTINGS_SECRET_KEY (50 random characters or more), the same for every process",
                id="hustings.E001",
            )
        )
    if settings.DEBUG:
        problems.append(Error("DEBUG is on: unset HUSTINGS_WEB_DEBUG", id="hustings.E002"))
    if not getattr(settings, "HTTPS", False):
        problems.append(
            Error("no HTTPS: serve behind TLS and set HUSTINGS_HTTPS=1 (and HUSTINGS_PROXIES=1)", id="hustings.E003")
        )
    if settings.EMAIL_BACKEND in UNDELIVERED:
        problems.append(
            Error(
                "mail reaches no one (console mail): set HUSTINGS_EMAIL_URL, e.g. smtp://user:pass@host:587/?tls=1",
                id="hustings.E004",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost"):
        problems.append(Error("no sender: set HUSTINGS_FROM_EMAIL to the address mail comes from", id="hustings.E005"))
    site = str(getattr(settings, "HUSTINGS_SITE_URL", ""))
    if not site.startswith("https://"):
        problems.append(
            Error(f"HUSTINGS_SITE_URL is {site!r}: set it to the site's https:// address", id="hustings.E006")
        )
    return problems


@register(Tags.security, deploy=True)
def behind_the_proxy(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The settings that must agree with the proxy in front: `hustings serve` speaks plain HTTP, so
    with HTTPS on the scheme can only come from the proxy's `X-Forwarded-Proto`; and the site's
    address must be a host the site answers to."""
    problems = []
    if getattr(settings, "HTTPS", False) and not getattr(settings, "PROXIES", 0):
        problems.append(
            Error(
                "HUSTINGS_HTTPS=1 without HUSTINGS_PROXIES: behind the TLS proxy every request would look "
                "like plain HTTP and be redirected to https again, forever; set HUSTINGS_PROXIES=1",
                id="hustings.E008",
            )
        )
    host, _ = split_domain_port(urlsplit(str(getattr(settings, "HUSTINGS_SITE_URL", ""))).netloc)
    if host and not validate_host(host, settings.ALLOWED_HOSTS):
        problems.append(
            Error(
                f"HUSTINGS_SITE_URL's host {host} is not in HUSTINGS_ALLOWED_HOSTS "
                f"({','.join(settings.ALLOWED_HOSTS)}): the site would refuse its own links",
                id="hustings.E009",
            )
        )
    return problems


@register(Tags.translation, deploy=True)
def compiled_catalogues(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every language offered but English has its compiled catalogue (`django.mo`): the .mo files
    are built from the .po files by `make messages` (GNU gettext's msgfmt), not kept in git, and
    `pip install .` ships only what is built; without one the language's pages come out in English."""
    problems = []
    for code, name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        found = [Path(folder) / to_locale(code) / "LC_MESSAGES" / "django.mo" for folder in settings.LOCALE_PATHS]
        if not any(path.is_file() for path in found):
            problems.append(
                Error(
                    f"the {code} translation ({name}) is not compiled (no {found[0]}): run `make messages` "
                    "(it needs gettext) before `pip install .`",
                    id="hustings.E007",
                )
            )
    return problems
