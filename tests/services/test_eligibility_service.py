"""`eligibility_for` judges a person on the register with the rules' own reasons.

The 2016 cases are Labour's: members who joined after the freeze date of 12 January 2016 could not
vote (upheld in Evangelou v McNicol [2016] EWCA Civ 817); registered supporters paid £25 between
17:00 on 18 July and 17:00 on 20 July 2016, UK time (NEC procedural guidelines, 12 July 2016).
"""

from __future__ import annotations

import datetime as dt

import pytest

from hustings.rules import Ballot, Category, load_rulebook
from hustings.services.eligibility import eligibility_for
from hustings.services.register import UnknownPerson
from hustings.store.members import models as db
from hustings.store.organisations.models import Organisation, Unit

pytestmark = pytest.mark.django_db

CONTEST = Ballot("leader-2016", "leadership_challenge", opens=dt.date(2016, 8, 22))


@pytest.fixture
def clp() -> Unit:
    party = Organisation.objects.create(slug="labour", name="Labour-like party")
    return Unit.objects.create(organisation=party, code="isn", name="Islington North", kind="clp")


def joined(clp: Unit, ref: str, on: dt.date, category: str = "member") -> db.Membership:
    membership = db.Membership.objects.create(
        person=db.Person.objects.create(ref=ref, name=f"Person {ref}"), unit=clp, category=category
    )
    db.StatusChange.objects.create(membership=membership, status="joined", on=on)
    return membership


def test_a_member_who_joined_after_the_freeze_date_is_refused_with_the_rule(clp: Unit) -> None:
    joined(clp, "M1", dt.date(2016, 3, 1))
    decision = eligibility_for("M1", "labour-2016", CONTEST, CONTEST.opens)
    assert not decision.eligible
    assert decision.reason == "not eligible: joined 2016-03-01, after the freeze date 2016-01-12 (rule NEC-2016/freeze)"
    assert decision.rules_applied[0].rule == "NEC-2016/freeze"
    assert "Evangelou" in decision.rules_applied[0].citation


def test_a_member_who_joined_on_the_freeze_date_may_vote(clp: Unit) -> None:
    joined(clp, "M2", dt.date(2016, 1, 12))
    decision = eligibility_for("M2", load_rulebook("labour-2016"), CONTEST, CONTEST.opens)
    assert decision.eligible and decision.category is Category.MEMBER


def test_a_member_suspended_before_the_ballot_is_refused(clp: Unit) -> None:
    membership = joined(clp, "M3", dt.date(2001, 6, 7))
    db.StatusChange.objects.create(membership=membership, status="suspended", on=dt.date(2016, 8, 1))
    decision = eligibility_for("M3", "labour-2016", CONTEST, CONTEST.opens)
    assert decision.reason == "not eligible: suspended on 2016-08-22 (rule NEC-2016/standing)"


@pytest.mark.parametrize(
    ("paid_utc", "eligible"),
    [
        (dt.datetime(2016, 7, 18, 16, 0, tzinfo=dt.UTC), True),  # 17:00 BST, the window's first minute
        (dt.datetime(2016, 7, 20, 16, 0, tzinfo=dt.UTC), True),  # 17:00 BST, its last
        (dt.datetime(2016, 7, 20, 16, 30, tzinfo=dt.UTC), False),  # 17:30 BST: too late, though 16:30 UTC
    ],
)
def test_the_supporter_window_is_read_in_uk_time(clp: Unit, paid_utc: dt.datetime, eligible: bool) -> None:
    supporter = joined(clp, "S1", dt.date(2016, 7, 19), category="registered_supporter")
    db.Payment.objects.create(membership=supporter, at=paid_utc, pence=2500)
    assert eligibility_for("S1", "labour-2016", CONTEST, CONTEST.opens).eligible is eligible


def test_nobody_on_the_register_is_an_error_not_a_refusal() -> None:
    with pytest.raises(UnknownPerson):
        eligibility_for("ghost", "labour-2016", CONTEST, CONTEST.opens)
