"""Who may speak in a debate, and the sentence that says so.

A debate's rule (`Debate.speakers`) is one of: the members of its unit and of every unit beneath
it (a membership counts while its latest status change on or before today is joined, reinstated
or rejoined); the eligible voters of a ballot (its frozen roll, read by `on_roll`; while the
roll cannot be read nobody may speak under this rule, and the page says why);
or nobody (reading only). Comments are taken between `opens_at` and the earlier of `closes_at`
(the timetable) and `closed_at` (a moderator's close). When a member may not speak, the reason is
the rule in words: "comments are open to members of Wallasey CLP until 2016-07-20 17:00".
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.utils import timezone

from hustings.rules import Status
from hustings.store.debates.models import Debate, Speakers
from hustings.store.members.models import Membership, Person, StatusChange
from hustings.store.organisations.models import Unit

ACTIVE = frozenset({Status.JOINED.value, Status.REINSTATED.value, Status.REJOINED.value})


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str


def moment(when: dt.datetime) -> str:
    """A date and time as members read it, in the organisation's zone: 2016-07-20 17:00."""
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")


def closed_since(debate: Debate, now: dt.datetime) -> dt.datetime | None:
    """When comments closed, or None while they are open (or not yet open)."""
    ends = [t for t in (debate.closes_at, debate.closed_at) if t is not None and t <= now]
    return min(ends) if ends else None


def is_open(debate: Debate, now: dt.datetime) -> bool:
    return closed_since(debate, now) is None and (debate.opens_at is None or debate.opens_at <= now)


def period(debate: Debate, now: dt.datetime) -> str:
    """The comment period in words: closed (and since when), not yet open, or open until."""
    if (since := closed_since(debate, now)) is not None:
        return f"comments are closed (since {moment(since)})"
    if debate.opens_at is not None and debate.opens_at > now:
        return f"comments open on {moment(debate.opens_at)}"
    return f"comments are open until {moment(debate.closes_at)}" if debate.closes_at else "comments are open"


def rule(debate: Debate, now: dt.datetime | None = None) -> str:
    """Who may speak, in words, with the closing time: the sentence shown by a disabled box. Given
    `now`, a debate whose comments have closed is told in the past tense (issue #14: a closed
    debate must not say its comments are open)."""
    if debate.speakers == Speakers.NOBODY:
        return "this debate is for reading only"
    who = (
        f"members of {debate.unit.name}"
        if debate.speakers == Speakers.MEMBERS
        else f"eligible voters in the ballot {ballot_name(debate.ballot_ref)}"
    )
    if now is not None and closed_since(debate, now) is not None:
        return f"comments were open to {who}"
    until = f" until {moment(debate.closes_at)}" if debate.closes_at else ""
    return f"comments are open to {who}{until}"


def ballot_name(ballot_ref: str) -> str:
    """The ballot's title when the ballots app knows it, else its reference."""
    try:
        model = apps.get_model("ballots", "Ballot")
    except LookupError:
        return ballot_ref
    found = model.objects.filter(pk=int(ballot_ref)).first() if ballot_ref.isdigit() else None
    return f"“{found}”" if found is not None else ballot_ref


_ACTIVE_LIST = ", ".join(["%s"] * len(ACTIVE))
CURRENT_MEMBERSHIP = f"""
WITH RECURSIVE beneath(id) AS (
    SELECT id FROM {Unit._meta.db_table} WHERE id = %s
    UNION SELECT u.id FROM {Unit._meta.db_table} u JOIN beneath ON u.parent_id = beneath.id
)
SELECT 1 FROM {Membership._meta.db_table} m JOIN {Person._meta.db_table} p ON p.id = m.person_id
WHERE p.user_id = %s AND m.unit_id IN (SELECT id FROM beneath) AND (
    SELECT s.status FROM {StatusChange._meta.db_table} s WHERE s.membership_id = m.id AND s."on" <= %s
    ORDER BY s."on" DESC, s.id DESC LIMIT 1
) IN ({_ACTIVE_LIST})
LIMIT 1
"""


def is_member(user: AbstractBaseUser, unit: Unit, day: dt.date) -> bool:
    """Whether the user's person holds a current membership of `unit` or a unit beneath it. One
    query, written once in SQL that SQLite and PostgreSQL both read (it is on the path of every
    post and page): the units beneath by a recursive common table expression, and each
    membership's latest status change on or before `day` by a subquery."""
    params = [unit.pk, user.pk, connection.ops.adapt_datefield_value(day), *sorted(ACTIVE)]
    with connection.cursor() as cursor:
        cursor.execute(CURRENT_MEMBERSHIP, params)
        return cursor.fetchone() is not None


def on_roll(user: AbstractBaseUser, ballot_ref: str) -> bool | None:
    """Whether the user is eligible on the frozen roll of the ballot whose id is `ballot_ref`, or
    None when the roll cannot be read (no ballots service or roll model yet, or no such ballot).

    Asks `hustings.services.ballots.is_on_roll(ballot_ref, user)` when the ballots service offers
    it, else reads the ballots app's `RollEntry` rows (person linked to the account, eligible)."""
    try:
        ballots = importlib.import_module("hustings.services.ballots")
    except ImportError:
        return None
    check = getattr(ballots, "is_on_roll", None)
    if check is not None:
        return bool(check(ballot_ref, user))
    try:
        roll = apps.get_model("ballots", "RollEntry")
    except LookupError:
        return None
    if not ballot_ref.isdigit() or not roll.objects.filter(ballot_id=int(ballot_ref)).exists():
        return None
    return bool(roll.objects.filter(ballot_id=int(ballot_ref), person__user=user, eligible=True).exists())


def may_speak(user: AbstractBaseUser | AnonymousUser, debate: Debate, now: dt.datetime) -> Verdict:
    """Whether `user` may comment (or ask a question) in `debate` at `now`, and if not, why."""
    if debate.speakers == Speakers.NOBODY:
        return Verdict(False, rule(debate))
    if (since := closed_since(debate, now)) is not None:
        return Verdict(False, f"comments are closed (since {moment(since)})")
    if debate.opens_at is not None and debate.opens_at > now:
        return Verdict(False, f"comments open on {moment(debate.opens_at)}")
    if not user.is_authenticated:
        return Verdict(False, f"sign in to comment: {rule(debate)}")
    assert isinstance(user, AbstractBaseUser)
    if debate.speakers == Speakers.MEMBERS:
        allowed = is_member(user, debate.unit, timezone.localdate(now))
        return Verdict(allowed, rule(debate))
    roll = on_roll(user, debate.ballot_ref)
    if roll is None:
        return Verdict(False, f"{rule(debate)}, but the ballot's roll cannot be read yet")
    return Verdict(roll, rule(debate))
