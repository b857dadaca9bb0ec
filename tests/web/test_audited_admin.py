"""Changes made through Django's admin are officer actions too: each one writes an audit row."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from tests.web.visitors import Party

from hustings.store.audit.models import AuditEntry
from hustings.store.organisations.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(party: Party) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="pw-root-2016!"))
    return client


def test_renaming_a_unit_in_the_admin_records_before_and_after(admin_client: Client, party: Party) -> None:
    unit = party.branch
    response = admin_client.post(
        f"/admin/organisations/unit/{unit.pk}/change/",
        {
            "organisation": unit.organisation_id,
            "code": unit.code,
            "name": "Highbury East",
            "kind": unit.kind,
            "parent": unit.parent_id,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.get(action="admin: change", object_type="organisations.Unit")
    assert entry.actor == "root"
    assert entry.object_id == str(unit.pk)
    assert entry.before is not None and entry.before["name"] == "Highbury"
    assert entry.after is not None and entry.after["name"] == "Highbury East"


def test_deleting_a_unit_in_the_admin_records_what_was_deleted(admin_client: Client, party: Party) -> None:
    empty = Unit.objects.create(organisation=party.organisation, code="spare", name="Spare", kind="branch")
    response = admin_client.post(f"/admin/organisations/unit/{empty.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=empty.pk).exists()
    entry = AuditEntry.objects.get(action="admin: delete")
    assert entry.object_id == str(empty.pk) and entry.before is not None and entry.before["code"] == "spare"
    assert entry.after is None


def test_an_inline_status_change_added_in_the_admin_is_recorded(admin_client: Client, party: Party) -> None:
    membership = party.person.memberships.get()
    change = membership.changes.get()
    response = admin_client.post(
        f"/admin/members/membership/{membership.pk}/change/",
        {
            "person": party.person.pk,
            "unit": membership.unit_id,
            "category": membership.category,
            "affiliate_member_since": "",
            "changes-TOTAL_FORMS": "2",
            "changes-INITIAL_FORMS": "1",
            "changes-0-id": change.pk,
            "changes-0-membership": membership.pk,
            "changes-0-status": change.status,
            "changes-0-on": change.on.isoformat(),
            "changes-0-note": change.note,
            "changes-1-membership": membership.pk,
            "changes-1-status": "lapsed",
            "changes-1-on": "2016-02-01",
            "changes-1-note": "dues unpaid",
            "payments-TOTAL_FORMS": "0",
            "payments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    added = AuditEntry.objects.get(action="admin: add", object_type="members.StatusChange")
    assert added.after is not None and added.after["status"] == "lapsed" and added.after["note"] == "dues unpaid"
