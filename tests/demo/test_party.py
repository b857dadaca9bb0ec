"""The demo register is reproducible from its seed, Labour-like at full scale, every history in it is
one a register could hold, and it survives the database unchanged."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import authenticate

from hustings.demo import party as demo
from hustings.demo.party import DEMO_ROLES, PARTY, demo_logins, demo_register, load_demo
from hustings.rules import Category, OfficeKind, Status, ancestors, office_holders
from hustings.services.register import person_history, units
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.members.models import Person

CONTEST_DAY = dt.date(2016, 8, 22)
WINDOW = (dt.datetime(2016, 7, 18, 17, 0), dt.datetime(2016, 7, 20, 17, 0))


@pytest.fixture(scope="module")
def register() -> demo.DemoRegister:
    return demo_register(2016, 1500)


def test_the_same_seed_gives_the_same_register_and_another_seed_another() -> None:
    assert demo_register(7, 120) == demo_register(7, 120)
    assert demo_register(7, 120).people != demo_register(8, 120).people


def test_the_party_has_650_constituency_parties_in_nations_and_regions(register: demo.DemoRegister) -> None:
    kinds = Counter(unit.kind for unit in register.units)
    assert kinds["constituency party"] == 650
    assert kinds["nation"] == 4 and kinds["region"] == 12 and kinds["party"] == 1
    assert kinds["trade union"] >= 5 and kinds["socialist society"] >= 3
    codes = [unit.id for unit in register.units]
    assert len(set(codes)) == len(codes)
    tree = {unit.id: unit for unit in register.units}
    names = {unit.name for unit in register.units}
    assert {"Islington North CLP", "Glasgow East CLP", "Cardiff Central CLP", "London"} <= names
    branches = Counter(unit.parent for unit in register.units if unit.kind == "branch")
    assert set(branches.values()) <= {2, 3, 4} and len(branches) == 650
    for unit in register.units:  # every unit reaches the party at the top
        assert ancestors(unit.id, tree)[-1].id == PARTY


def test_212_mps_and_meps_hold_office_in_2016_and_the_leader_is_one_of_them(register: demo.DemoRegister) -> None:
    offices = [o for h in register.people for o in h.offices]
    assert office_holders(offices, [OfficeKind.MP, OfficeKind.MEP], CONTEST_DAY) == 212
    assert office_holders(offices, [OfficeKind.MP], CONTEST_DAY) == 192
    leaders = [o for o in offices if o.kind is OfficeKind.LEADER]
    assert len(leaders) == 1 and leaders[0].held_on(CONTEST_DAY)
    assert any(o.person == leaders[0].person and o.kind is OfficeKind.MP for o in offices)
    kinds = {unit.id: unit.kind for unit in register.units}
    assert {kinds[o.unit] for o in offices if o.kind is OfficeKind.MP} == {"constituency party"}
    assert len({o.unit for o in offices if o.kind is OfficeKind.MP}) == 192  # one MP per seat


def test_every_person_has_a_history_a_register_could_hold(register: demo.DemoRegister) -> None:
    refs = [h.person.id for h in register.people]
    assert len(set(refs)) == len(refs) == 1500 + 212
    kinds = {unit.id: unit.kind for unit in register.units}
    for history in register.people:
        assert history.memberships
        for membership in history.memberships:
            _valid(membership.history)
            assert [p.at for p in membership.payments] == sorted(p.at for p in membership.payments)
            assert all(p.at.date() >= membership.history[0].on for p in membership.payments)
            if membership.category is Category.AFFILIATED_SUPPORTER:
                assert kinds[membership.unit] in ("trade union", "socialist society")
                assert membership.affiliate_member_since is not None
            else:
                assert kinds[membership.unit] == "branch"


def _valid(changes: tuple) -> None:
    assert changes[0].status is Status.JOINED
    assert [c.on for c in changes] == sorted(c.on for c in changes)
    allowed = {
        Status.JOINED: {Status.LAPSED, Status.SUSPENDED, Status.EXPELLED},
        Status.REJOINED: {Status.LAPSED, Status.SUSPENDED, Status.EXPELLED},
        Status.REINSTATED: {Status.LAPSED, Status.SUSPENDED, Status.EXPELLED},
        Status.SUSPENDED: {Status.REINSTATED, Status.EXPELLED},
        Status.LAPSED: {Status.REJOINED},
        Status.EXPELLED: set(),
    }
    for before, after in itertools.pairwise(changes):
        assert after.status in allowed[before.status], changes


def test_the_register_looks_like_labour_in_2016(register: demo.DemoRegister) -> None:
    people = [h for h in register.people if not h.offices]
    members = [h.memberships[0] for h in people if h.memberships[0].category is Category.MEMBER]
    joins = [m.history[0].on for m in members]
    surge = sum(dt.date(2015, 5, 8) <= day <= dt.date(2016, 7, 12) for day in joins)
    after_freeze = sum(day > dt.date(2016, 1, 12) for day in joins)
    assert len(joins) / 3 < surge < len(joins) * 2 / 3  # the surge of 2015-16
    assert 0 < after_freeze < len(joins) / 2  # many joined after the freeze date, most before it
    events = Counter(c.status for m in members for c in m.history[1:])
    assert events[Status.LAPSED] and events[Status.REJOINED] and events[Status.SUSPENDED] and events[Status.EXPELLED]
    supporters = [h.memberships[0] for h in people if h.memberships[0].category is Category.REGISTERED_SUPPORTER]
    paid = [m.payments[0] for m in supporters]
    inside = sum(WINDOW[0] <= p.at <= WINDOW[1] and p.pence == 2500 for p in paid)
    assert 0.5 * len(paid) < inside < len(paid)  # most paid £25 in the window, some outside it
    assert {h.memberships[0].category for h in people} == set(Category)
    assert people[0].memberships[0].category is Category.MEMBER  # the demo member's login


@pytest.mark.django_db
def test_the_loaded_register_reads_back_as_generated() -> None:
    register = demo_register(3, 60)
    seen: list[tuple[str, int, int]] = []
    load_demo(register, lambda what, done, total: seen.append((what, done, total)))
    sample = register.people[:30] + register.people[-15:]  # members, then MPs, MEPs and the leader
    assert tuple(person_history(h.person.id) for h in sample) == sample
    assert set(units("labour-like").values()) == set(register.units)
    assert seen[-1][1] == seen[-1][2]  # the progress reached its total
    Person.objects.create(ref="NEW1", name="After the demo")  # ids go on after the rows written with theirs
    assert [done for _, done, _ in seen] == sorted(done for _, done, _ in seen)


@pytest.mark.django_db
def test_seeding_hooks_run_after_the_register_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[tuple[str, int]] = []

    def seed(organisation: object, register: demo.DemoRegister) -> None:
        called.append((organisation.slug, Person.objects.count()))  # type: ignore[attr-defined]

    monkeypatch.setattr(demo, "SEEDING_HOOKS", [f"{__name__}:seed_for_test"])
    monkeypatch.setitem(globals(), "seed_for_test", seed)
    load_demo(demo_register(3, 10))
    assert called == [("labour-like", 10 + 212)]


@pytest.mark.django_db
def test_demo_logins_work_with_the_passwords_printed_and_hold_their_roles(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for the test only
    load_demo(demo_register(3, 5))
    passwords = demo_logins()
    assert set(passwords) == set(DEMO_ROLES)
    for username, password in passwords.items():
        assert authenticate(username=username, password=password) is not None
    member = Person.objects.get(user__username="member")
    assert member.ref == "L000001"
    branch = member.memberships.get().unit
    secretary = Role.objects.get(user__username="secretary")
    assert secretary.kind == RoleKind.SECRETARY and secretary.unit == branch and branch.kind == "branch"
    for username, kind in [("general-secretary", RoleKind.GENERAL_SECRETARY), ("auditor", RoleKind.AUDITOR)]:
        role = Role.objects.get(user__username=username)
        assert role.kind == kind and role.unit is None
    assert demo_logins().keys() == passwords.keys()  # a second start resets the passwords, keeps the roles
    assert Role.objects.filter(user__username="secretary").count() == 1
