"""The REST API's permission matrix and token authentication: every endpoint tried as every visitor
with a real `Authorization: Bearer` header, and again through the signed-in session."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from tests.web.visitors import VISITORS, Matrix, Party

from hustings.rules import Category, Status
from hustings.services import api_tokens
from hustings.store.accounts.models import ApiToken
from hustings.store.members.models import Membership, Person, StatusChange

OUTSIDER = "L000002"  # a member of Finsbury Park, the wrong officer's branch
ELIGIBILITY = "/api/eligibility/?person={ref}&rulebook=labour-2016&process=leadership_challenge&date=2016-08-01"

EVERYONE = {visitor: 200 for visitor in VISITORS} | {"anonymous": 401}
NOBODY_ELSE = {visitor: 403 for visitor in VISITORS} | {"anonymous": 401}
OFFICERS = NOBODY_ELSE | {"wrong_officer": 200, "right_officer": 200, "general_secretary": 200}
# the member of Highbury: themself, the Highbury officer and the general secretary; the wrong
# officer (an officer, but not over Highbury) is told there is nobody they may see
ADA = NOBODY_ELSE | {"member": 200, "wrong_officer": 404, "right_officer": 200, "general_secretary": 200}
# the member of Finsbury Park: the other way round, and the Highbury member may not ask
BEA = NOBODY_ELSE | {"wrong_officer": 200, "right_officer": 404, "general_secretary": 200}

MATRIX = {
    "/api/organisations/": EVERYONE,
    "/api/units/": EVERYONE,
    "/api/units/?organisation=party&parent=isn": EVERYONE,
    "/api/units/isn-hi/": EVERYONE,
    "/api/rulebooks/": EVERYONE,
    "/api/rulebooks/labour-2016/": EVERYONE,
    "/api/members/": OFFICERS,
    "/api/members/?category=member&standing=active&q=a": OFFICERS,
    # a unit filter is refused outside the caller's scope (the branch officer's scope is the branch)
    "/api/members/?unit=isn-hi": NOBODY_ELSE | {"right_officer": 200, "general_secretary": 200},
    "/api/members/?unit=isn": NOBODY_ELSE | {"general_secretary": 200},
    "/api/members/L000001/": ADA,
    f"/api/members/{OUTSIDER}/": BEA,
    ELIGIBILITY.format(ref="L000001"): ADA,
    ELIGIBILITY.format(ref=OUTSIDER): BEA,
}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """The party's six accounts hash their passwords with a fast hasher (these tests sign in by token
    or `force_login`, never by password)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def add_outsider(party: Party) -> Person:
    person = Person.objects.create(ref=OUTSIDER, name="Bea Outsider", email="bea@example.org")
    membership = Membership.objects.create(person=person, unit=party.other_branch, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2016, 3, 1))
    return person


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def keys(party: Party) -> dict[str, str]:
    """One API key per signed-in visitor."""
    add_outsider(party)
    return {visitor: ApiToken.issue(user, f"{visitor}'s token")[1] for visitor, user in party.users.items()}


@pytest.mark.parametrize("url", list(MATRIX))
def test_every_endpoint_answers_each_visitor_by_token(url: str, keys: dict[str, str]) -> None:
    client = Client()
    outcomes = {}
    for visitor in VISITORS:
        headers = bearer(keys[visitor]) if visitor != "anonymous" else {}
        outcomes[visitor] = client.get(url, **headers).status_code
    assert outcomes == MATRIX[url]


@pytest.mark.parametrize("url", list(MATRIX))
def test_every_endpoint_checks_the_signed_in_session_too(url: str, party: Party, matrix: Matrix) -> None:
    add_outsider(party)
    allowed = [visitor for visitor, code in MATRIX[url].items() if code == 200]
    matrix.check(url, allowed)


def test_a_refusal_says_why_in_words(keys: dict[str, str]) -> None:
    client = Client()
    anonymous = client.get("/api/members/")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Unauthorized"}
    member = client.get("/api/members/", **bearer(keys["member"]))
    assert "members.view" in member.json()["detail"]
    hidden = client.get(f"/api/members/{OUTSIDER}/", **bearer(keys["right_officer"]))
    assert hidden.json() == {"detail": f"no person {OUTSIDER!r} on a register you may see"}


def test_officers_see_only_the_people_in_their_scope(keys: dict[str, str]) -> None:
    client = Client()

    def refs(visitor: str) -> list[str]:
        body = client.get("/api/members/", **bearer(keys[visitor])).json()
        return [row["ref"] for row in body["items"]]

    assert refs("right_officer") == ["L000001"]
    assert refs("wrong_officer") == [OUTSIDER]
    assert refs("general_secretary") == ["L000001", OUTSIDER]


def test_a_bad_token_is_refused(party: Party) -> None:
    client = Client()
    assert client.get("/api/units/", HTTP_AUTHORIZATION="Bearer hst_not-a-key").status_code == 401
    assert client.get("/api/units/", HTTP_AUTHORIZATION="Bearer").status_code == 401
    assert client.get("/api/units/", HTTP_AUTHORIZATION="Token whatever").status_code == 401


def test_a_revoked_token_is_refused(party: Party) -> None:
    user = party.users["general_secretary"]
    token, key = api_tokens.issue(user, "script")
    client = Client()
    assert client.get("/api/members/", **bearer(key)).status_code == 200
    api_tokens.revoke(user, token.pk)
    assert client.get("/api/members/", **bearer(key)).status_code == 401


def test_the_token_of_a_deactivated_account_is_refused(party: Party) -> None:
    user = party.users["general_secretary"]
    _, key = ApiToken.issue(user, "script")
    user.is_active = False
    user.save()
    assert Client().get("/api/units/", **bearer(key)).status_code == 401


def test_the_token_acts_as_its_owner_only(keys: dict[str, str]) -> None:
    """The same request with the member's key and then the officer's key gets each one's answer."""
    client = Client()
    url = f"/api/members/{OUTSIDER}/"
    assert client.get(url, **bearer(keys["member"])).status_code == 403
    assert client.get(url, **bearer(keys["wrong_officer"])).json()["ref"] == OUTSIDER
