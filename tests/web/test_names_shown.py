"""Issue #14, names not usernames: the page header, the debates API and the reply e-mail name the
person (the register's name, else the account's full name), never the username when a name is known."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from tests.web.test_debate_fixtures import add_member, make_debate
from tests.web.visitors import Matrix, Party

from hustings.services.debates import notifications, posting
from hustings.store.accounts.models import ApiToken


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_header_names_the_member_then_the_full_name_then_the_username(matrix: Matrix, party: Party) -> None:
    member = matrix.client("member").get("/").content.decode()
    assert "Signed in as <strong>Ada Member</strong>" in member
    officer = party.users["right_officer"]
    plain = matrix.client("right_officer").get("/").content.decode()
    assert f"Signed in as <strong>{officer.get_username()}</strong>" in plain  # no name known: the username
    officer.first_name, officer.last_name = "Rhiannon", "Officer"
    officer.save(update_fields=["first_name", "last_name"])
    named = matrix.client("right_officer").get("/").content.decode()
    assert "Signed in as <strong>Rhiannon Officer</strong>" in named


def test_api_comments_carry_the_name_beside_the_username(party: Party) -> None:
    debate = make_debate(party, unit=party.branch, closes_at=None)
    _, key = ApiToken.issue(party.users["member"], "m")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    url = f"/api/debates/{debate.pk}/comments/"
    posted = api.post(url, {"body": "hello"}, content_type="application/json").json()
    assert posted["name"] == "Ada Member" and posted["author"] == "member"
    listed = api.get(url).json()["comments"]
    assert [(c["name"], c["author"]) for c in listed] == [("Ada Member", "member")]


def test_reply_email_names_the_replier(party: Party, settings: Any) -> None:
    debate = make_debate(party, closes_at=timezone.now() + dt.timedelta(days=7))
    first = posting.post(add_member(party, "rhiannon", party.clp), debate, "a view", timezone.now())
    reply = posting.post(party.users["member"], debate, "an answer", timezone.now(), parent=first)
    mail.outbox.clear()
    assert notifications.reply_posted(reply)
    body = mail.outbox[0].body
    assert body.startswith("Ada Member replied:") and "member replied" not in body


def test_a_units_officers_are_named(matrix: Matrix, party: Party) -> None:
    officer = party.users["right_officer"]
    page = matrix.client("member").get("/units/isn-hi/").content.decode()
    assert f"Secretary: {officer.get_username()}" in page  # no name known: the username
    officer.first_name, officer.last_name = "Rhiannon", "Officer"
    officer.save(update_fields=["first_name", "last_name"])
    page = matrix.client("member").get("/units/isn-hi/").content.decode()
    assert "Secretary: Rhiannon Officer" in page and f"Secretary: {officer.get_username()}" not in page
