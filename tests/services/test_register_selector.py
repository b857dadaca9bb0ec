"""`person_history` reads the register back into exactly the `PersonHistory` the rules judge."""

from __future__ import annotations

import datetime as dt

import pytest
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
    ancestors,
)
from hustings.services.register import UnknownPerson, person_history, units
from hustings.store.members import models as db
from hustings.store.organisations.models import Organisation
from hustings.store.organisations.models import Unit as UnitRow

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def party() -> Organisation:
    party = Organisation.objects.create(slug="party", name="A Party")
    nation = UnitRow.objects.create(organisation=party, code="eng", name="England", kind="nation")
    clp = UnitRow.objects.create(organisation=party, code="isn", name="Islington North", kind="clp", parent=nation)
    UnitRow.objects.create(organisation=party, code="isn-b1", name="Branch 1", kind="branch", parent=clp)
    UnitRow.objects.create(organisation=party, code="unite", name="Unite", kind="affiliate")
    return party


def test_a_person_with_two_memberships_payments_and_an_office(party: Organisation) -> None:
    person = db.Person.objects.create(ref="M1", name="A. Member")
    branch, union = (UnitRow.objects.get(code=c) for c in ("isn-b1", "unite"))
    member = db.Membership.objects.create(person=person, unit=branch, category="member")
    db.StatusChange.objects.create(membership=member, status="lapsed", on=dt.date(2014, 1, 31))
    db.StatusChange.objects.create(membership=member, status="joined", on=dt.date(2010, 9, 1), note="online")
    db.StatusChange.objects.create(membership=member, status="rejoined", on=dt.date(2015, 5, 9))
    db.Payment.objects.create(
        membership=member, at=dt.datetime(2015, 5, 9, 9, 30, tzinfo=UTC), pence=4700, covers_until=dt.date(2016, 5, 8)
    )
    supporter = db.Membership.objects.create(
        person=person, unit=union, category="affiliated_supporter", affiliate_member_since=dt.date(2009, 4, 1)
    )
    db.StatusChange.objects.create(membership=supporter, status="joined", on=dt.date(2016, 7, 30))
    db.Office.objects.create(person=person, kind="branch officer", unit=branch, start=dt.date(2016, 1, 1))

    assert person_history("M1") == PersonHistory(
        Person("M1", "A. Member"),
        (
            Membership(
                "M1",
                "isn-b1",
                Category.MEMBER,
                (
                    StatusChange(Status.JOINED, dt.date(2010, 9, 1), "online"),
                    StatusChange(Status.LAPSED, dt.date(2014, 1, 31)),
                    StatusChange(Status.REJOINED, dt.date(2015, 5, 9)),
                ),
                # 09:30 UTC on 9 May 2015 is 10:30 in London (British Summer Time, UTC+1).
                (Payment(dt.datetime(2015, 5, 9, 10, 30), 4700, dt.date(2016, 5, 8)),),
            ),
            Membership(
                "M1",
                "unite",
                Category.AFFILIATED_SUPPORTER,
                (StatusChange(Status.JOINED, dt.date(2016, 7, 30)),),
                affiliate_member_since=dt.date(2009, 4, 1),
            ),
        ),
        (Office("M1", OfficeKind.BRANCH_OFFICER, "isn-b1", dt.date(2016, 1, 1)),),
    )


def test_winter_payments_are_read_in_greenwich_mean_time(party: Organisation) -> None:
    person = db.Person.objects.create(ref="M2", name="B. Member")
    member = db.Membership.objects.create(person=person, unit=UnitRow.objects.get(code="isn"), category="member")
    db.Payment.objects.create(membership=member, at=timezone.make_aware(dt.datetime(2016, 1, 5, 12, 0), UTC), pence=300)
    (payment,) = person_history("M2").memberships[0].payments
    assert payment.at == dt.datetime(2016, 1, 5, 12, 0)


def test_reading_a_history_takes_the_same_few_queries_however_long_it_is(
    party: Organisation, django_assert_max_num_queries: object
) -> None:
    person = db.Person.objects.create(ref="M3", name="C. Member")
    for unit in UnitRow.objects.all():
        membership = db.Membership.objects.create(person=person, unit=unit, category="member")
        for year in range(2000, 2010):
            db.StatusChange.objects.create(membership=membership, status="joined", on=dt.date(year, 1, 1))
            db.Payment.objects.create(membership=membership, at=dt.datetime(year, 1, 1, tzinfo=UTC), pence=100)
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        history = person_history("M3")
    assert len(history.memberships) == 4 and all(len(m.history) == 10 for m in history.memberships)


def test_an_unknown_reference_is_refused_with_its_name() -> None:
    with pytest.raises(UnknownPerson, match="'nobody'"):
        person_history("nobody")


def test_units_give_the_tree_the_rules_walk(party: Organisation) -> None:
    tree = units("party")
    assert tree["isn-b1"] == Unit("isn-b1", "Branch 1", "branch", "isn")
    assert [u.id for u in ancestors("isn-b1", tree)] == ["isn-b1", "isn", "eng"]
    assert tree["unite"].parent is None
