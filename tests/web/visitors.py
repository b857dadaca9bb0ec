"""The visitors of a permission matrix: a small party with one account per kind of visitor.

Tree: England › London › Islington North CLP › branches "Highbury" and "Finsbury Park".
Visitors: `anonymous`; `member` (a member of Highbury, linked to an account); `wrong_officer`
(secretary of Finsbury Park); `right_officer` (secretary of Highbury); `general_secretary`;
`auditor`; `returning_officer`. `Matrix.check(url, allowed)` tries a URL as every visitor; the
fixtures are in conftest.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.test import Client

from hustings.rules import Category, Status
from hustings.web.accounts.models import Role, RoleKind
from hustings.web.members.models import Membership, Person, StatusChange
from hustings.web.organisations.models import Organisation, Unit

VISITORS = (
    "anonymous",
    "member",
    "wrong_officer",
    "right_officer",
    "general_secretary",
    "auditor",
    "returning_officer",
)


@dataclass
class Party:
    organisation: Organisation
    nation: Unit
    region: Unit
    clp: Unit
    branch: Unit  # the right officer's branch, where the member is
    other_branch: Unit  # the wrong officer's
    person: Person
    users: dict[str, User]


def _unit(org: Organisation, code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    return Unit.objects.create(organisation=org, code=code, name=name, kind=kind, parent=parent)


def make_party() -> Party:
    """Write the party and its accounts (passwords: `pw-<visitor>-2016!`)."""
    org = Organisation.objects.create(slug="party", name="A Party")
    nation = _unit(org, "eng", "England", "nation", None)
    region = _unit(org, "ldn", "London", "region", nation)
    clp = _unit(org, "isn", "Islington North CLP", "constituency party", region)
    branch = _unit(org, "isn-hi", "Highbury", "branch", clp)
    other = _unit(org, "isn-fp", "Finsbury Park", "branch", clp)
    users = {name: User.objects.create_user(name, password=f"pw-{name}-2016!") for name in VISITORS[1:]}
    person = Person.objects.create(ref="L000001", name="Ada Member", email="ada@example.org", user=users["member"])
    membership = Membership.objects.create(person=person, unit=branch, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2010, 5, 1))
    Role.objects.create(user=users["wrong_officer"], kind=RoleKind.SECRETARY, organisation=org, unit=other)
    Role.objects.create(user=users["right_officer"], kind=RoleKind.SECRETARY, organisation=org, unit=branch)
    Role.objects.create(user=users["general_secretary"], kind=RoleKind.GENERAL_SECRETARY, organisation=org)
    Role.objects.create(user=users["auditor"], kind=RoleKind.AUDITOR, organisation=org)
    Role.objects.create(user=users["returning_officer"], kind=RoleKind.RETURNING_OFFICER, organisation=org)
    return Party(org, nation, region, clp, branch, other, person, users)


class Matrix:
    """Try one URL as every visitor: anonymous visitors are sent to sign in (pages) or get 401
    (API); a visitor not in `allowed` gets 403 (or 404 where the page hides that a thing exists);
    an allowed visitor gets a 2xx or a redirect."""

    def __init__(self, party: Party) -> None:
        self.party = party

    def client(self, visitor: str) -> Client:
        client = Client()
        if visitor != "anonymous":
            client.force_login(self.party.users[visitor])
        return client

    def status(self, visitor: str, url: str, method: str = "get", data: dict[str, object] | None = None) -> int:
        client = self.client(visitor)
        response = getattr(client, method)(url, data or {})
        return int(response.status_code)

    def check(
        self, url: str, allowed: Iterable[str], method: str = "get", data: dict[str, object] | None = None
    ) -> None:
        allowed = set(allowed)
        outcomes = {visitor: self.status(visitor, url, method, data) for visitor in VISITORS}
        wrong = {}
        for visitor, code in outcomes.items():
            if visitor in allowed:
                ok = 200 <= code < 400
            elif visitor == "anonymous":
                ok = code in (302, 401)
            else:
                ok = code in (403, 404)
            if not ok:
                wrong[visitor] = code
        assert not wrong, f"{method.upper()} {url}: unexpected status by visitor {wrong} (all: {outcomes})"
