"""The visitors of a permission matrix: a small party with one account per kind of visitor.

Tree: England › London › Islington North CLP › branches "Highbury" and "Finsbury Park".
Visitors: `anonymous`; `member` (a member of Highbury, linked to an account); `wrong_officer`
(secretary of Finsbury Park); `right_officer` (secretary of Highbury); `general_secretary`;
`auditor`; `returning_officer`. `Matrix.check(url, allowed)` tries a URL as every visitor; the
fixtures are in conftest.py.

`make_world()` adds, for the generated permission matrix of `tests/security/`, the identities of
`WORLD_VISITORS` (a member of the other branch, a branch-scoped general secretary and returning
officer, a moderator, officers of a second organisation, the general secretary of a suspended
branch) and one real object of each kind in the first organisation for the routes to reach.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from hustings.rules import Category, Status
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.ballots.models import Ballot
from hustings.store.members.models import Membership, Person, StatusChange
from hustings.store.organisations.models import Organisation, Unit

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


def add_members(party: Party, count: int, prefix: str, email: bool = False) -> None:
    """Members numbered 2 to `count` in the party's branch (refs `<prefix>00002`...), joined in 2012:
    voters for a ballot beside the party's own member."""
    for n in range(2, count + 1):
        person = Person.objects.create(
            ref=f"{prefix}{n:05d}", name=f"Voter {n}", email=f"voter{n}@example.org" if email else ""
        )
        membership = Membership.objects.create(person=person, unit=party.branch, category=Category.MEMBER)
        StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2012, 1, 1))


def open_leadership_ballot(party: Party, title: str, candidates: list[str], **extra: Any) -> Ballot:
    """A 2016-rules leadership ballot over the whole party, opened by its returning officer."""
    from hustings.services import ballots

    return ballots.open_ballot(
        party.users["returning_officer"],
        organisation=party.organisation.slug,
        title=title,
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=candidates,
        on_date=dt.date(2016, 8, 22),
        **extra,
    )


class Matrix:
    """Try one URL as every visitor: anonymous visitors are sent to sign in (pages) or get 401
    (API); a visitor not in `allowed` gets 403 (or 404 where the page hides that a thing exists);
    an allowed visitor gets a 2xx or a redirect."""

    def __init__(self, party: Party, visitors: Iterable[str] = VISITORS) -> None:
        self.party = party
        self.visitors = tuple(visitors)

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
        outcomes = {visitor: self.status(visitor, url, method, data) for visitor in self.visitors}
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


WORLD_VISITORS = (
    "anonymous",
    "member",  # a member of Highbury, L000001
    "other_member",  # a member of Finsbury Park
    "right_officer",  # the secretary of Highbury: L000001 is inside their scope
    "wrong_officer",  # the secretary of Finsbury Park: L000001 is outside it
    "general_secretary",  # organisation-wide
    "branch_general_secretary",  # general secretary of Highbury only
    "returning_officer",  # organisation-wide
    "branch_returning_officer",  # returning officer of Highbury only
    "auditor",  # organisation-wide
    "moderator",  # moderator of Islington North CLP
    "other_general_secretary",  # organisation-wide officers of a second organisation
    "other_auditor",
    "other_returning_officer",
    "suspended_officer",  # general secretary of Tollington, a branch under suspension
)


@dataclass
class World:
    """The party of `make_party`, the extra identities, a second organisation and the first
    organisation's objects by kind (`objects["ballot"]` is a ballot's id, and so on)."""

    party: Party
    other: Organisation
    suspended: Unit
    objects: dict[str, object]

    @property
    def users(self) -> dict[str, User]:
        return self.party.users


def _role(world_party: Party, name: str, kind: str, org: Organisation, unit: Unit | None) -> None:
    user = world_party.users.get(name) or User.objects.create_user(name, password=f"pw-{name}-2016!")
    world_party.users[name] = user
    Role.objects.create(user=user, kind=kind, organisation=org, unit=unit)


def make_world() -> World:
    """The party, the extra identities and a second organisation (no objects yet: see
    `tests/security/` for the ballot, process, debate and others written through the services)."""
    party = make_party()
    org = party.organisation
    other_member = User.objects.create_user("other_member", password="pw-other_member-2016!")
    party.users["other_member"] = other_member
    person = Person.objects.create(ref="L000002", name="Bo Member", email="bo@example.org", user=other_member)
    membership = Membership.objects.create(person=person, unit=party.other_branch, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2011, 3, 1))
    suspended = _unit(org, "isn-tl", "Tollington", "branch", party.clp)
    _role(party, "branch_general_secretary", RoleKind.GENERAL_SECRETARY, org, party.branch)
    _role(party, "branch_returning_officer", RoleKind.RETURNING_OFFICER, org, party.branch)
    _role(party, "moderator", RoleKind.MODERATOR, org, party.clp)
    _role(party, "suspended_officer", RoleKind.GENERAL_SECRETARY, org, suspended)
    other = Organisation.objects.create(slug="other", name="Another Party")
    other_root = _unit(other, "oth", "Another Party", "nation", None)
    _unit(other, "oth-br", "Another branch", "branch", other_root)
    _role(party, "other_general_secretary", RoleKind.GENERAL_SECRETARY, other, None)
    _role(party, "other_auditor", RoleKind.AUDITOR, other, None)
    _role(party, "other_returning_officer", RoleKind.RETURNING_OFFICER, other, None)
    return World(party, other, suspended, {})
