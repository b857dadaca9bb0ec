"""Use cases of the register's officers: search the members of the units they may see, and edit a
person's record (contact details, status changes, payments, moving a membership to another unit).

Every edit is one transaction that checks `members.edit` over the unit concerned
(`access.require`) and writes its audit row (`audit.record`) with the state before and after.
A status history is appended to, never rewritten: a change may not take effect before the last
one recorded, and only the transitions in `TRANSITIONS` are possible (a member in good standing
cannot rejoin; a suspension is lifted by reinstatement). Bad input raises `MemberEditError`, a
`ValueError` whose words the page shows as they are.

Search is built for a register of 600,000: every filter is an indexed lookup (membership number
by its unique index, names and e-mails by the lower-case indexes of migration 0002 searched as a
prefix range); the members of a few units are read through the membership indexes first, those of
many by walking people in membership-number order a chunk at a time; pages follow on from the
last number shown
(keyset pagination, as fast on the thousandth page as the first); a page is at most three
queries of the register whatever its length.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext

from hustings.rules import Category, Standing, Status
from hustings.services import access
from hustings.services.audit import record
from hustings.services.units import descendants
from hustings.store.audit.models import AuditEntry
from hustings.store.members.models import Membership as Membership
from hustings.store.members.models import Office, Payment, StatusChange
from hustings.store.members.models import Person as Person
from hustings.store.organisations.models import Unit

PAGE_SIZE = 50
NARROW = 5000  # at most this many memberships: read them first, then their people
FEW_UNITS = 50  # at most this many units: try reading their memberships first
FIRST_CHUNK, MAX_CHUNK = 200, 10_000  # people read at a time when walking the register
MAX_WALK = 100_000  # people walked for one page at most
MAX_PENCE = 100_000_00  # £100,000: a larger single payment is a typing error

# The statuses that may follow the standing a membership is in (its last recorded change).
TRANSITIONS: dict[Standing, frozenset[Status]] = {
    Standing.NOT_YET: frozenset({Status.JOINED}),
    Standing.ACTIVE: frozenset({Status.LAPSED, Status.SUSPENDED, Status.EXPELLED}),
    Standing.SUSPENDED: frozenset({Status.REINSTATED, Status.LAPSED, Status.EXPELLED}),
    Standing.LAPSED: frozenset({Status.REJOINED, Status.EXPELLED}),
    Standing.EXPELLED: frozenset({Status.REJOINED}),
}

# The statuses whose last occurrence leaves a membership in each standing.
_STATUSES_OF: dict[Standing, tuple[Status, ...]] = {
    Standing.ACTIVE: (Status.JOINED, Status.REJOINED, Status.REINSTATED),
    Standing.SUSPENDED: (Status.SUSPENDED,),
    Standing.LAPSED: (Status.LAPSED,),
    Standing.EXPELLED: (Status.EXPELLED,),
}
_STANDING_OF: dict[str, Standing] = {status.value: s for s, statuses in _STATUSES_OF.items() for status in statuses}

_REF = re.compile(r"^[A-Za-z]{0,3}\d[\w-]*$")


class MemberEditError(ValueError):
    """An edit or a search that cannot be made, in words for the officer."""


# --- search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """A search of the register: free text (name, membership number or e-mail) and filters."""

    text: str = ""
    unit: str = ""  # a unit code: that unit and everything beneath it
    category: str = ""
    standing: str = ""
    after: str = ""  # the membership number the page starts after


@dataclass
class Row:
    person: Person
    memberships: list[tuple[Membership, Standing]] = field(default_factory=list)


@dataclass
class Results:
    rows: list[Row]
    has_next: bool
    next_after: str | None  # where the next page starts
    unit: Unit | None
    scanned_to: str | None = None  # a page cut short: the register was searched up to this number


def _current_status(on: dt.date) -> Subquery:
    """The status of a membership's last change on or before `on` (by the (membership, on) index)."""
    latest = StatusChange.objects.filter(membership=OuterRef("pk"), on__lte=on).order_by("-on", "-id")
    return Subquery(latest.values("status")[:1])


def _prefix(column: str, text: str) -> Q:
    """`column` begins with `text`, written as a range that a b-tree index answers (a LIKE would
    scan on PostgreSQL outside the C collation and on SQLite's case-sensitive columns)."""
    return Q(**{f"{column}__gte": text, f"{column}__lt": text + "\U0010ffff", f"{column}__startswith": text})


def search(user: access.User, query: Search, today: dt.date | None = None) -> Results:
    """The people with a membership in a unit where `user` holds `members.view` that match `query`,
    in membership-number order, `PAGE_SIZE` at a time from just after `query.after`."""
    today = today or timezone.localdate()
    access.require_anywhere(user, "members.view")
    scope = access.units_in_scope(user, "members.view")
    unit = None
    if query.unit:
        unit = Unit.objects.filter(code=query.unit).first()
        if unit is None:
            raise MemberEditError(gettext("there is no unit with the code {unit!r}").format(unit=query.unit))
        access.require(user, "members.view", unit)  # so every unit beneath it is in scope too
        units = sorted(descendants({unit.pk}))
    else:
        units = list(scope.values_list("pk", flat=True))
    if unit is None and len(units) > FEW_UNITS:
        memberships = Membership.objects.filter(unit__in=scope)
    else:
        memberships = Membership.objects.filter(unit__in=units)
    if query.category:
        if query.category not in Category._value2member_map_:
            raise MemberEditError(gettext("there is no category {category!r}").format(category=query.category))
        memberships = memberships.filter(category=query.category)
    if query.standing:
        memberships = _in_standing(memberships, query.standing, today)
    people = _people()
    text = query.text.strip()
    if text:
        people = people.filter(_matching(text))
    few = _few_members(memberships) if len(units) <= FEW_UNITS else None
    if few is not None:
        page = _page_of(people.filter(pk__in=few), query.after, PAGE_SIZE + 1)
        scanned_to = None
    else:
        page, scanned_to = _walk(people, memberships, query.after)
    has_next = len(page) > PAGE_SIZE or scanned_to is not None
    page = page[:PAGE_SIZE]
    next_after = scanned_to or (page[-1].ref if has_next else None)
    return Results(_rows(page, scope, today), has_next, next_after, unit, scanned_to)


def _few_members(memberships: QuerySet[Membership]) -> set[int] | None:
    """The ids of the people holding `memberships`, read through the membership indexes, if there
    are at most `NARROW` of them (a branch, a constituency party); None if there are more."""
    few = list(memberships.values_list("person_id", flat=True)[: NARROW + 1])
    return set(few) if len(few) <= NARROW else None


def _walk(people: QuerySet[Person], memberships: QuerySet[Membership], after: str) -> tuple[list[Person], str | None]:
    """A page of the people holding `memberships`, found by walking `people` in membership-number
    order, a growing chunk at a time, and checking each chunk's memberships in one query by person.

    Each query is an index range (people by number, memberships by person), so neither database's
    planner can choose to judge every membership of a region before answering, and none carries a
    long list of ids. The walk stops
    after `MAX_WALK` people; the page then says how far it looked (`scanned_to`) and the next page
    walks on from there."""
    found: list[int] = []
    last, walked, chunk = after, 0, FIRST_CHUNK
    cut: str | None = last
    while walked < MAX_WALK:
        numbered = (people.filter(ref__gt=last) if last else people).order_by("ref")
        batch = list(numbered.values_list("pk", "ref")[:chunk])
        chunk_ids = Subquery(numbered.values("pk")[:chunk])  # in SQL: no list of ids to compile
        holders = set(memberships.filter(person__in=chunk_ids).values_list("person_id", flat=True))
        found += [pk for pk, _ in batch if pk in holders]
        end = batch[-1][1] if len(batch) == chunk else None
        if len(found) > PAGE_SIZE or end is None:  # a page and one more, or the end of the register
            cut = None
            break
        last, walked = end, walked + chunk
        chunk = _next_chunk(chunk, walked, len(found))
        cut = last
    chosen = found[: PAGE_SIZE + 1]
    return list(Person.objects.filter(pk__in=chosen).order_by("ref")), cut


def _next_chunk(chunk: int, walked: int, found: int) -> int:
    """Enough people to finish the page at the density seen so far (and a fifth more), or four
    times as many when nobody has matched yet; never more than `MAX_CHUNK`."""
    if found == 0:
        return min(chunk * 4, MAX_CHUNK)
    wanted = (PAGE_SIZE + 1 - found) * walked // found
    return max(FIRST_CHUNK, min(wanted + wanted // 5, MAX_CHUNK))


def _page_of(people: QuerySet[Person], after: str, size: int) -> list[Person]:
    """Up to `size` people in membership-number order, from just after `after`."""
    if after:
        people = people.filter(ref__gt=after)
    return list(people.order_by("ref")[:size])


def _in_standing(memberships: QuerySet[Membership], standing: str, today: dt.date) -> QuerySet[Membership]:
    try:
        wanted = Standing(standing)
    except ValueError:
        raise MemberEditError(gettext("there is no standing {standing!r}").format(standing=standing)) from None
    annotated = memberships.annotate(current=_current_status(today))
    if wanted is Standing.NOT_YET:
        return annotated.filter(current__isnull=True)
    return annotated.filter(current__in=[s.value for s in _STATUSES_OF[wanted]])


def _matching(text: str) -> Q:
    """A membership number (exact, or as a prefix), an e-mail (exact, any case) or a name's start."""
    if "@" in text:
        return Q(email_lower=text.lower())
    if _REF.match(text):
        return _prefix("ref", text) | _prefix("name_lower", text.lower())
    return _prefix("name_lower", text.lower())


def _people() -> QuerySet[Person]:
    return Person.objects.alias(name_lower=Lower("name"), email_lower=Lower("email"))


def _rows(found: list[Person], scope: QuerySet[Unit], today: dt.date) -> list[Row]:
    rows = {person.pk: Row(person) for person in found}
    shown = (
        Membership.objects.filter(person__in=rows, unit__in=scope)
        .select_related("unit")
        .annotate(current=_current_status(today))
        .order_by("person_id", "id")
    )
    for membership in shown:
        standing = _STANDING_OF.get(membership.current or "", Standing.NOT_YET)
        rows[membership.person_id].memberships.append((membership, standing))
    return list(rows.values())


# --- reading one person -------------------------------------------------------------------------


_WITH_LINEAGE = "unit__parent__parent__parent"  # branch, constituency party, region, nation: one query


def may_view(user: access.User, person: Person) -> bool:
    """An officer with `members.view` over one of the person's units, or the person themself
    (`person` as `record_of` reads it, with its memberships and their units loaded)."""
    if access.is_self(user, person):
        return True
    return any(access.has(user, "members.view", m.unit) for m in person.memberships.all())


def may_edit(user: access.User, person: Person) -> bool:
    return any(access.has(user, "members.edit", m.unit) for m in person.memberships.all())


def record_of(ref: str) -> Person:
    """The person with their memberships (status history, payments) and offices, in five queries."""
    return (
        Person.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related(_WITH_LINEAGE).order_by("id"),
            ),
            Prefetch("memberships__changes", queryset=StatusChange.objects.order_by("on", "id")),
            Prefetch("memberships__payments", queryset=Payment.objects.order_by("at", "id")),
            Prefetch("offices", queryset=Office.objects.select_related("unit").order_by("start", "id")),
        )
        .select_related("user")
        .get(ref=ref)
    )


def person_by_ref(ref: str) -> Person | None:
    """The person whose membership number is `ref`, if there is one."""
    return Person.objects.filter(ref=ref).first()


def has_membership_in(person: Person, units: QuerySet[Unit]) -> bool:
    """Whether `person` has a membership in one of `units`."""
    return Membership.objects.filter(person=person, unit__in=units).exists()


def record_within(person: Person, units: QuerySet[Unit] | None) -> Person:
    """The person with their memberships in `units` (all of them for None; each with its unit,
    changes and payments, in order of id) and their offices (with their unit, by start)."""
    memberships = Membership.objects.select_related("unit").prefetch_related("changes", "payments").order_by("id")
    if units is not None:
        memberships = memberships.filter(unit__in=units)
    return Person.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships),
        Prefetch("offices", queryset=Office.objects.select_related("unit").order_by("start", "id")),
    ).get(pk=person.pk)


def memberships_of(ref: str) -> QuerySet[Membership]:
    """The memberships of the person whose membership number is `ref`, with their unit and person."""
    return Membership.objects.select_related("unit", "person").filter(person__ref=ref)


def offices_held(unit: Unit, on: dt.date) -> QuerySet[Office]:
    """The offices of `unit` held on the day `on`, with their holders."""
    return (
        Office.objects.filter(unit=unit)
        .filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)
        .select_related("person")
    )


def trail(person: Person) -> QuerySet[AuditEntry]:
    """The audit rows about this person and their memberships, status changes, payments and offices."""
    memberships = [m.pk for m in person.memberships.all()]
    targets = Q(object_type="members.Person", object_id=str(person.pk))
    targets |= Q(object_type="members.Membership", object_id__in=[str(pk) for pk in memberships])
    changes = StatusChange.objects.filter(membership__in=memberships).values_list("pk", flat=True)
    payments = Payment.objects.filter(membership__in=memberships).values_list("pk", flat=True)
    offices = Office.objects.filter(person=person).values_list("pk", flat=True)
    for label, pks in (("members.StatusChange", changes), ("members.Payment", payments), ("members.Office", offices)):
        ids = [str(pk) for pk in pks]
        if ids:
            targets |= Q(object_type=label, object_id__in=ids)
    return AuditEntry.objects.filter(targets).order_by("-at", "-id")


# --- edits --------------------------------------------------------------------------------------


def _contact(person: Person) -> dict[str, object]:
    return {"name": person.name, "email": person.email}


def _require_over_person(user: access.User, person: Person) -> None:
    if not may_edit(user, person):
        raise PermissionDenied(gettext("you do not have the members.edit permission over this person's units"))


def change_contact(actor: access.User, person: Person, name: str, email: str) -> Person:
    """Correct a person's name and e-mail address (the membership number never changes)."""
    _require_over_person(actor, person)
    name, email = name.strip(), email.strip()
    if not name:
        raise MemberEditError(gettext("a name is required"))
    if len(name) > 200:
        raise MemberEditError(gettext("a name is at most 200 characters"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise MemberEditError(gettext("{email!r} is not an e-mail address").format(email=email)) from None
    with transaction.atomic():
        row = Person.objects.select_for_update().get(pk=person.pk)
        before = _contact(row)
        row.name, row.email = name, email
        after = _contact(row)
        if before == after:
            raise MemberEditError(gettext("nothing changed: the name and e-mail are as recorded"))
        row.save(update_fields=["name", "email"])
        record(actor, "change contact details", row, before, after)
    return row


def _history(membership: Membership) -> list[dict[str, object]]:
    return [
        {"status": c.status, "on": c.on.isoformat(), "note": c.note}
        for c in StatusChange.objects.filter(membership=membership).order_by("on", "id")
    ]


def change_status(actor: access.User, membership: Membership, status: str, on: dt.date, note: str = "") -> StatusChange:
    """Append a status change to a membership's history, effective from `on`.

    The change must follow from the standing the last recorded change left (`TRANSITIONS`) and may
    not take effect before it: the history is appended to, never rewritten.
    """
    access.require(actor, "members.edit", membership.unit)
    try:
        new = Status(status)
    except ValueError:
        raise MemberEditError(gettext("there is no status {status!r}").format(status=status)) from None
    note = note.strip()
    if len(note) > 200:
        raise MemberEditError(gettext("a note is at most 200 characters"))
    with transaction.atomic():
        row = Membership.objects.select_for_update().get(pk=membership.pk)
        last = StatusChange.objects.filter(membership=row).order_by("-on", "-id").first()
        standing = _STANDING_OF[last.status] if last is not None else Standing.NOT_YET
        if new not in TRANSITIONS[standing]:
            raise MemberEditError(_impossible(new, standing, last))
        if last is not None and on < last.on:
            raise MemberEditError(
                gettext(
                    "the change cannot take effect on {date}, before the last recorded change ({status} on {last}): "
                    "history is appended to, never rewritten"
                ).format(date=on.isoformat(), status=last.status, last=last.on.isoformat())
            )
        before = _history(row)
        change = StatusChange.objects.create(membership=row, status=new, on=on, note=note)
        record(actor, f"record status {new.value}", row, {"history": before}, {"history": _history(row)})
    return change


def _impossible(new: Status, standing: Standing, last: StatusChange | None) -> str:
    allowed = ", ".join(sorted(s.value for s in TRANSITIONS[standing]))
    if last is None:
        return f"this membership has no history yet: its first change must be 'joined', not {new.value!r}"
    where = f"{standing.value} since {last.on.isoformat()} ({last.status})"
    if standing is Standing.ACTIVE and new in (Status.REJOINED, Status.JOINED, Status.REINSTATED):
        return f"cannot record {new.value!r}: the membership is in good standing ({where}); possible: {allowed}"
    return f"cannot record {new.value!r}: the membership is {where}; possible now: {allowed}"


def parse_pence(amount: str) -> int:
    """'25', '25.00' or '£25' as 2500 pence; anything else is refused in words."""
    text = amount.strip().removeprefix("£").replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise MemberEditError(
            gettext("{amount!r} is not an amount of money (write it as 25.00)").format(amount=amount)
        ) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise MemberEditError(gettext("{amount!r} is not an amount in pounds and pence").format(amount=amount))
    pence = int(value * 100)
    if pence <= 0:
        raise MemberEditError(gettext("a payment must be more than £0"))
    if pence > MAX_PENCE:
        raise MemberEditError(gettext("a single payment of more than £100,000 is refused: check the amount"))
    return pence


def record_payment(
    actor: access.User, membership: Membership, pence: int, at: dt.datetime, covers_until: dt.date | None
) -> Payment:
    """Record dues or a supporter's fee paid at `at` (aware), optionally covering up to a day."""
    access.require(actor, "members.edit", membership.unit)
    if pence <= 0 or pence > MAX_PENCE:
        raise MemberEditError(gettext("a payment must be more than £0 and at most £100,000"))
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if covers_until is not None and covers_until < at.date():
        raise MemberEditError(gettext("a payment cannot cover only days before it was made"))
    with transaction.atomic():
        payment = Payment.objects.create(membership=membership, at=at, pence=pence, covers_until=covers_until)
        after = {
            "at": at.isoformat(),
            "pence": pence,
            "covers_until": covers_until.isoformat() if covers_until else None,
        }
        record(actor, "record payment", membership, None, {"payment": after})
    return payment


def move(actor: access.User, membership: Membership, unit_code: str) -> Membership:
    """Move a membership, history and all, to another unit of the same organisation; the officer must
    hold `members.edit` over both the unit it leaves and the unit it joins."""
    target = Unit.objects.filter(code=unit_code.strip()).first()
    if target is None:
        raise MemberEditError(
            gettext("there is no unit with the code {unit_code!r}").format(unit_code=unit_code.strip())
        )
    access.require(actor, "members.edit", membership.unit)
    access.require(actor, "members.edit", target)
    if target.pk == membership.unit_id:
        raise MemberEditError(gettext("the membership is already in {name}").format(name=target.name))
    if target.organisation_id != membership.unit.organisation_id:
        raise MemberEditError(gettext("{name} belongs to another organisation").format(name=target.name))
    with transaction.atomic():
        row = Membership.objects.select_for_update().select_related("unit").get(pk=membership.pk)
        before = {"unit": row.unit.code}
        row.unit = target
        row.save(update_fields=["unit"])
        record(actor, "move membership", row, before, {"unit": target.code})
    return row
