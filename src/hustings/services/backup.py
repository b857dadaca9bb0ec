"""Back up a whole instance to one file, and restore it into an empty database, on SQLite or
PostgreSQL, either way round (docs/deploy.md, "Backups").

The file is gzip-compressed JSON Lines: a header naming the format, the time, and the last
migration of each app; then for each table, in an order where rows come after those they refer
to, a line `{"model": "app.Model", "fields": [...]}` followed by one JSON list per row. Values
keep their full precision (times to the microsecond, binary as base64, decimals as text), so a
restored bulletin board hashes exactly as it did, and `hustings verify` passes on it.

A restore migrates the empty database to the backup's migrations, loads every row with its
primary key (foreign keys are checked at the end, as Django's `loaddata` does), resets the
tables' sequences, and then applies any newer migrations: a backup taken before an upgrade is
restored by the upgraded code.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps as installed_apps
from django.apps.registry import Apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import sort_dependencies
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.duration import duration_iso_string
from django.utils.translation import gettext

FORMAT = "hustings-backup"
VERSION = 1
BATCH = 2000
SKIPPED = {
    "sessions.session",  # sign-ins are not restored: members sign in again
    "counts.backgroundcount",  # a visitor's upload and result, kept a day at most: not copied into backups
}
REBUILT = {"contenttypes.contenttype", "auth.permission"}  # made by migrate; replaced by the backup's


class BackupError(ValueError):
    """A backup file that cannot be restored here, or a database that is not empty: in words."""


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _models(registry: Apps) -> list[type[models.Model]]:
    configs = [c for c in registry.get_app_configs() if c.models_module is not None or list(c.get_models())]
    ordered = sort_dependencies([(c, None) for c in configs], allow_cycles=True)
    return [m for m in ordered if m._meta.label_lower not in SKIPPED and not m._meta.proxy and m._meta.managed]


def _leaves() -> list[list[str]]:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return [list(node) for node in sorted(executor.loader.graph.leaf_nodes())]


def backup(out: IO[bytes]) -> dict[str, int]:
    """Write the whole database to `out` (a binary stream); returns the rows written per model.
    Read in one repeatable-read snapshot on PostgreSQL (one transaction on SQLite)."""
    counts: dict[str, int] = {}
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=6) as text, transaction.atomic():
        if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        header = {"format": FORMAT, "version": VERSION, "created": dt.datetime.now(dt.UTC).isoformat()}
        text.write(json.dumps({**header, "migrations": _leaves()}) + "\n")
        for model in _models(installed_apps):
            fields = [f.attname for f in model._meta.concrete_fields]
            text.write(json.dumps({"model": model._meta.label_lower, "fields": fields}) + "\n")
            rows = model._base_manager.order_by("pk").values_list(*fields).iterator(chunk_size=BATCH)
            n = 0
            for row in rows:
                text.write(json.dumps([_encode(v) for v in row], separators=(",", ":")) + "\n")
                n += 1
            counts[model._meta.label_lower] = n
    return counts


def _lines(path: Path) -> Iterator[Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as text:
            for number, line in enumerate(text, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    raise BackupError(
                        gettext("{path}, line {number}: not a Hustings backup line").format(path=path, number=number)
                    ) from None
    except (gzip.BadGzipFile, EOFError, UnicodeDecodeError) as problem:
        raise BackupError(
            gettext("{path} is not a Hustings backup ({problem})").format(path=path, problem=problem)
        ) from None


def _occupied(registry: Apps) -> list[str]:
    tables = set(connections[DEFAULT_DB_ALIAS].introspection.table_names())
    return [
        m._meta.label_lower
        for m in _models(registry)
        if m._meta.db_table in tables and m._meta.label_lower not in REBUILT and m._base_manager.exists()
    ]


def restore(path: Path) -> dict[str, int]:
    """Restore the backup at `path` into this (empty) database; returns the rows per model.
    Raises `BackupError` for a file that is not a backup, or a database that holds data."""
    lines = _lines(path)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(gettext("{path} is not a Hustings backup (no header)").format(path=path))
    if header.get("version") != VERSION:
        raise BackupError(
            gettext("{path} is a backup of format version {version}; this reads {VERSION}").format(
                path=path, version=header.get("version"), VERSION=VERSION
            )
        )
    if occupied := _occupied(installed_apps):
        raise BackupError(
            gettext("the database is not empty ({occupied} hold rows): restore into an empty one").format(
                occupied=", ".join(occupied[:4])
            )
        )
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    targets = [tuple(node) for node in header.get("migrations", [])]
    unknown = [".".join(t) for t in targets if t not in executor.loader.graph.nodes]
    if unknown:
        raise BackupError(
            gettext("{path} was made by a newer Hustings (migrations {unknown}): upgrade first").format(
                path=path, unknown=", ".join(unknown[:3])
            )
        )
    executor.migrate(targets)  # the schema the backup was taken from
    registry = executor.loader.project_state(targets).apps
    counts = _load(lines, registry, path)
    call_command("migrate", verbosity=0)  # then forward to this code's schema
    return counts


def _load(lines: Iterator[Any], registry: Apps, path: Path) -> dict[str, int]:
    connection = connections[DEFAULT_DB_ALIAS]
    counts: dict[str, int] = {}
    loaded: list[type[models.Model]] = []
    with transaction.atomic(), connection.constraint_checks_disabled():
        for label in REBUILT:
            registry.get_model(label)._base_manager.all().delete()
        model: type[models.Model] | None = None
        fields: list[models.Field[Any, Any]] = []
        batch: list[models.Model] = []
        for item in lines:
            if isinstance(item, dict):
                _flush(model, batch)
                model = registry.get_model(item["model"])
                by_name = {f.attname: f for f in model._meta.concrete_fields}
                fields = [by_name[name] for name in item["fields"]]
                for field in fields:  # keep the backup's times, not the time of the restore
                    if isinstance(field, models.DateField):
                        field.auto_now = field.auto_now_add = False
                loaded.append(model)
                counts[item["model"]] = 0
                continue
            if model is None:
                raise BackupError(gettext("{path}: rows before any table").format(path=path))
            batch.append(model(**{f.attname: _decode(f, v) for f, v in zip(fields, item, strict=True)}))
            counts[model._meta.label_lower] += 1
            if len(batch) >= BATCH:
                _flush(model, batch)
        _flush(model, batch)
        connection.check_constraints(table_names=[m._meta.db_table for m in loaded])
        _reset_sequences(loaded)
    return counts


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    return field.to_python(value)


def _flush(model: type[models.Model] | None, batch: list[models.Model]) -> None:
    if model is not None and batch:
        model._base_manager.bulk_create(batch)
    batch.clear()


def _reset_sequences(loaded: list[type[models.Model]]) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
