"""The Hustings instance a command acts on: Django set up with Hustings' settings, which read the
environment (`DATABASE_URL`, `HUSTINGS_DATA_DIR`, ...; `hustings.web.settings`). A setting that
cannot be read (a misspelt URL, a production site without a secret key) is one line, exit 2."""

from __future__ import annotations

import os


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
