"""Use case: the whole electorate of a ballot, person by person, with the reason for every refusal.

`decisions(organisation, rulebook, ballot, on_date, units=None)` yields the `hustings.rules.Decision`
that `eligibility_for` gives each person with a membership in the organisation (or, with `units`,
in one of those units or a unit beneath them), in order of their row, without a query per person:
one query reads every membership, the database writing each one's history (category, days of its
status changes, payments) as a line of text; that text is the key of a history, the rules judge
each distinct history once in a call, and their objects (dates, changes, payments) are built only
for a history not judged yet. `summary(...)` counts the same decisions: eligible by category, refused by
kind of reason (the kind of the condition that refused them: "joined after the freeze date",
"paid outside the window", "not in good standing" ...).

A person is judged on their memberships in the organisation (a person on two organisations'
registers is judged by each organisation's rulebook on its own memberships).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

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
from hustings.store.members import models as db
from hustings.store.organisations.models import Organisation
from hustings.store.organisations.models import Unit as UnitRow

# Rows fetched from the database at a time (PostgreSQL through a server-side cursor).
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
    """Each person's decision, as `eligibility_for` gives it, streamed from `chunk` rows fetched at a time.

    Raises `UnknownOrganisation` or `UnknownUnit` (before yielding anything) for a slug or unit
    code the register does not know.
    """
    rules = load_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    organisation = Organisation.objects.filter(slug=organisation_slug).values_list("id", flat=True).first()
    if organisation is None:
        raise UnknownOrganisation(
            gettext("no organisation {organisation_slug!r}").format(organisation_slug=organisation_slug)
        )
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
        raise UnknownUnit(gettext("no unit {unknown!r} in this organisation").format(unknown=unknown[0]))
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
    batch: int,
) -> Iterator[Decision]:
    # The conditions of an electorate read a membership's category, history (status and day of
    # each change), payments and date of joining an affiliate, never its unit, person or the note
    # of a change: people whose memberships agree in those get the same decision, so each distinct
    # history is judged once and its decision renamed. The database writes each membership's part
    # of that history as one line of text (`_history_sql`), which is the key: rules' objects are
    # built only for a history not judged yet.
    judged: dict[str, tuple[Any, ...]] = {}
    moments = _Moments(timezone.get_current_timezone())
    sql, params = _history_sql(organisation, within)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        # Rows come in order of person: a person's lines are gathered until the next person's row
        # (or the end, `_END`); the lines joined are the person's key.
        person: int | None = None
        ref = ""
        lines: list[str] = []
        units: list[int] = []
        for row in itertools.chain(_fetched(cursor, batch), (_END,)):
            if row[0] == person:
                lines.append(row[3])
                units.append(row[2])
                continue
            if person is not None:
                held = lines[0] if len(lines) == 1 else "\n".join(lines)
                known = judged.get(held)
                if known is None:
                    if len(judged) > 200_000:
                        judged.clear()
                    memberships_of = tuple(
                        _membership(ref, line, codes[unit], moments) for line, unit in zip(lines, units, strict=True)
                    )
                    decision = eligibility(PersonHistory(Person(ref, ""), memberships_of), rules, ballot, on_date)
                    judged[held] = decision[1:]
                    yield decision
                else:
                    yield _new(Decision, (ref, *known))
            person, ref, lines, units = row[0], row[1], [row[3]], [row[2]]


_END = (None, "", 0, "")  # after the last row
_new = tuple.__new__


def _fetched(cursor: Any, batch: int) -> Iterator[tuple[Any, ...]]:
    while rows := cursor.fetchmany(batch):
        yield from rows


def _history_sql(organisation: int, within: list[int] | None) -> tuple[str, list[Any]]:
    """One query for every membership in the organisation (or of the people with one in `within`),
    in order of person and membership: person id, reference, unit id and the membership's history
    as text, `category|affiliate day|status day,status day,...|at/pence/covers,...` (days as ISO
    text; changes in order of day and row, payments in order of time and row).

    PostgreSQL orders the parts inside `string_agg`; for the whole register it aggregates the
    changes and payments of all memberships once and joins them (a merge join, far cheaper than
    a subquery per membership), for a subtree it asks a subquery per membership. SQLite (before
    3.44) has no ORDER BY in `group_concat`: it concatenates the rows of an ordered subquery, in
    their order (an aggregate query's subquery with an ORDER BY is not flattened)."""
    quote = connection.ops.quote_name
    person, membership = quote(db.Person._meta.db_table), quote(db.Membership._meta.db_table)
    change, payment = quote(db.StatusChange._meta.db_table), quote(db.Payment._meta.db_table)
    on = quote("on")
    if connection.vendor == "postgresql":  # ISO text whatever the session's DateStyle and TimeZone
        day, moment = "to_char({}, 'YYYY-MM-DD')", "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    else:  # SQLite keeps days and (UTC) times as ISO text
        day = moment = "{}"
    change_text = f"c.status || ' ' || {day.format(f'c.{on}')}"
    covers = day.format("y.covers_until")
    payment_text = f"{moment.format('y.at')} || '/' || CAST(y.pence AS TEXT) || '/' || COALESCE({covers}, '')"
    joins = ""
    if connection.vendor == "postgresql" and within is None:
        changes, payments = "c.t", "y.t"
        joins = (
            f" LEFT JOIN (SELECT c.membership_id, string_agg({change_text}, ',' ORDER BY c.{on}, c.id) AS t"
            f" FROM {change} c GROUP BY c.membership_id) c ON c.membership_id = m.id"
            f" LEFT JOIN (SELECT y.membership_id, string_agg({payment_text}, ',' ORDER BY y.at, y.id) AS t"
            f" FROM {payment} y GROUP BY y.membership_id) y ON y.membership_id = m.id"
        )
    elif connection.vendor == "postgresql":
        changes = (
            f"(SELECT string_agg({change_text}, ',' ORDER BY c.{on}, c.id)"
            f" FROM {change} c WHERE c.membership_id = m.id)"
        )
        payments = (
            f"(SELECT string_agg({payment_text}, ',' ORDER BY y.at, y.id)"
            f" FROM {payment} y WHERE y.membership_id = m.id)"
        )
    else:
        changes = (
            f"(SELECT group_concat(t, ',') FROM (SELECT {change_text} AS t FROM {change} c"
            f" WHERE c.membership_id = m.id ORDER BY c.{on}, c.id))"
        )
        payments = (
            f"(SELECT group_concat(t, ',') FROM (SELECT {payment_text} AS t FROM {payment} y"
            f" WHERE y.membership_id = m.id ORDER BY y.at, y.id))"
        )
    history = (
        f"m.category || '|' || COALESCE({day.format('m.affiliate_member_since')}, '') || '|'"
        f" || COALESCE({changes}, '') || '|' || COALESCE({payments}, '')"
    )
    where = "u.organisation_id = %s"
    params: list[Any] = [organisation]
    if within is not None:
        marks = ", ".join(["%s"] * len(within))
        where += f" AND m.person_id IN (SELECT person_id FROM {membership} WHERE unit_id IN ({marks}))"
        params += within
    sql = (
        f"SELECT m.person_id, p.ref, m.unit_id, {history} FROM {membership} m"
        f" JOIN {quote(UnitRow._meta.db_table)} u ON u.id = m.unit_id JOIN {person} p ON p.id = m.person_id"
        f"{joins} WHERE {where} ORDER BY m.person_id, m.id"
    )
    return sql, params


class _Moments(dict[dt.datetime, dt.datetime]):
    """A payment's time as the rules read it: the wall-clock time of `settings.TIME_ZONE`, as
    `hustings.services.register` gives it. The driver's value is aware (PostgreSQL) or naive UTC (SQLite)."""

    def __init__(self, zone: dt.tzinfo) -> None:
        super().__init__()
        self.zone = zone
        self.payments: dict[str, Payment] = {}  # from their rows, remembered

    def __missing__(self, moment: dt.datetime) -> dt.datetime:
        if len(self) > 200_000:
            self.clear()
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
        local = self[moment] = aware.astimezone(self.zone).replace(tzinfo=None)
        return local


def _membership(ref: str, line: str, unit: str, moments: _Moments) -> Membership:
    """A membership from its line of text (see `_history_sql`)."""
    category, since, changes, payments = line.split("|")
    return Membership(
        ref,
        unit,
        _CATEGORIES[category],
        tuple([_CHANGES[change] for change in changes.split(",")]) if changes else (),
        tuple([_payment(payment, moments) for payment in payments.split(",")]) if payments else (),
        _DAYS[since or None],
    )


def _payment(text: str, moments: _Moments) -> Payment:
    payment = moments.payments.get(text)
    if payment is None:
        if len(moments.payments) > 100_000:
            moments.payments.clear()
        at, pence, covers = text.split("/")
        payment = moments.payments[text] = Payment(
            moments[dt.datetime.fromisoformat(at)], int(pence), _DAYS[covers or None]
        )
    return payment


class _DayOf(dict[str | None, dt.date | None]):
    """ISO text to the day, remembered (a register names a few thousand days)."""

    def __missing__(self, text: str | None) -> dt.date | None:
        if len(self) > 100_000:
            self.clear()
            self[None] = None
        day = self[text] = dt.date.fromisoformat(text) if text is not None else None
        return day


class _ChangeOf(dict[str, StatusChange]):
    """A status change from its text (`status day`), remembered: thousands joined on the same day.
    Its note is left out: no condition reads it."""

    def __missing__(self, text: str) -> StatusChange:
        if len(self) > 100_000:
            self.clear()
        status, on = text.split(" ")
        change = self[text] = StatusChange(_STATUSES[status], _DAYS[on])  # type: ignore[arg-type]
        return change


_DAYS = _DayOf({None: None})
_CHANGES = _ChangeOf()
_CATEGORIES = {category.value: category for category in Category}
_STATUSES = {status.value: status for status in Status}
