"""The audit-log viewer: for auditors and general secretaries only; newest first, filtered,
paginated, before/after field by field; and the filtered rows as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.visitors import VISITORS, Matrix, Party

from hustings.services.audit import record
from hustings.store.audit.models import AuditEntry
from hustings.web.audit import views
from hustings.web.audit.changes import field_changes

pytestmark = pytest.mark.django_db
READERS = {"auditor", "general_secretary"}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for the test only


def _client(party: Party, visitor: str) -> Client:
    client = Client()
    client.force_login(party.users[visitor])
    return client


@pytest.fixture
def log(party: Party) -> Party:
    record(
        party.users["right_officer"],
        "change contact details",
        party.person,
        {"name": "Ada", "email": "a@x"},
        {"name": "Ada Member", "email": "a@x"},
    )
    record(party.users["general_secretary"], "grant role", party.branch, None, {"kind": "secretary"})
    record("system", "=HYPERLINK(evil)", party.clp, None, None)
    return party


def test_audit_pages_are_for_auditors_and_the_general_secretary(matrix: Matrix) -> None:
    matrix.check("/audit/", READERS)
    matrix.check("/audit/?actor=right_officer", READERS)
    matrix.check("/audit/export.csv", READERS)


def test_audit_pages_are_read_only_a_post_is_refused_to_everyone(matrix: Matrix) -> None:
    for url in ("/audit/", "/audit/export.csv"):
        outcomes = {visitor: matrix.status(visitor, url, "post", {"actor": "x"}) for visitor in VISITORS}
        assert outcomes == {visitor: 302 if visitor == "anonymous" else 405 for visitor in VISITORS}, url
    assert not AuditEntry.objects.exists()


def test_log_lists_newest_first_with_field_by_field_changes(log: Party) -> None:
    page = _client(log, "auditor").get("/audit/").content.decode()
    order = [
        page.index(f"<td>{action}</td>") for action in ("=HYPERLINK(evil)", "grant role", "change contact details")
    ]
    assert order == sorted(order)
    assert "<del>Ada</del>" in page and "<ins>Ada Member</ins>" in page


def test_filters_by_actor_action_object_type_and_dates(log: Party) -> None:
    client = _client(log, "auditor")
    page = client.get("/audit/", {"actor": "right_officer"}).content.decode()
    assert "change contact details" in page and "grant role</td>" not in page
    page = client.get("/audit/", {"action": "grant role"}).content.decode()
    assert "grant role</td>" in page and "change contact details</td>" not in page
    page = client.get("/audit/", {"object_type": "members.Person"}).content.decode()
    assert "change contact details</td>" in page and "grant role</td>" not in page
    today = timezone.localdate()
    page = client.get("/audit/", {"start": today.isoformat(), "end": today.isoformat()}).content.decode()
    assert "3 entries" in page
    page = client.get("/audit/", {"end": (today - dt.timedelta(days=1)).isoformat()}).content.decode()
    assert "0 entries" in page


def test_bad_dates_are_shown_not_a_traceback(log: Party) -> None:
    client = _client(log, "auditor")
    response = client.get("/audit/", {"start": "soon"})
    assert response.status_code == 200 and "Enter a valid date" in response.content.decode()
    response = client.get("/audit/", {"start": "2026-02-01", "end": "2026-01-01"})
    assert "before its start" in response.content.decode()
    response = client.get("/audit/export.csv", {"start": "soon"})
    assert response.status_code == 400 and "Enter a valid date" in response.content.decode()


def test_pages_of_fifty(log: Party, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = _client(log, "auditor")
    first = client.get("/audit/").content.decode()
    assert "Page 1 of 2" in first and "change contact details</td>" not in first
    second = client.get("/audit/", {"page": 2}).content.decode()
    assert "change contact details</td>" in second


def test_export_has_the_filtered_rows_and_defuses_formulas(log: Party) -> None:
    response = _client(log, "general_secretary").get("/audit/export.csv", {"actor": "system"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["at", "actor", "action"]
    assert [row[1:3] for row in rows[1:]] == [["system", "'=HYPERLINK(evil)"]]
    everything = _client(log, "auditor").get("/audit/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(everything.streaming_content).decode())))
    assert len(rows) == 4
    contact = next(row for row in rows if row[2] == "change contact details")
    assert contact[6] == '{"email": "a@x", "name": "Ada"}'


def test_field_changes_reads_dicts_lists_and_nothing() -> None:
    changes = field_changes({"name": "A", "email": "x"}, {"name": "B", "email": "x", "unit": "isn"})
    assert [(c.field, c.before, c.after, c.changed) for c in changes] == [
        ("name", "A", "B", True),
        ("email", "x", "x", False),
        ("unit", "—", "isn", True),
    ]
    history = field_changes({"history": [{"status": "joined", "on": "2010-05-01", "note": ""}]}, None)
    assert history[0].before == "status: joined, on: 2010-05-01" and history[0].after == "—"
    assert field_changes(None, None) == []
