"""The Hustings instance a command acts on: Django set up with Hustings' settings, which read the
environment (`DATABASE_URL`, `HUSTINGS_DATA_DIR`, ...; `hustings.web.settings`). A setting that
cannot be read (a misspelt URL, a production site without a secret key) is one line, exit 2."""

from __future__ import annotations

import os
from typing import Any


def setup() -> None:
    """Set Django up for this process, once."""
    from hustings.cli.main import UsageError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hustings.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except (ImproperlyConfigured, ValueError) as problem:
        raise UsageError(str(problem)) from None


def unapplied_migrations() -> list[str]:
    """The migrations the database still lacks, as `app.name`."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def ready() -> None:
    """Set Django up and refuse a database that lacks migrations (one line, exit 2)."""
    from hustings.cli.main import UsageError

    setup()
    if missing := unapplied_migrations():
        raise UsageError(f"the database lacks {len(missing)} migration(s): run `hustings manage migrate` first")


def account(username: str) -> Any:
    """The active account a command acts as (`--as`): it has exactly that account's powers, checked
    by the services as on the web pages and the API."""
    from django.contrib.auth import get_user_model

    from hustings.cli.main import UsageError

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UsageError(f"no active account {username!r} on this instance")
    return user


def ballot_of(user: Any, number: int) -> Any:
    """A ballot of the account's organisations (another organisation's is not found, as on the web)."""
    from hustings.cli.main import UsageError
    from hustings.services import visible

    ballot = visible.ballots(user).select_related("organisation").filter(pk=number).first()
    if ballot is None:
        raise UsageError(f"no ballot {number} in an organisation of this account")
    return ballot
