"""For tests that commit (transaction=True, the live server): the audit log refuses deletes in the
database itself, so the flush after such a test would fail once an audit row was written. The
fixture `audit_reset` removes the rows it wrote after the test: the triggers are dropped, the rows
deleted and the triggers put back, exactly as migration 0002 creates them."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.db import connection

_triggers = importlib.import_module("hustings.store.audit.migrations.0002_append_only_triggers")


@pytest.fixture
def audit_reset(transactional_db: None) -> Iterator[None]:
    yield
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for statement in _triggers.DROP.get(vendor, []):
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {_triggers.TABLE}")
        for statement in {"sqlite": _triggers.SQLITE, "postgresql": _triggers.POSTGRESQL}.get(vendor, []):
            cursor.execute(statement)
