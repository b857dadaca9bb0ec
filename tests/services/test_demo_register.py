"""The demo register is reproducible from its seed, plausible, and survives the database unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate

from hustings.rules import Category, OfficeKind, Status, ancestors
from hustings.services.demo import DEMO_ROLES, demo_logins, demo_register, load_demo
from hustings.services.register import person_history, units
from hustings.web.members.models import Person


def test_the_same_seed_gives_the_same_register_and_another_seed_another() -> None:
    assert demo_register(7, 120) == demo_register(7, 120)
    assert demo_register(7, 120).people != demo_register(8, 120).people


def test_the_register_is_plausible() -> None:
    register = demo_register(2016, 400)
    tree = {unit.id: unit for unit in register.units}
    refs = [h.person.id for h in register.people]
    assert len(set(refs)) == len(refs) == 400
    members = [m for h in register.people for m in h.memberships if m.category is Category.MEMBER]
    for membership in [m for h in register.people for m in h.memberships]:
        assert membership.history[0].status is Status.JOINED
        assert [c.on for c in membership.history] == sorted(c.on for c in membership.history)
        assert ancestors(membership.unit, tree)[-1].parent is None  # every unit reaches the top of the tree
    joins = [m.history[0].on for m in members]
    after_freeze = sum(day > dt.date(2016, 1, 12) for day in joins)
    assert 0 < after_freeze < len(joins) / 2  # the 2016 surge is there, but most joined before it
    assert any(len(m.history) > 1 for m in members)  # some lapsed, rejoined or were suspended
    assert {m.category for h in register.people for m in h.memberships} == set(Category)
    mps = [o for h in register.people for o in h.offices if o.kind is OfficeKind.MP]
    assert len({o.unit for o in mps}) == len(mps) == sum(u.kind == "constituency party" for u in register.units)


@pytest.mark.django_db
def test_the_loaded_register_reads_back_as_generated() -> None:
    register = demo_register(3, 60)
    load_demo(register)
    assert tuple(person_history(h.person.id) for h in register.people) == register.people
    assert set(units("labour-like").values()) == set(register.units)


@pytest.mark.django_db
def test_demo_logins_work_with_the_passwords_printed() -> None:
    load_demo(demo_register(3, 5))
    passwords = demo_logins()
    assert set(passwords) == set(DEMO_ROLES)
    for username, password in passwords.items():
        assert authenticate(username=username, password=password) is not None
    assert Person.objects.get(user__username="member").ref == "L000001"
