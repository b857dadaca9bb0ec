"""Helpers to build register histories for the rules tests."""

from __future__ import annotations

import datetime as dt

from hustings.rules import Category, Membership, Payment, Person, PersonHistory, Status, StatusChange


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def member(
    joined: str, *changes: tuple[Status, str], category: Category = Category.MEMBER, **extra: object
) -> Membership:
    history = (StatusChange(Status.JOINED, day(joined)), *(StatusChange(status, day(on)) for status, on in changes))
    return Membership("p", "u", category, history, **extra)  # type: ignore[arg-type]


def person(*memberships: Membership) -> PersonHistory:
    return PersonHistory(Person("p", "A. Voter"), memberships)


def paid(at: str, pence: int, covers_until: str | None = None) -> Payment:
    return Payment(dt.datetime.fromisoformat(at), pence, day(covers_until) if covers_until else None)
