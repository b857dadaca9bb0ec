"""``hustings check --deploy`` names each problem of a site not ready for production and exits 1;
a production-configured site passes with 0. ``hustings manage`` runs Django's commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HUSTINGS = [sys.executable, "-m", "hustings.cli.main"]
READY = {
    "HUSTINGS_HTTPS": "1",
    "HUSTINGS_PROXIES": "1",
    "HUSTINGS_SECRET_KEY": "tV8-qz3Lw0rN7yPj5KcXe2Hb9UfMs4Ga6DiRo1Yn_WkZhQvEgTlCpAuJxSmOdBI",
    "HUSTINGS_ALLOWED_HOSTS": "vote.example.org",
    "HUSTINGS_EMAIL_URL": "smtp://returning%40example.org:pw@mail.example.org:587/?tls=1",
    "HUSTINGS_FROM_EMAIL": "returning-officer@example.org",
    "HUSTINGS_SITE_URL": "https://vote.example.org",
}


def run(data_dir: Path, *words: str, **settings: str) -> subprocess.CompletedProcess[str]:
    drop = ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the browser tests set the latter for themselves
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_") and k not in drop}
    env.update(HUSTINGS_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="hustings.web.settings", **settings)
    return subprocess.run([*HUSTINGS, *words], capture_output=True, text=True, env=env, timeout=120, check=False)


def test_a_development_site_is_not_ready_and_each_problem_is_named(tmp_path: Path) -> None:
    done = run(tmp_path, "check", "--deploy", HUSTINGS_WEB_DEBUG="1")
    assert done.returncode == 1
    for problem in ("no secret key", "DEBUG is on", "no HTTPS", "console mail", "no sender"):
        assert problem in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_production_site_without_a_key_is_named_not_a_traceback(tmp_path: Path) -> None:
    settings = {k: v for k, v in READY.items() if k != "HUSTINGS_SECRET_KEY"}
    done = run(tmp_path, "check", "--deploy", **settings)
    assert done.returncode == 1 and "hustings.E001: no secret key" in done.stderr
    assert done.stderr.count("\n") == 2  # that problem, and the count
    assert not (tmp_path / "secret_key").exists()  # a production site never makes its own key


def test_a_production_configured_site_passes(tmp_path: Path) -> None:
    done = run(tmp_path, "check", "--deploy", **READY)
    assert done.returncode == 0, done.stderr
    assert "Ready for production" in done.stdout


def test_a_misspelt_mail_url_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run(tmp_path, "check", HUSTINGS_EMAIL_URL="smpt://mail.example.org")
    assert done.returncode == 2 and done.stderr.strip() == (
        "hustings: error: HUSTINGS_EMAIL_URL scheme 'smpt' is not supported (use smtp://, smtps:// or console://)"
    )


def test_manage_runs_django_commands_on_the_instance(tmp_path: Path) -> None:
    migrated = run(tmp_path, "manage", "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "hustings.sqlite3").is_file()
    shown = run(tmp_path, "manage", "showmigrations", "jobs")
    assert "[X] 0001_initial" in shown.stdout
    unknown = run(tmp_path, "manage", "no-such-command")
    assert unknown.returncode == 1 and "Unknown command" in unknown.stderr
