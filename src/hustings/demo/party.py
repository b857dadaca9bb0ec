"""Use case: a demo organisation at full scale, generated from a seed (the same seed gives the same register).

`demo_register(seed, members, today)` is pure (its dues run to `today`: docs/web.md, "The demo's
dates"): a Labour-like party of four nations and twelve regions, the 650 real constituencies of the
2015 general election as constituency parties (names and regions from the House of Commons Library's
results shipped in `hustings.analysis`), two to four branches each, affiliated trade unions and
socialist societies, 212 MPs and MEPs (192 MPs in seats Labour won in 2015, and Labour's 20 MEPs of
2014 by region), a leader among the MPs, and `members` generated people: members whose join dates
crowd into the 2015-16 surge as Labour's did (most before the freeze date of 12 January 2016, many
after it), with lapses, rejoins, suspensions and a few expulsions; registered supporters who paid
£25 inside and outside the window of 18-20 July 2016 (and £3 supporters of 2015); affiliated
supporters of the unions and societies.

`load_demo(register, progress)` writes it with bulk inserts in one transaction, reporting
progress, then runs each hook of `SEEDING_HOOKS`; `demo_logins()` (re)creates the demo accounts
with fresh passwords and their roles.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import gzip
import importlib
import io
import itertools
import random
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

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
from hustings.services.bulk import analyse, batches, next_id, reset_sequences, write_rows
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.members import models as db
from hustings.store.organisations.models import Organisation
from hustings.store.organisations.models import Unit as UnitRow

ORGANISATION = ("labour-like", "Labour-like party")
DEFAULT_MEMBERS = 3000
PARTY = "party"  # the code of the unit at the top of the tree, where the leader's office sits
MPS, MEPS = 192, 20  # 212 members of the PLP and the EPLP together

# Seeding hooks: other parts of the demo (ballots, processes, debates...) add one line here each,
# "module:function", called as function(organisation, register) after the register is loaded.
SEEDING_HOOKS: list[str] = ["hustings.demo.content:seed_demo_content"]

_NATIONS = {"England": "eng", "Scotland": "sco", "Wales": "wal", "Northern Ireland": "nir"}
# Labour's MEPs elected in May 2014, by European Parliament region (20 in all).
_MEPS_BY_REGION = {
    "London": 4,
    "North West": 3,
    "West Midlands": 2,
    "Yorkshire and The Humber": 2,
    "North East": 2,
    "East Midlands": 1,
    "East of England": 1,
    "South East": 1,
    "South West": 1,
    "Scotland": 2,
    "Wales": 1,
}
_WARDS = ["Central", "North", "South", "East", "West", "Riverside", "Park", "Castle", "Hill", "Abbey"]
# Affiliates in 2016: name, code, kind, weight (the share of affiliated supporters each brings).
_AFFILIATES = [
    ("UNISON", "unison", "trade union", 30),
    ("Unite", "unite", "trade union", 30),
    ("GMB", "gmb", "trade union", 20),
    ("Communication Workers Union", "cwu", "trade union", 6),
    ("USDAW", "usdaw", "trade union", 8),
    ("ASLEF", "aslef", "trade union", 1),
    ("Musicians' Union", "mu", "trade union", 1),
    ("TSSA", "tssa", "trade union", 1),
    ("Bakers, Food and Allied Workers Union", "bfawu", "trade union", 1),
    ("Fabian Society", "fabians", "socialist society", 1),
    ("Socialist Health Association", "sha", "socialist society", 1),
    ("Jewish Labour Movement", "jlm", "socialist society", 1),
    ("Christians on the Left", "cotl", "socialist society", 1),
    ("Socialist Environment and Resources Association", "sera", "socialist society", 1),
]
_SURNAMES = [
    "Abbott",
    "Ahmed",
    "Ali",
    "Allen",
    "Bailey",
    "Begum",
    "Bell",
    "Brown",
    "Campbell",
    "Clarke",
    "Cooper",
    "Davies",
    "Edwards",
    "Evans",
    "Fraser",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Iqbal",
    "Jackson",
    "James",
    "Jones",
    "Kaur",
    "Khan",
    "King",
    "Lewis",
    "Lloyd",
    "Macdonald",
    "Martin",
    "Morgan",
    "Murray",
    "Nowak",
    "Owen",
    "Patel",
    "Phillips",
    "Price",
    "Roberts",
    "Robinson",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
_FORENAMES = [
    "Aaliyah",
    "Adam",
    "Aisha",
    "Alex",
    "Amira",
    "Amy",
    "Ben",
    "Bethan",
    "Callum",
    "Chloe",
    "Cerys",
    "Daniel",
    "Dev",
    "Eilidh",
    "Emma",
    "Ewan",
    "Fatima",
    "Finn",
    "George",
    "Grace",
    "Hannah",
    "Harry",
    "Ian",
    "Isla",
    "Jack",
    "Jo",
    "Kwame",
    "Kieran",
    "Laura",
    "Liam",
    "Mo",
    "Megan",
    "Niamh",
    "Noah",
    "Olivia",
    "Oscar",
    "Priya",
    "Rhys",
    "Ruth",
    "Sam",
    "Sarah",
    "Siobhan",
    "Tom",
    "Uzma",
    "Wei",
    "Yusuf",
    "Zara",
]

FREEZE = dt.date(2016, 1, 12)
_TODAY = dt.date(2020, 4, 4)  # the last join, lapse or expulsion the generated history holds
_DUES_FROM = dt.date(2016, 1, 1)  # the register holds the dues paid from 2016 to the day it is made
_STANDARD_DUES, _REDUCED_DUES = 4692, 300


@dataclass(frozen=True, slots=True)
class DemoRegister:
    units: tuple[Unit, ...]
    people: tuple[PersonHistory, ...]


@dataclass(frozen=True, slots=True)
class _Seat:
    name: str
    country: str
    region: str
    labour_votes: int
    labour_won: bool


@cache
def constituencies() -> tuple[_Seat, ...]:
    """The 650 constituencies of the 2015 general election with their nation, region and Labour's vote."""
    data = (resources.files("hustings.analysis") / "data" / "ge2015_candidates.csv.gz").read_bytes()
    seats: dict[str, _Seat] = {}
    for row in csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8"))):
        name, country = row["Constituency name"], row["Country name"]
        seat = seats.get(name) or _Seat(name, country, row["English region name"] or country, 0, False)
        if row["Main party abbreviation"] == "Lab":
            won = row["Candidate result position"] == "1"
            seat = _Seat(name, country, seat.region, int(row["Candidate vote count"]), won)
        seats[name] = seat
    return tuple(sorted(seats.values(), key=lambda s: (list(_NATIONS).index(s.country), s.region, s.name)))


def demo_register(seed: int = 2016, members: int = DEFAULT_MEMBERS, today: dt.date | None = None) -> DemoRegister:
    """The demo party's units and people, a pure function of `seed`, `members` and `today`.

    The story is anchored in 2016 (docs/web.md, "The demo's dates"): joins, lapses and offices are
    those dates whatever the day; only the dues run on to `today` (the day the demo is loaded, by
    default), a year at each anniversary while the membership lasts, so that a member the register
    calls active today is also paid up today.

    People `L000001`... are the `members` generated people (the first is always a member of long
    standing: the demo's `member` login); the 212 MPs and MEPs follow them on the register.
    """
    rng = random.Random(seed)
    until = today or dt.date.today()
    units, branches_of, regions = _tree(rng)
    branches = [branch for clp in branches_of for branch in branches_of[clp]]
    # Bigger local parties where Labour polls more (a floor keeps every branch populated at scale).
    weights = list(itertools.accumulate(max(w, 1500) for w in _branch_weights(branches_of)))
    affiliates = [u for u in units if u.kind in ("trade union", "socialist society")]
    affiliate_weights = list(itertools.accumulate(w for *_, w in _AFFILIATES))
    people: list[PersonHistory] = []
    for n in range(1, members + 1):
        branch = branches[bisect.bisect_right(weights, rng.random() * weights[-1])]
        if n == 1:
            people.append(_member(rng, f"L{n:06d}", branch.id, dt.date(2009, 9, 14), until, quiet=True))
            continue
        roll = rng.random()
        ref = f"L{n:06d}"
        if roll < 0.72:
            people.append(_member(rng, ref, branch.id, _join_date(rng), until))
        elif roll < 0.86:
            people.append(_registered_supporter(rng, ref, branch.id))
        else:
            union = affiliates[bisect.bisect_right(affiliate_weights, rng.random() * affiliate_weights[-1])]
            people.append(_affiliated_supporter(rng, ref, union.id))
    people += _office_holders(rng, members, branches_of, regions, until)
    return DemoRegister(tuple(units), tuple(people))


def _tree(rng: random.Random) -> tuple[list[Unit], dict[str, list[Unit]], dict[str, Unit]]:
    units = [Unit(PARTY, "Labour-like party (national)", "party")]
    branches_of: dict[str, list[Unit]] = {}
    regions: dict[str, Unit] = {}
    for nation, code in _NATIONS.items():
        units.append(Unit(code, nation, "nation", PARTY))
    for seat in constituencies():
        if seat.region not in regions:
            nation = _NATIONS[seat.country]
            regions[seat.region] = Unit(f"{nation}-{slugify(seat.region)}", seat.region, "region", nation)
            units.append(regions[seat.region])
    for seat in constituencies():
        slug = slugify(seat.name)
        clp = Unit(f"clp-{slug}", f"{seat.name} CLP", "constituency party", regions[seat.region].id)
        units.append(clp)
        wards = rng.sample(_WARDS, rng.randint(2, 4))
        branches_of[clp.id] = [Unit(f"{slug}-{slugify(w)}", f"{seat.name} {w} branch", "branch", clp.id) for w in wards]
    for clp_branches in branches_of.values():
        units += clp_branches
    units += [Unit(code, name, kind, PARTY) for name, code, kind, _ in _AFFILIATES]
    return units, branches_of, regions


def _branch_weights(branches_of: dict[str, list[Unit]]) -> list[int]:
    votes = {f"clp-{slugify(seat.name)}": seat.labour_votes for seat in constituencies()}
    return [votes[clp] // len(branches) for clp, branches in branches_of.items() for _ in branches]


def _join_date(rng: random.Random) -> dt.date:
    """A member's join date: long-standing members, then the surge of 2015-16 (most of it before the
    freeze date), and the later joiners."""
    roll = rng.random()
    if roll < 0.30:
        return _day(rng, dt.date(1970, 1, 1), dt.date(2010, 5, 6))
    if roll < 0.42:
        return _day(rng, dt.date(2010, 5, 7), dt.date(2015, 5, 7))
    if roll < 0.70:
        return _day(rng, dt.date(2015, 5, 8), FREEZE)
    if roll < 0.92:
        return _day(rng, FREEZE + dt.timedelta(days=1), dt.date(2016, 7, 12))
    return _day(rng, dt.date(2016, 7, 13), _TODAY)


def _member(
    rng: random.Random, ref: str, branch: str, joined: dt.date, until: dt.date, quiet: bool = False
) -> PersonHistory:
    """A member: joined, perhaps lapsed (and perhaps rejoined), suspended (reinstated or expelled);
    dues paid yearly on the anniversary while a member (a few miss the renewal of 2016; the
    register keeps the payments of 2016)."""
    person = Person(ref, _name(rng))
    changes = [StatusChange(Status.JOINED, joined)]
    event = 1.0 if quiet else rng.random()
    if event < 0.12 and joined < dt.date(2015, 1, 1):
        lapsed = _day(rng, max(joined + dt.timedelta(days=400), dt.date(2005, 1, 1)), dt.date(2016, 12, 31))
        changes.append(StatusChange(Status.LAPSED, lapsed))
        if rng.random() < 0.45:
            changes.append(
                StatusChange(Status.REJOINED, _day(rng, lapsed + dt.timedelta(days=30), dt.date(2017, 6, 30)))
            )
    elif event < 0.16 and joined < dt.date(2016, 6, 1):
        changes.append(StatusChange(Status.LAPSED, _day(rng, max(joined, dt.date(2016, 9, 1)), dt.date(2019, 12, 31))))
    elif event < 0.175 and joined < dt.date(2016, 7, 1):
        suspended = _day(rng, max(joined + dt.timedelta(days=30), dt.date(2016, 1, 1)), dt.date(2016, 9, 1))
        changes.append(StatusChange(Status.SUSPENDED, suspended, "pending investigation"))
        fate = rng.random()
        if fate < 0.5:
            changes.append(StatusChange(Status.REINSTATED, suspended + dt.timedelta(days=rng.randrange(60, 240))))
        elif fate < 0.6:
            changes.append(StatusChange(Status.EXPELLED, suspended + dt.timedelta(days=rng.randrange(30, 365))))
    elif event < 0.177:
        changes.append(StatusChange(Status.EXPELLED, _day(rng, max(joined, dt.date(2015, 1, 1)), _TODAY)))
    rate = _REDUCED_DUES if rng.random() < 0.2 else _STANDARD_DUES
    skip_2016 = not quiet and rng.random() < 0.04
    payments = _dues(changes, rate, skip_2016, until)
    return PersonHistory(person, (Membership(ref, branch, Category.MEMBER, tuple(changes), payments),))


def _dues(changes: Sequence[StatusChange], pence: int, skip_2016: bool, until: dt.date) -> tuple[Payment, ...]:
    """A year's dues at each join or rejoin and each anniversary after it while the membership lasts,
    those the register keeps: from 2016 to `until` (a few members missed their renewal of 2016)."""
    paid: list[Payment] = []
    ends = [c.on for c in changes if c.status in (Status.LAPSED, Status.EXPELLED)] + [until + dt.timedelta(days=1)]
    for start in (c.on for c in changes if c.status in (Status.JOINED, Status.REJOINED)):
        end = min(day for day in ends if day >= start)
        year = 0
        while (due := _anniversary(start, year)) < end:
            if due >= _DUES_FROM and not (skip_2016 and due.year == 2016):
                covers = _anniversary(start, year + 1) - dt.timedelta(days=1)
                paid.append(Payment(dt.datetime.combine(due, dt.time(12)), pence, covers))
            year += 1
    return tuple(paid)


def _anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _registered_supporter(rng: random.Random, ref: str, branch: str) -> PersonHistory:
    """£25 paid between 17:00 on 18 July and 17:00 on 20 July 2016 (most), just before or after it,
    or the £3 of a 2015 supporter."""
    roll = rng.random()
    if roll < 0.75:
        at = _minute(rng, dt.datetime(2016, 7, 18, 17, 0), dt.datetime(2016, 7, 20, 17, 0))
        pence = 2500
    elif roll < 0.85:
        at, pence = _minute(rng, dt.datetime(2016, 7, 20, 17, 1), dt.datetime(2016, 7, 25, 23, 59)), 2500
    elif roll < 0.90:
        at, pence = _minute(rng, dt.datetime(2016, 7, 12, 0, 0), dt.datetime(2016, 7, 18, 16, 59)), 2500
    else:
        at, pence = _minute(rng, dt.datetime(2015, 6, 15, 0, 0), dt.datetime(2015, 8, 12, 12, 0)), 300
    history = (StatusChange(Status.JOINED, at.date()),)
    membership = Membership(ref, branch, Category.REGISTERED_SUPPORTER, history, (Payment(at, pence),))
    return PersonHistory(Person(ref, _name(rng)), (membership,))


def _affiliated_supporter(rng: random.Random, ref: str, affiliate: str) -> PersonHistory:
    since = _day(rng, dt.date(1975, 1, 1), dt.date(2016, 6, 30))
    joined = _day(rng, max(since, dt.date(2014, 3, 1)), dt.date(2016, 8, 8))
    history = (StatusChange(Status.JOINED, joined),)
    membership = Membership(ref, affiliate, Category.AFFILIATED_SUPPORTER, history, (), since)
    return PersonHistory(Person(ref, _name(rng)), (membership,))


_ELECTIONS = [dt.date(1997, 5, 1), dt.date(2001, 6, 7), dt.date(2005, 5, 5), dt.date(2010, 5, 6), dt.date(2015, 5, 7)]


def _office_holders(
    rng: random.Random, members: int, branches_of: dict[str, list[Unit]], regions: dict[str, Unit], until: dt.date
) -> list[PersonHistory]:
    """192 MPs in seats Labour won in 2015 (one the leader), and 20 MEPs; all members of long standing."""
    won = [seat for seat in constituencies() if seat.labour_won]
    seats = sorted(rng.sample(won, MPS), key=lambda s: s.name)
    leader = rng.randrange(MPS)
    holders: list[PersonHistory] = []
    refs = (f"L{n:06d}" for n in itertools.count(members + 1))
    for i, seat in enumerate(seats):
        clp = f"clp-{slugify(seat.name)}"
        ref = next(refs)
        member = _member(
            rng,
            ref,
            rng.choice(branches_of[clp]).id,
            _day(rng, dt.date(1970, 1, 1), dt.date(1996, 1, 1)),
            until,
            quiet=True,
        )
        offices = [Office(ref, OfficeKind.MP, clp, rng.choice(_ELECTIONS))]
        if i == leader:
            offices.append(Office(ref, OfficeKind.LEADER, PARTY, dt.date(2015, 9, 12)))
        holders.append(PersonHistory(member.person, member.memberships, tuple(offices)))
    for region, count in _MEPS_BY_REGION.items():
        clps = [clp for clp in branches_of if _clp_regions()[clp] == region]
        for _ in range(count):
            ref = next(refs)
            branch = rng.choice(branches_of[rng.choice(clps)]).id
            member = _member(rng, ref, branch, _day(rng, dt.date(1975, 1, 1), dt.date(2004, 1, 1)), until, quiet=True)
            start = rng.choice([dt.date(2009, 6, 4), dt.date(2014, 5, 22), dt.date(2014, 5, 22)])
            office = Office(ref, OfficeKind.MEP, regions[region].id, start, dt.date(2020, 1, 31))
            holders.append(PersonHistory(member.person, member.memberships, (office,)))
    return holders


@cache
def _clp_regions() -> dict[str, str]:
    return {f"clp-{slugify(seat.name)}": seat.region for seat in constituencies()}


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FORENAMES)} {rng.choice(_SURNAMES)}"


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _minute(rng: random.Random, first: dt.datetime, last: dt.datetime) -> dt.datetime:
    return first + dt.timedelta(minutes=rng.randrange(int((last - first).total_seconds() // 60) + 1))


# --- loading ------------------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]  # (what is being written, rows written so far, rows in all)
_BATCH = 5000


def load_demo(register: DemoRegister, progress: Progress | None = None) -> Organisation:
    """Write the register (units, people, memberships, histories, payments, offices) in one
    transaction, calling `progress` as it goes, then run the `SEEDING_HOOKS`.

    Units are bulk-created level by level; the register's rows are written as plain tuples (the
    model instances of `bulk_create` cost ten times the insert itself at 600,000 people): SQLite's
    `executemany`, PostgreSQL's `COPY`, people and memberships numbered from the tables' next id.
    """
    written = _Written(progress or (lambda what, done, total: None), _rows_in_all(register))
    with transaction.atomic():
        organisation = Organisation.objects.create(slug=ORGANISATION[0], name=ORGANISATION[1])
        unit_ids = _write_units(organisation, register, written)
        _write_people(register, unit_ids, written)
        reset_sequences(db.Person, db.Membership)
        analyse(db.Person, db.Membership, db.StatusChange, db.Payment, db.Office)
        for hook in SEEDING_HOOKS:
            written.add(hook, 0)
            _hook(hook)(organisation, register)
            written.add(hook, 1)
    return organisation


@dataclass
class _Written:
    """Rows written so far, reported to `progress` after each batch."""

    report: Progress
    total: int
    done: int = 0

    def add(self, what: str, rows: int) -> None:
        self.done += rows
        self.report(what, self.done, self.total)

    def insert(
        self, what: str, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
    ) -> None:
        for batch in batches(rows, _BATCH):
            write_rows(model, columns, batch)
            self.add(what, len(batch))


def _rows_in_all(register: DemoRegister) -> int:
    """The rows `load_demo` writes, a seeding hook counting as one."""
    memberships = [m for h in register.people for m in h.memberships]
    return (
        len(register.units)
        + len(register.people)
        + len(memberships)
        + sum(len(m.history) + len(m.payments) for m in memberships)
        + sum(len(h.offices) for h in register.people)
        + len(SEEDING_HOOKS)
    )


def _write_units(organisation: Organisation, register: DemoRegister, written: _Written) -> dict[str, int]:
    """The units, level by level (parents before their children): their ids by code."""
    unit_ids: dict[str, int] = {}
    for level in _levels(register.units):
        rows = UnitRow.objects.bulk_create(
            UnitRow(
                organisation=organisation,
                code=u.id,
                name=u.name,
                kind=u.kind,
                parent_id=unit_ids.get(u.parent or ""),
            )
            for u in level
        )
        unit_ids.update((row.code, row.pk) for row in rows)
        written.add("units", len(rows))
    return unit_ids


def _write_people(register: DemoRegister, unit_ids: dict[str, int], written: _Written) -> None:
    """People, memberships, status changes, payments and offices, as plain rows with their ids."""
    ops = connection.ops
    day, moment = ops.adapt_datefield_value, ops.adapt_datetimefield_value
    zone = timezone.get_current_timezone()
    person_ids = range(next_id(db.Person), next_id(db.Person) + len(register.people))
    written.insert(
        "people",
        db.Person,
        ("id", "ref", "name", "email"),
        ((pk, h.person.id, h.person.name, "") for pk, h in zip(person_ids, register.people, strict=True)),
    )
    held = [(pk, m) for pk, h in zip(person_ids, register.people, strict=True) for m in h.memberships]
    membership_ids = range(next_id(db.Membership), next_id(db.Membership) + len(held))
    written.insert(
        "memberships",
        db.Membership,
        ("id", "person_id", "unit_id", "category", "affiliate_member_since"),
        (
            (pk, person, unit_ids[m.unit], m.category.value, day(m.affiliate_member_since))
            for pk, (person, m) in zip(membership_ids, held, strict=True)
        ),
    )
    written.insert(
        "status changes",
        db.StatusChange,
        ("membership_id", "status", "on", "note"),
        (
            (pk, c.status.value, day(c.on), c.note)
            for pk, (_, m) in zip(membership_ids, held, strict=True)
            for c in m.history
        ),
    )
    written.insert(
        "payments",
        db.Payment,
        ("membership_id", "at", "pence", "covers_until"),
        (
            (pk, moment(p.at.replace(tzinfo=zone)), p.pence, day(p.covers_until))
            for pk, (_, m) in zip(membership_ids, held, strict=True)
            for p in m.payments
        ),
    )
    written.insert(
        "offices",
        db.Office,
        ("person_id", "kind", "unit_id", "start", "end"),
        (
            (pk, o.kind.value, unit_ids[o.unit], day(o.start), day(o.end))
            for pk, h in zip(person_ids, register.people, strict=True)
            for o in h.offices
        ),
    )


def _levels(units: Sequence[Unit]) -> list[list[Unit]]:
    depth: dict[str, int] = {}
    levels: list[list[Unit]] = []
    for unit in units:  # parents come before their children
        depth[unit.id] = 0 if unit.parent is None else depth[unit.parent] + 1
        if depth[unit.id] == len(levels):
            levels.append([])
        levels[depth[unit.id]].append(unit)
    return levels


def _hook(path: str) -> Callable[[Organisation, DemoRegister], Any]:
    module, _, name = path.partition(":")
    function: Callable[[Organisation, DemoRegister], Any] = getattr(importlib.import_module(module), name)
    return function


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
