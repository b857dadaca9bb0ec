"""Settings are safe by default: debug off, CSRF checked, clickjacking refused."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection


def test_debug_is_off_and_csrf_middleware_is_on() -> None:
    assert settings.DEBUG is False
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SESSION_COOKIE_HTTPONLY


def test_secret_key_is_long_and_not_djangos_placeholder() -> None:
    assert len(settings.SECRET_KEY) >= 50
    assert not settings.SECRET_KEY.startswith("django-insecure")


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_database_url_names() -> None:
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
