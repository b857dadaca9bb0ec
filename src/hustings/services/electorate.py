"""Use case: the whole electorate of a ballot, person by person, with the reason for every refusal.

`decisions(organisation, rulebook, ballot, on_date, units=None)` yields the `hustings.rules.Decision`
that `eligibility_for` gives each person with a membership in the organisation (or, with `units`,
in one of those units or a unit beneath them), in order of their row, without a query per person:
people are read in chunks of `CHUNK` (a query each for the chunk's people, memberships, status
changes and payments, as value tuples), and the rules judge a history they have already judged in
this call only once. `summary(...)` counts the same decisions: eligible by category, refused by
kind of reason (the kind of the condition that refused them: "joined after the freeze date",
"paid outside the window", "not in good standing" ...).

A person is judged on their memberships in the organisation (a person on two organisations'
registers is judged by each organisation's rulebook on its own memberships).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from hustings.rules import (
    Ballot,
    Category,
    Decision,
    Membership,
    Payment,
    Person,
    PersonHistory,
    Rulebook,
    Status,
    StatusChange,
    eligibility,
    load_rulebook,
)
from hustings.rules.rulebook import (
    AffiliateMemberBy,
    InStanding,
    JoinedBy,
    MinimumMembership,
    PaidUp,
    SupporterWindow,
)
from hustings.web.members import models as db
from hustings.web.organisations.models import Organisation
from hustings.web.organisations.models import Unit as UnitRow

CHUNK = 5_000
NO_VOTING_CATEGORY = "no membership in a category that votes"


class UnknownOrganisation(LookupError):
    """No organisation with this slug."""


class UnknownUnit(LookupError):
    """A unit code that is not one of the organisation's units."""


@dataclass(frozen=True, slots=True)
class Summary:
    """How many were judged, how many may vote in each category, and how many were refused for what."""

    total: int = 0
    eligible: dict[Category, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)

    @property
    def eligible_total(self) -> int:
        return sum(self.eligible.values())

    @property
    def refused_total(self) -> int:
        return sum(self.refused.values())


def decisions(
    organisation_slug: str,
    rulebook: Rulebook | str,
    ballot: Ballot,
    on_date: dt.date,
    units: Iterable[str] | None = None,
    chunk: int = CHUNK,
) -> Iterator[Decision]:
    """Each person's decision, as `eligibility_for` gives it, streamed `chunk` people at a time.

    Raises `UnknownOrganisation` or `UnknownUnit` (before yielding anything) for a slug or unit
    code the register does not know.
    """
    rules = load_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    organisation = Organisation.objects.filter(slug=organisation_slug).values_list("id", flat=True).first()
    if organisation is None:
        raise UnknownOrganisation(f"no organisation {organisation_slug!r}")
    codes = dict(UnitRow.objects.filter(organisation_id=organisation).values_list("id", "code"))
    within = None if units is None else _subtrees(organisation, codes, units)
    return _judge(organisation, codes, within, rules, ballot, on_date, chunk)


def summary(
    organisation_slug: str,
    rulebook: Rulebook | str,
    ballot: Ballot,
    on_date: dt.date,
    units: Iterable[str] | None = None,
) -> Summary:
    """Counts of `decisions(...)`: total, eligible by category, refused by kind of reason."""
    rules = load_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    kinds = refusal_kinds(rules, ballot.process)
    eligible: Counter[Category] = Counter()
    refused: Counter[str] = Counter()
    total = 0
    for decision in decisions(organisation_slug, rules, ballot, on_date, units):
        total += 1
        if decision.eligible:
            eligible[decision.category] += 1  # type: ignore[index]
        else:
            refused[refusal_kind(decision, kinds)] += 1
    return Summary(total, dict(eligible), dict(refused))


def refusal_kinds(rulebook: Rulebook, process: str) -> dict[str, str]:
    """Each electorate rule's id mapped to the kind of refusal it makes, in plain words."""
    kinds: dict[str, str] = {}
    for conditions in rulebook.process(process).electorate.values():
        for condition in conditions:
            kinds.setdefault(condition.id, _kind_words(condition))
    return kinds


def refusal_kind(decision: Decision, kinds: dict[str, str]) -> str:
    """The kind of a refusal: that of the first condition that failed (the one its reason names)."""
    for application in decision.rules_applied:
        if not application.passed:
            return kinds.get(application.rule, application.rule)
    return NO_VOTING_CATEGORY


def _kind_words(condition: object) -> str:
    if isinstance(condition, JoinedBy):
        return f"joined after {condition.label}"
    if isinstance(condition, InStanding):
        return "not in good standing"
    if isinstance(condition, SupporterWindow):
        return "paid outside the window"
    if isinstance(condition, AffiliateMemberBy):
        return "joined the affiliate too late"
    if isinstance(condition, MinimumMembership):
        return f"less than {condition.months} months' membership"
    if isinstance(condition, PaidUp):
        return "in arrears"
    return type(condition).__name__


def _subtrees(organisation: int, codes: dict[int, str], wanted: Iterable[str]) -> list[int]:
    """Row ids of the units named and of every unit beneath them."""
    ids = {code: pk for pk, code in codes.items()}
    unknown = [code for code in wanted if code not in ids]
    if unknown:
        raise UnknownUnit(f"no unit {unknown[0]!r} in this organisation")
    children: dict[int, list[int]] = {}
    for pk, parent in UnitRow.objects.filter(organisation_id=organisation).values_list("id", "parent_id"):
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    stack = [ids[code] for code in wanted]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return sorted(found)


def _judge(
    organisation: int,
    codes: dict[int, str],
    within: list[int] | None,
    rules: Rulebook,
    ballot: Ballot,
    on_date: dt.date,
    chunk: int,
) -> Iterator[Decision]:
    # The conditions of an electorate read a membership's category, history, payments and date of
    # joining an affiliate, never its unit or person: people whose memberships agree in those get
    # the same decision, so each distinct history is judged once and its decision renamed.
    judged: dict[tuple[Any, ...], Decision] = {}
    zone = timezone.get_current_timezone()
    local: dict[dt.datetime, dt.datetime] = {}
    in_organisation = db.Membership.objects.filter(unit__organisation_id=organisation)
    chosen = in_organisation if within is None else db.Membership.objects.filter(unit_id__in=within)
    people = db.Person.objects.filter(Exists(chosen.filter(person_id=OuterRef("pk")))).order_by("id")
    last = 0
    while True:
        rows = list(people.filter(id__gt=last).values_list("id", "ref", "name")[:chunk])
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        span = in_organisation.filter(person_id__gte=first, person_id__lte=last)
        memberships = list(
            span.order_by("person_id", "id").values_list(
                "id", "person_id", "unit_id", "category", "affiliate_member_since"
            )
        )
        changes: dict[int, list[tuple[str, dt.date, str]]] = {}
        for membership, status, on, note in (
            db.StatusChange.objects.filter(membership__in=span)
            .order_by("membership_id", "on", "id")
            .values_list("membership_id", "status", "on", "note")
        ):
            changes.setdefault(membership, []).append((status, on, note))
        payments: dict[int, list[tuple[dt.datetime, int, dt.date | None]]] = {}
        for membership, at, pence, covers_until in (
            db.Payment.objects.filter(membership__in=span)
            .order_by("membership_id", "at", "id")
            .values_list("membership_id", "at", "pence", "covers_until")
        ):
            moment = local.get(at)
            if moment is None:
                moment = local[at] = at.astimezone(zone).replace(tzinfo=None) if at.tzinfo is not None else at
            payments.setdefault(membership, []).append((moment, pence, covers_until))
        held: dict[int, list[tuple[Any, ...]]] = {}
        for membership, person, unit, category, since in memberships:
            held.setdefault(person, []).append(
                (category, since, tuple(changes.get(membership, ())), tuple(payments.get(membership, ())), unit)
            )
        for person, ref, name in rows:
            mine = held.get(person, [])
            key = tuple(m[:4] for m in mine)
            decision = judged.get(key)
            if decision is None:
                history = PersonHistory(Person(ref, name), tuple(_membership(ref, m, codes) for m in mine))
                decision = judged[key] = eligibility(history, rules, ballot, on_date)
                yield decision
            else:
                yield decision._replace(person=ref)
        if len(judged) > 200_000:
            judged.clear()
        if len(local) > 200_000:
            local.clear()


def _membership(ref: str, row: tuple[Any, ...], codes: dict[int, str]) -> Membership:
    category, since, changes, payments, unit = row
    return Membership(
        ref,
        codes[unit],
        Category(category),
        tuple(StatusChange(Status(status), on, note) for status, on, note in changes),
        tuple(Payment(at, pence, covers) for at, pence, covers in payments),
        since,
    )
