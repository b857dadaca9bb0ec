"""Use case: a small demo organisation, generated from a seed (the same seed gives the same register).

`demo_register(seed, members)` is pure: a Labour-like party (two nations, regions, constituency
parties, branches, an affiliated union), MPs, and members whose join dates crowd into 2015-16 as
Labour's did, with lapses, rejoins, suspensions, registered supporters who paid £25 around the
2016 window and affiliated supporters. `load_demo(register)` writes it to the database in one
transaction; `demo_logins()` (re)creates the demo accounts with fresh passwords.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from hustings.rules import (
    Category,
    Membership,
    Office,
    OfficeKind,
    Payment,
    Person,
    PersonHistory,
    Status,
    StatusChange,
    Unit,
)
from hustings.web.accounts.models import Role, RoleKind
from hustings.web.members import models as db
from hustings.web.organisations.models import Organisation
from hustings.web.organisations.models import Unit as UnitRow

ORGANISATION = ("labour-like", "Labour-like party")
_NATIONS = {"England": ["London", "North West"], "Scotland": ["Glasgow"]}
_SURNAMES = [
    "Abbott",
    "Begum",
    "Campbell",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Murray",
    "Nowak",
    "Owen",
    "Patel",
]
_FORENAMES = [
    "Alex",
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Eilidh",
    "Fatima",
    "George",
    "Hannah",
    "Ian",
    "Jo",
    "Kwame",
    "Laura",
    "Mo",
    "Niamh",
    "Priya",
    "Rhys",
    "Sam",
]


@dataclass(frozen=True, slots=True)
class DemoRegister:
    units: tuple[Unit, ...]
    people: tuple[PersonHistory, ...]


def demo_register(seed: int = 2016, members: int = 300) -> DemoRegister:
    """The demo party's units and people, a pure function of `seed` and `members`."""
    rng = random.Random(seed)
    units: list[Unit] = []
    branches: list[Unit] = []
    clps: list[Unit] = []
    for nation, regions in _NATIONS.items():
        nation_id = nation[:3].lower()
        units.append(Unit(nation_id, nation, "nation"))
        for region in regions:
            region_id = f"{nation_id}-{region[:3].lower()}"
            units.append(Unit(region_id, region, "region", nation_id))
            for c in range(1, 4):
                clp = Unit(f"{region_id}-clp{c}", f"{region} {c} CLP", "constituency party", region_id)
                clps.append(clp)
                units.append(clp)
                for b in range(1, 3):
                    branch = Unit(f"{clp.id}-b{b}", f"{region} {c} branch {b}", "branch", clp.id)
                    branches.append(branch)
                    units.append(branch)
    union = Unit("union", "Affiliated union", "affiliate")
    units.append(union)

    people = [_person(rng, n, branches, union) for n in range(1, members + 1)]
    # One MP per constituency party, from among its members.
    for clp in clps:
        candidates = [i for i, p in enumerate(people) if p.memberships and p.memberships[0].unit.startswith(clp.id)]
        if candidates:
            i = rng.choice(candidates)
            mp = Office(people[i].person.id, OfficeKind.MP, clp.id, dt.date(2015, 5, 7))
            people[i] = PersonHistory(people[i].person, people[i].memberships, (mp,))
    return DemoRegister(tuple(units), tuple(people))


def _person(rng: random.Random, n: int, branches: list[Unit], union: Unit) -> PersonHistory:
    ref = f"L{n:06d}"
    person = Person(ref, f"{rng.choice(_FORENAMES)} {rng.choice(_SURNAMES)}")
    roll = rng.random()
    if roll < 0.08:
        joined = _day(rng, dt.date(2016, 7, 16), dt.date(2016, 7, 22))
        paid = dt.datetime.combine(joined, dt.time(rng.randrange(24), rng.randrange(60)))
        fee = Payment(paid, 2500)
        history = (StatusChange(Status.JOINED, joined),)
        return PersonHistory(
            person, (Membership(ref, rng.choice(branches).id, Category.REGISTERED_SUPPORTER, history, (fee,)),)
        )
    if roll < 0.13:
        since = _day(rng, dt.date(1995, 1, 1), dt.date(2016, 6, 30))
        joined = _day(rng, dt.date(2014, 3, 1), dt.date(2016, 8, 8))
        history = (StatusChange(Status.JOINED, joined),)
        return PersonHistory(person, (Membership(ref, union.id, Category.AFFILIATED_SUPPORTER, history, (), since),))
    # Members: a third joined in the 2015-16 surge, the rest over the years before.
    if rng.random() < 0.35:
        joined = _day(rng, dt.date(2015, 5, 8), dt.date(2016, 7, 12))
    else:
        joined = _day(rng, dt.date(1980, 1, 1), dt.date(2015, 5, 7))
    changes = [StatusChange(Status.JOINED, joined)]
    payments = [Payment(dt.datetime.combine(joined, dt.time(12)), 4700, joined + dt.timedelta(days=365))]
    event = rng.random()
    if event < 0.12 and joined < dt.date(2014, 1, 1):
        lapsed = _day(rng, joined + dt.timedelta(days=400), dt.date(2015, 12, 31))
        changes.append(StatusChange(Status.LAPSED, lapsed))
        if rng.random() < 0.5:
            changes.append(
                StatusChange(Status.REJOINED, _day(rng, lapsed + dt.timedelta(days=30), dt.date(2016, 7, 1)))
            )
    elif event < 0.14:
        changes.append(StatusChange(Status.SUSPENDED, _day(rng, max(joined, dt.date(2016, 1, 1)), dt.date(2016, 8, 1))))
    return PersonHistory(
        person, (Membership(ref, rng.choice(branches).id, Category.MEMBER, tuple(changes), tuple(payments)),)
    )


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def load_demo(register: DemoRegister) -> None:
    """Write the register (units, people, memberships, histories, payments, offices) in one transaction."""
    with transaction.atomic():
        organisation = Organisation.objects.create(slug=ORGANISATION[0], name=ORGANISATION[1])
        unit_rows: dict[str, UnitRow] = {}
        for unit in register.units:  # parents come before their children
            parent = unit_rows[unit.parent] if unit.parent else None
            unit_rows[unit.id] = UnitRow.objects.create(
                organisation=organisation, code=unit.id, name=unit.name, kind=unit.kind, parent=parent
            )
        people = db.Person.objects.bulk_create(db.Person(ref=h.person.id, name=h.person.name) for h in register.people)
        pairs = [(row, m) for row, h in zip(people, register.people, strict=True) for m in h.memberships]
        rows = db.Membership.objects.bulk_create(
            db.Membership(
                person=row,
                unit=unit_rows[m.unit],
                category=m.category.value,
                affiliate_member_since=m.affiliate_member_since,
            )
            for row, m in pairs
        )
        zone = timezone.get_current_timezone()
        changes, payments = [], []
        for row, (_, m) in zip(rows, pairs, strict=True):
            changes += [db.StatusChange(membership=row, status=c.status.value, on=c.on, note=c.note) for c in m.history]
            payments += [
                db.Payment(membership=row, at=p.at.replace(tzinfo=zone), pence=p.pence, covers_until=p.covers_until)
                for p in m.payments
            ]
        db.StatusChange.objects.bulk_create(changes)
        db.Payment.objects.bulk_create(payments)
        db.Office.objects.bulk_create(
            db.Office(person=row, kind=o.kind.value, unit=unit_rows[o.unit], start=o.start, end=o.end)
            for row, h in zip(people, register.people, strict=True)
            for o in h.offices
        )


DEMO_ROLES = {
    "member": "a member (linked to the first person on the register)",
    "secretary": "secretary of the first person's branch",
    "general-secretary": "the general secretary (administrator)",
    "returning-officer": "the returning officer",
    "auditor": "an auditor (reads the audit log)",
}
# Each demo login's role: its kind, and whether it covers the first person's branch or the whole party.
_DEMO_ROLE_KINDS = {
    "secretary": (RoleKind.SECRETARY, "branch"),
    "general-secretary": (RoleKind.GENERAL_SECRETARY, None),
    "returning-officer": (RoleKind.RETURNING_OFFICER, None),
    "auditor": (RoleKind.AUDITOR, None),
}


def demo_logins() -> dict[str, str]:
    """Create or reset the demo accounts; returns each username's new password."""
    passwords: dict[str, str] = {}
    with transaction.atomic():
        for username in DEMO_ROLES:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_staff = username == "general-secretary"
            user.is_superuser = username == "general-secretary"
            user.save()
            passwords[username] = password
        first = db.Person.objects.order_by("ref").first()
        if first is not None and first.user_id is None:
            first.user = User.objects.get(username="member")
            first.save(update_fields=["user"])
        organisation = Organisation.objects.filter(slug=ORGANISATION[0]).first()
        branch = first.memberships.select_related("unit").first() if first is not None else None
        if organisation is not None:
            for username, (kind, scope) in _DEMO_ROLE_KINDS.items():
                unit = branch.unit if scope == "branch" and branch is not None else None
                Role.objects.get_or_create(
                    user=User.objects.get(username=username), kind=kind, organisation=organisation, unit=unit
                )
    return passwords
