"""The audit log is append-only: the model, its queryset and the database itself refuse changes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction

from hustings.services.audit import record
from hustings.store.audit.models import AppendOnlyError, AuditEntry
from hustings.store.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry() -> AuditEntry:
    party = Organisation.objects.create(slug="party", name="A Party")
    officer = User.objects.create_user("secretary", password="not-a-real-password-42")
    return record(officer, "rename organisation", party, {"name": "Old"}, {"name": "A Party"})


def test_record_keeps_who_what_which_object_and_both_states(entry: AuditEntry) -> None:
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor, stored.action, stored.object_type) == (
        "secretary",
        "rename organisation",
        "organisations.Organisation",
    )
    assert stored.object_id == str(Organisation.objects.get(slug="party").pk)
    assert (stored.before, stored.after) == ({"name": "Old"}, {"name": "A Party"})
    assert stored.at is not None


def test_record_without_a_user_names_the_system() -> None:
    party = Organisation.objects.create(slug="party", name="A Party")
    assert record(None, "import", party).actor == "system"


def test_saving_an_entry_again_is_refused(entry: AuditEntry) -> None:
    entry.action = "something else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "rename organisation"


def test_deleting_an_entry_is_refused(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_bulk_update_is_refused(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor="someone else")
    assert AuditEntry.objects.get(pk=entry.pk).actor == "secretary"


@pytest.mark.parametrize("statement", ["UPDATE {table} SET actor = 'x'", "DELETE FROM {table}"])
def test_the_database_refuses_sql_that_goes_round_django(entry: AuditEntry, statement: str) -> None:
    sql = statement.format(table=AuditEntry._meta.db_table)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).actor == "secretary"
