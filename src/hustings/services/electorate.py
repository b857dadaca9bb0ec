"""Use case: the whole electorate of a ballot, person by person, with the reason for every refusal.

`decisions(organisation, rulebook, ballot, on_date, units=None)` yields the `hustings.rules.Decision`
that `eligibility_for` gives each person with a membership in the organisation (or, with `units`,
in one of those units or a unit beneath them), in order of their row, without a query per person:
people are read in chunks (two queries each: memberships with their status changes and the
person's reference, and payments, read as the driver's tuples), and the rules judge a history they
have already judged in this call only once. `summary(...)` counts the same decisions: eligible by category, refused by
kind of reason (the kind of the condition that refused them: "joined after the freeze date",
"paid outside the window", "not in good standing" ...).

A person is judged on their memberships in the organisation (a person on two organisations'
registers is judged by each organisation's rulebook on its own memberships).
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
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

# People per chunk: the whole organisation is read by ranges of person ids, a subtree by lists of
# them. PostgreSQL joins a range of 50,000 people by scanning whole tables (it judges that cheaper
# than the indexes), so a chunk has to be a good share of a large register.
CHUNK = 50_000
SUBTREE_CHUNK = 5_000
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
    moments = _Moments(timezone.get_current_timezone())
    wanted = None if within is None else frozenset(within)
    # People are taken by ranges of their row id (`chunk` ids at a time, from the next id there
    # is), or for a subtree by lists of the ids of its people; their memberships with status
    # changes in one query (a LEFT JOIN: a membership may have none) and payments in another. The
    # organisation is checked here: asked of the database, its units could lead it to scan all
    # their memberships for each chunk. Rows are read as the driver gives them, without the ORM's
    # per-value converters: a chunk is thousands of rows.
    for people in _chunks(within, chunk):
        memberships = db.Membership.objects.filter(people)
        payments = db.Payment.objects.filter(_through_membership(people))
        # Days are read as their ISO text (the same on both databases), which makes the key of a
        # history; they become dates only for a history not judged yet.
        rows = _raw(
            memberships.order_by("person_id", "id", "changes__on", "changes__id")
            .annotate(since=Cast("affiliate_member_since", CharField()), on=Cast("changes__on", CharField()))
            .values_list(
                "person_id",
                "person__ref",
                "id",
                "unit_id",
                "category",
                "since",
                "changes__status",
                "on",
                "changes__note",
            )
        )
        paid: dict[int, list[tuple[dt.datetime, int, str | None]]] = {}
        for membership, at, pence, covers_until in _raw(
            payments.order_by("membership_id", "at", "id")
            .annotate(covers=Cast("covers_until", CharField()))
            .values_list("membership_id", "at", "pence", "covers")
        ):
            paid.setdefault(membership, []).append((at, pence, covers_until))
        for ref, held, units in _people(rows, paid, codes):
            if wanted is not None and wanted.isdisjoint(units):
                continue
            decision = judged.get(held)
            if decision is None:
                memberships_of = tuple(_membership(ref, m, codes[u], moments) for m, u in zip(held, units, strict=True))
                decision = judged[held] = eligibility(
                    PersonHistory(Person(ref, ""), memberships_of), rules, ballot, on_date
                )
                yield decision
            else:
                yield Decision(ref, decision.eligible, decision.reason, decision.rules_applied, decision.category)
        if len(judged) > 200_000:
            judged.clear()


_MEMBERSHIP = operator.itemgetter(2)


def _chunks(within: list[int] | None, chunk: int) -> Iterator[Q]:
    """Conditions on memberships that take the next chunk of people: a range of person ids for the
    whole register, a list of the ids of a subtree's people."""
    if within is None:
        ids = db.Person.objects.order_by("id").values_list("id", flat=True)
        last = 0
        while (first := ids.filter(id__gt=last).first()) is not None:
            last = first + chunk - 1
            yield Q(person_id__gte=first, person_id__lte=last)
        return
    people = sorted(set(db.Membership.objects.filter(unit_id__in=within).values_list("person_id", flat=True)))
    for start in range(0, len(people), SUBTREE_CHUNK):
        yield Q(person_id__in=people[start : start + SUBTREE_CHUNK])


def _through_membership(people: Q) -> Q:
    """The same condition, asked of a payment through its membership."""
    return Q(*[(f"membership__{name}", value) for name, value in people.children])  # type: ignore[misc]


def _people(
    rows: Iterator[tuple[Any, ...]], paid: dict[int, list[tuple[Any, ...]]], codes: dict[int, str]
) -> Iterator[tuple[str, tuple[tuple[Any, ...], ...], list[int]]]:
    """Each person's reference, memberships in the organisation as a key (category, affiliate date,
    changes, payments: what the rules read), and units; from rows in order of person and membership."""
    person: int | None = None
    ref = ""
    held: list[tuple[Any, ...]] = []
    units: list[int] = []
    for membership, group in itertools.groupby(rows, _MEMBERSHIP):
        changes = list(group)
        top = changes[0]
        if top[0] != person:
            if held:
                yield ref, tuple(held), units
            person, ref, held, units = top[0], top[1], [], []
        if top[3] not in codes:
            continue  # a membership in another organisation
        history = tuple([row[6:] for row in changes]) if top[6] is not None else ()
        held.append((top[4], top[5], history, tuple(paid.get(membership, ()))))
        units.append(top[3])
    if held:
        yield ref, tuple(held), units


def _raw(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The queryset's rows as the database driver returns them (dates as dates on both databases)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(2000):
            yield from batch


class _Moments(dict[dt.datetime, dt.datetime]):
    """A payment's time as the rules read it: the wall-clock time of `settings.TIME_ZONE`, as
    `hustings.services.register` gives it. The driver's value is aware (PostgreSQL) or naive UTC (SQLite)."""

    def __init__(self, zone: dt.tzinfo) -> None:
        super().__init__()
        self.zone = zone
        self.payments: dict[tuple[dt.datetime, int, str | None], Payment] = {}  # from their rows, remembered

    def __missing__(self, moment: dt.datetime) -> dt.datetime:
        if len(self) > 200_000:
            self.clear()
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
        local = self[moment] = aware.astimezone(self.zone).replace(tzinfo=None)
        return local


def _membership(ref: str, row: tuple[Any, ...], unit: str, moments: _Moments) -> Membership:
    category, since, changes, payments = row
    return Membership(
        ref,
        unit,
        _CATEGORIES[category],
        tuple([_CHANGES[change] for change in changes]),
        tuple([_payment(row, moments) for row in payments]),
        _DAYS[since],
    )


def _payment(row: tuple[dt.datetime, int, str | None], moments: _Moments) -> Payment:
    payment = moments.payments.get(row)
    if payment is None:
        if len(moments.payments) > 100_000:
            moments.payments.clear()
        at, pence, covers = row
        payment = moments.payments[row] = Payment(moments[at], pence, _DAYS[covers])
    return payment


class _DayOf(dict[str | None, dt.date | None]):
    """ISO text to the day, remembered (a register names a few thousand days)."""

    def __missing__(self, text: str | None) -> dt.date | None:
        if len(self) > 100_000:
            self.clear()
            self[None] = None
        day = self[text] = dt.date.fromisoformat(text) if text is not None else None
        return day


class _ChangeOf(dict[tuple[str, str, str], StatusChange]):
    """A status change from its row, remembered: thousands of people joined on the same day."""

    def __missing__(self, row: tuple[str, str, str]) -> StatusChange:
        if len(self) > 100_000:
            self.clear()
        status, on, note = row
        change = self[row] = StatusChange(_STATUSES[status], _DAYS[on], note)  # type: ignore[arg-type]
        return change


_DAYS = _DayOf({None: None})
_CHANGES = _ChangeOf()
_CATEGORIES = {category.value: category for category in Category}
_STATUSES = {status.value: status for status in Status}
