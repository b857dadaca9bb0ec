"""DATABASE_URL chooses the database; without it, a SQLite file in the data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from hustings.web.database import database_from_url


def test_postgres_url_gives_every_connection_field() -> None:
    db = database_from_url("postgres://postgres:s%40cret@127.0.0.1:5432/test")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "test",
        "postgres",
        "s@cret",
        "127.0.0.1",
        "5432",
    )


def test_postgres_url_without_password_or_port_leaves_them_empty() -> None:
    db = database_from_url("postgresql://postgres@localhost/hustings")
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "postgres",
        "",
        "localhost",
        "",
        "hustings",
    )


def test_sqlite_url_names_a_file() -> None:
    db = database_from_url("sqlite:///data/h.sqlite3")
    assert (db["ENGINE"], db["NAME"]) == ("django.db.backends.sqlite3", str(Path("data/h.sqlite3")))
    assert database_from_url("sqlite:////var/h.sqlite3")["NAME"] == str(Path("/var/h.sqlite3"))


@pytest.mark.parametrize("url", ["mysql://root@localhost/db", "postgres://postgres@localhost/", "nonsense"])
def test_unsupported_or_incomplete_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="DATABASE_URL"):
        database_from_url(url)


def test_a_sqlite_file_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(tmp_path: Path) -> None:
    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper({**database_from_url(f"sqlite:///{tmp_path / 'h.sqlite3'}"), "TIME_ZONE": None})
    connection = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
        assert connection.execute("PRAGMA busy_timeout").fetchone() == (20_000,)
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        connection.close()
