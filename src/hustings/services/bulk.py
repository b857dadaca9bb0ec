"""Writing many register rows fast, for the demo loader and member import: plain tuples written
with their ids (COPY on PostgreSQL, executemany on SQLite) rather than model instances, which
cost about ten times the insert at a register's scale; then the sequences and statistics."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

T = TypeVar("T")


def next_id(model: type[models.Model]) -> int:
    """The id the next row of `model` will take when rows are written with their ids."""
    return (model._default_manager.aggregate(last=Max("id"))["last"] or 0) + 1


def write_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Write plain rows into `model`'s table: COPY on PostgreSQL, one executemany on SQLite."""
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def reset_sequences(*tables: type[models.Model]) -> None:
    """After rows written with their ids, PostgreSQL's sequences go on from the highest (SQLite's do)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(tables))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def analyse(*tables: type[models.Model]) -> None:
    """PostgreSQL's statistics brought up to date after a bulk load, so that its planner reads a
    few people through their indexes rather than scanning tables it still believes empty."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table._meta.db_table)}")


def batches(rows: Iterable[T], size: int) -> Iterable[list[T]]:
    """The rows in lists of `size`."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
