"""The database Django uses, read from `DATABASE_URL` (PostgreSQL or SQLite) or a SQLite file by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


def database_from_url(url: str) -> dict[str, Any]:
    """Django's `DATABASES["default"]` for `postgres://user:password@host:port/name` or `sqlite:///path`.

    Raises ValueError for another scheme or a URL without a database name.
    """
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ValueError(f"DATABASE_URL names no database: {url!r}")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path, as dj-database-url reads them.
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        return sqlite_database(Path(path) if path else Path(":memory:"))
    raise ValueError(f"DATABASE_URL scheme {parts.scheme!r} is not supported (use postgres:// or sqlite://)")


# SQLite as a server's database: write-ahead logging, so readers never wait for the writer nor it
# for them; `synchronous=NORMAL`, which in WAL mode loses no committed transaction to a crash of
# the process (only, at worst, the last ones to a power cut) and saves an fsync per commit; every
# transaction begun `IMMEDIATE`, taking the write lock at BEGIN, where waiting for it is safe,
# rather than at its first write, where SQLite would answer "database is locked" at once to avoid
# a deadlock; and a writer waits up to `timeout` seconds for the lock before giving up.
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def sqlite_database(path: Path) -> dict[str, Any]:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": dict(SQLITE_OPTIONS)}
