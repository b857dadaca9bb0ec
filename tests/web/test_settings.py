"""Settings are safe by default: debug off, CSRF checked, clickjacking refused, one secret key for
every process of a site, and secure cookies with HTTPS."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from hustings.web.secret_key import create_key_file, load_secret_key


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


def _start(data_dir: Path, **environ: str) -> subprocess.Popen[str]:
    """A new process importing the settings, as a server's worker does, printing its key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_")}
    env.update(HUSTINGS_DATA_DIR=str(data_dir), PYTHONPATH=os.pathsep.join(sys.path), **environ)
    code = "import hustings.web.settings as s; print(s.SECRET_KEY)"
    return subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_processes_started_at_once_on_an_empty_data_directory_share_one_key(tmp_path: Path) -> None:
    processes = [_start(tmp_path / "data") for _ in range(6)]
    outputs = [process.communicate(timeout=60) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _, err in outputs]
    keys = {out.strip() for out, _ in outputs}
    assert len(keys) == 1
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.read_text(encoding="utf-8").strip() in keys
    assert key_file.stat().st_mode & 0o077 == 0
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret_key"]  # no draft left behind
    later, _ = _start(tmp_path / "data").communicate(timeout=60)
    assert later.strip() in keys


def test_a_key_written_by_another_process_first_is_the_one_read(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("the-winners-key\n", encoding="utf-8")
    assert create_key_file(tmp_path / "secret_key") == "the-winners-key"


def test_production_without_a_key_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="HUSTINGS_SECRET_KEY"):
        load_secret_key(tmp_path, production=True, environ={})
    assert not (tmp_path / "secret_key").exists()
    _, err = _start(tmp_path, HUSTINGS_HTTPS="1").communicate(timeout=60)
    assert "ImproperlyConfigured" in err and "no secret key" in err
    _, err = _start(tmp_path, HUSTINGS_ALLOWED_HOSTS="vote.example.org").communicate(timeout=60)
    assert "no secret key" in err


def test_production_takes_the_key_from_the_environment_or_an_existing_file(tmp_path: Path) -> None:
    assert load_secret_key(tmp_path, production=True, environ={"HUSTINGS_SECRET_KEY": "k" * 60}) == "k" * 60
    (tmp_path / "secret_key").write_text("f" * 60 + "\n", encoding="utf-8")
    assert load_secret_key(tmp_path, production=True, environ={}) == "f" * 60
    out, _ = _start(tmp_path, HUSTINGS_HTTPS="1").communicate(timeout=60)
    assert out.strip() == "f" * 60


def test_https_makes_cookies_secure_and_sends_hsts(tmp_path: Path) -> None:
    code = (
        "import hustings.web.settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_")}
    env.update(
        HUSTINGS_DATA_DIR=str(tmp_path),
        HUSTINGS_HTTPS="1",
        HUSTINGS_SECRET_KEY="s" * 60,
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "True", "31536000"]
