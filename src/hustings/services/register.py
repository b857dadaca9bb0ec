"""Selectors: the register's rows read back into `hustings.rules` types, one to one.

`person_history(ref)` builds the `PersonHistory` that `hustings.rules.eligibility` judges, from a
person's memberships (with their status changes and payments, in date order) and offices, in four
queries whatever the size of the history. `standings(row, today)` is where each of a person row's
memberships stands on a day. `units(organisation)` is the organisation's tree.
Payment times are stored aware and handed to the rules as the local wall-clock time of
`settings.TIME_ZONE`, the time in which rulebooks write their windows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from hustings.rules import (
    Category,
    Membership,
    Office,
    OfficeKind,
    Payment,
    Person,
    PersonHistory,
    Standing,
    Status,
    StatusChange,
    Unit,
)
from hustings.store.members import models as db
from hustings.store.organisations.models import Unit as UnitRow


class UnknownPerson(LookupError):
    """No person with this reference on the register."""


def person_history(ref: str) -> PersonHistory:
    """Everything the register knows about the person whose reference (membership number) is `ref`."""
    memberships = db.Membership.objects.select_related("unit").prefetch_related(
        Prefetch("changes", queryset=db.StatusChange.objects.order_by("on", "id")),
        Prefetch("payments", queryset=db.Payment.objects.order_by("at", "id")),
    )
    try:
        row = db.Person.objects.prefetch_related(
            Prefetch("memberships", queryset=memberships.order_by("id")),
            Prefetch("offices", queryset=db.Office.objects.select_related("unit").order_by("start", "id")),
        ).get(ref=ref)
    except db.Person.DoesNotExist:
        raise UnknownPerson(gettext("no person {ref!r} on the register").format(ref=ref)) from None
    return to_history(row)


def to_history(row: db.Person) -> PersonHistory:
    """The rules' view of a person row whose memberships (changes, payments) and offices are loaded."""
    return PersonHistory(
        Person(row.ref, row.name),
        tuple(_membership(row.ref, m) for m in row.memberships.all()),
        tuple(Office(row.ref, OfficeKind(o.kind), o.unit.code, o.start, o.end) for o in row.offices.all()),
    )


@dataclass(frozen=True)
class MembershipToday:
    """A membership row, the rules' view of it, and where it stands on the day asked about."""

    row: db.Membership
    judged: Membership
    standing: Standing
    since: dt.date | None
    paid_up_until: dt.date | None


def standings(row: db.Person, today: dt.date) -> list[MembershipToday]:
    """Each membership of a person row whose memberships (changes, payments) and offices are
    loaded, with its standing, the start of its continuous membership and the day it is paid up
    to, all on `today`, as the rules judge them."""
    history = to_history(row)
    return [
        MembershipToday(m, judged, judged.standing(today), judged.continuous_since(today), judged.paid_up_until(today))
        for m, judged in zip(row.memberships.all(), history.memberships, strict=True)
    ]


def home_row(person: db.Person) -> db.Person:
    """The person row with what `standings` and the member's home page read loaded: memberships
    (their unit, changes and payments) and offices (their unit)."""
    return (
        db.Person.objects.prefetch_related("memberships__unit", "memberships__changes", "memberships__payments")
        .prefetch_related("offices__unit")
        .get(pk=person.pk)
    )


def _membership(ref: str, row: db.Membership) -> Membership:
    return Membership(
        ref,
        row.unit.code,
        Category(row.category),
        tuple(StatusChange(Status(c.status), c.on, c.note) for c in row.changes.all()),
        tuple(Payment(_local(p.at), p.pence, p.covers_until) for p in row.payments.all()),
        row.affiliate_member_since,
    )


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def units(organisation_slug: str) -> dict[str, Unit]:
    """The organisation's units by code, each naming its parent's code (the tree `ancestors` walks)."""
    rows = UnitRow.objects.filter(organisation__slug=organisation_slug).select_related("parent")
    return {
        row.code: Unit(row.code, row.name, row.kind, row.parent.code if row.parent is not None else None)
        for row in rows
    }
