"""Where an audit row belongs: `services.audit.place` of its object when it is written, and
migration 0004 filling the rows written before the organisation and unit were recorded."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.state import ProjectState
from tests.web.visitors import Party

from hustings.services import audit
from hustings.store.accounts.models import ApiToken, Role
from hustings.store.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

fill_place = importlib.import_module("hustings.store.audit.migrations.0004_fill_place")


def test_an_object_is_placed_in_its_unit_its_organisation_or_its_owners(party: Party) -> None:
    membership = party.person.memberships.get()
    role = Role.objects.get(user=party.users["general_secretary"])
    token, _ = ApiToken.issue(party.users["member"], "laptop")
    assert audit.place(party.organisation) == (party.organisation.pk, None)
    assert audit.place(party.branch) == (party.organisation.pk, party.branch.pk)
    assert audit.place(membership) == (party.organisation.pk, party.branch.pk)
    assert audit.place(membership.changes.get()) == (party.organisation.pk, party.branch.pk)
    assert audit.place(party.person) == (party.organisation.pk, party.branch.pk)
    assert audit.place(role) == (party.organisation.pk, None)
    assert audit.place(token) == (party.organisation.pk, party.branch.pk)  # the member's account
    assert audit.place(party.users["auditor"]) == (party.organisation.pk, None)  # an organisation-wide role


def test_record_keeps_the_place_and_visible_filters_by_it(party: Party) -> None:
    row = audit.record(party.users["right_officer"], "test", party.person.memberships.get())
    assert (row.organisation_id, row.unit_id) == (party.organisation.pk, party.branch.pk)
    assert row in audit.visible(party.users["auditor"])
    assert row not in audit.visible(party.users["member"])


class _Editor:
    """Enough of a schema editor for the migration's trigger statements, inside the test's transaction."""

    def __init__(self) -> None:
        self.connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_migration_0004_fills_the_place_of_older_rows_and_keeps_the_log_append_only(party: Party) -> None:
    membership = party.person.memberships.get()
    older = AuditEntry.objects.create(
        actor="system", action="admin: change", object_type="members.Membership", object_id=str(membership.pk)
    )
    gone = AuditEntry.objects.create(
        actor="system", action="admin: delete", object_type="organisations.Unit", object_id="0"
    )
    state_apps: Any = ProjectState.from_apps(apps).apps
    fill_place.fill(state_apps, _Editor())
    older.refresh_from_db()
    gone.refresh_from_db()
    assert (older.organisation_id, older.unit_id) == (party.organisation.pk, party.branch.pk)
    assert gone.organisation_id is None
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor = 'x'")
