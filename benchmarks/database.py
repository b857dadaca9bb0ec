"""A throw-away database for a benchmark: a SQLite file in a temporary folder, or a PostgreSQL
database of the benchmark's own on the server a URL names, migrated and ready for Django.

    with throwaway_database("members", args.postgres) as vendor:
        ...  # Django is set up and migrated; DATABASE_URL and HUSTINGS_DATA_DIR point at the copy

The PostgreSQL database is created beside the one the URL names (the URL's own database is only
used to connect) and dropped at the end, on error too; a leftover of the same name from an
interrupted run is dropped first. Subprocesses started inside the block (gunicorn, a child run)
inherit the environment, so they use the same database.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import psycopg

POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def _admin(url: str) -> psycopg.Connection:
    """An autocommit connection to the server's `postgres` database, to create and drop others."""
    import psycopg

    return psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True)


@contextmanager
def throwaway_database(label: str, postgres_url: str | None, name: str | None = None) -> Iterator[str]:
    """Yield Django's vendor ("sqlite" or "postgresql") for a fresh, migrated database.

    `label` names the PostgreSQL database (`bench_<label>_<pid>`) unless `name` is given;
    with `postgres_url` None the database is a SQLite file in a temporary folder."""
    folder = tempfile.TemporaryDirectory()
    os.environ["HUSTINGS_DATA_DIR"] = folder.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hustings.web.settings")
    database = (name or f"bench_{label}_{os.getpid()}") if postgres_url else None
    try:
        if postgres_url:
            with _admin(postgres_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{database}"')
            os.environ["DATABASE_URL"] = urlunsplit(urlsplit(postgres_url)._replace(path=f"/{database}"))
        else:
            os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(folder.name) / "bench.sqlite3")
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        call_command("migrate", verbosity=0)
        yield connection.vendor
    finally:
        if postgres_url:
            from django.db import connections

            connections.close_all()
            with _admin(postgres_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        folder.cleanup()
