"""Helpers shared by the debate tests (no tests here): a debate in the party's CLP, a moderator
account (a `moderator` Role over the CLP), and a second member in the other branch."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from tests.web.visitors import Party

from hustings.rules import Category, Status
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.debates.models import Debate
from hustings.store.members.models import Membership, Person, StatusChange
from hustings.store.organisations.models import Unit

LONDON = ZoneInfo("Europe/London")
CLOSES = dt.datetime(2016, 7, 20, 17, 0, tzinfo=LONDON)
NOW = dt.datetime(2016, 7, 10, 12, 0, tzinfo=LONDON)


def add_moderator(party: Party, unit: Unit | None = None) -> User:
    user = User.objects.create_user("moderator", password="pw-moderator-2016!")
    Role.objects.create(user=user, kind=RoleKind.MODERATOR, organisation=party.organisation, unit=unit or party.clp)
    party.users["moderator"] = user
    return user


def add_member(party: Party, username: str, unit: Unit, status: str = Status.JOINED) -> User:
    user = User.objects.create_user(username, password=f"pw-{username}-2016!", email=f"{username}@example.org")
    person = Person.objects.create(ref=f"L-{username}", name=username.title(), user=user)
    membership = Membership.objects.create(person=person, unit=unit, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2010, 1, 1))
    if status != Status.JOINED:
        StatusChange.objects.create(membership=membership, status=status, on=dt.date(2015, 1, 1))
    party.users[username] = user
    return user


def make_debate(party: Party, **fields: Any) -> Debate:
    values: dict[str, Any] = {"title": "Should MPs answer to members?", "unit": party.clp, "closes_at": CLOSES}
    values.update(fields)
    return Debate.objects.create(**values)
