"""The bulk electorate equals `eligibility_for` person by person, within a subtree too, and its
summary counts the same decisions by category and by kind of refusal."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection

from hustings.demo.party import ORGANISATION, demo_register, load_demo
from hustings.rules import Ballot, Category, load_rulebook
from hustings.services.electorate import (
    UnknownOrganisation,
    UnknownUnit,
    decisions,
    refusal_kind,
    refusal_kinds,
    summary,
)
from hustings.services.eligibility import eligibility_for
from hustings.store.members import models as db
from hustings.store.organisations.models import Organisation, Unit

pytestmark = pytest.mark.django_db

SLUG = ORGANISATION[0]
CONTEST = Ballot("leader-2016", "leadership_challenge", opens=dt.date(2016, 8, 22))


@pytest.fixture
def register() -> None:
    load_demo(demo_register(11, 150))


def test_every_decision_equals_the_one_person_at_a_time(register: None) -> None:
    rules = load_rulebook("labour-2016")
    bulk = list(decisions(SLUG, rules, CONTEST, CONTEST.opens, chunk=40))
    refs = list(db.Person.objects.order_by("id").values_list("ref", flat=True))
    assert [d.person for d in bulk] == refs
    assert bulk == [eligibility_for(ref, rules, CONTEST, CONTEST.opens) for ref in refs]
    assert {d.eligible for d in bulk} == {True, False}  # both outcomes were compared


def test_a_unit_filter_takes_the_unit_and_everything_beneath_it(register: None) -> None:
    clp = db.Membership.objects.filter(unit__kind="branch").values_list("unit__parent__code", flat=True).first()
    within = set(db.Person.objects.filter(memberships__unit__parent__code=clp).values_list("ref", flat=True)) | set(
        db.Person.objects.filter(memberships__unit__code=clp).values_list("ref", flat=True)
    )
    found = [d.person for d in decisions(SLUG, "labour-2016", CONTEST, CONTEST.opens, units=[clp])]
    assert within and sorted(found) == sorted(within)
    everyone = {d.person for d in decisions(SLUG, "labour-2016", CONTEST, CONTEST.opens)}
    assert set(found) < everyone


def test_the_summary_counts_the_decisions(register: None) -> None:
    rules = load_rulebook("labour-2016")
    every = list(decisions(SLUG, rules, CONTEST, CONTEST.opens))
    counts = summary(SLUG, rules, CONTEST, CONTEST.opens)
    kinds = refusal_kinds(rules, CONTEST.process)
    assert counts.total == len(every) == db.Person.objects.count()
    assert counts.eligible == dict(Counter(d.category for d in every if d.eligible))
    assert counts.refused == dict(Counter(refusal_kind(d, kinds) for d in every if not d.eligible))
    assert counts.eligible_total + counts.refused_total == counts.total
    assert "joined after the freeze date" in counts.refused
    assert counts.eligible[Category.MEMBER] > 0


def test_a_late_joiner_is_counted_as_joined_after_the_freeze_date(register: None) -> None:
    rules = load_rulebook("labour-2016")
    kinds = refusal_kinds(rules, CONTEST.process)
    late = next(d for d in decisions(SLUG, rules, CONTEST, CONTEST.opens) if "after the freeze date" in d.reason)
    assert refusal_kind(late, kinds) == "joined after the freeze date"
    assert kinds["NEC-2016/standing"] == "not in good standing"
    assert kinds["NEC-2016/registered-supporters"] == "paid outside the window"


def test_unknown_organisation_or_unit_is_an_error(register: None) -> None:
    with pytest.raises(UnknownOrganisation):
        decisions("nobody", "labour-2016", CONTEST, CONTEST.opens)
    with pytest.raises(UnknownUnit):
        decisions(SLUG, "labour-2016", CONTEST, CONTEST.opens, units=["atlantis"])


def test_only_the_organisations_own_memberships_are_judged(register: None) -> None:
    before = {d.person: d for d in decisions(SLUG, "labour-2016", CONTEST, CONTEST.opens)}
    other = Organisation.objects.create(slug="other", name="Another union")
    branch = Unit.objects.create(organisation=other, code="other-branch", name="Branch", kind="branch")
    for ref, joined in [("L000002", dt.date(2016, 3, 1)), ("X1", dt.date(2001, 1, 1))]:
        person = db.Person.objects.get_or_create(ref=ref, defaults={"name": "Only elsewhere"})[0]
        membership = db.Membership.objects.create(person=person, unit=branch, category="member")
        db.StatusChange.objects.create(membership=membership, status="joined", on=joined)
    after = {d.person: d for d in decisions(SLUG, "labour-2016", CONTEST, CONTEST.opens, chunk=7)}
    assert after == before  # nobody added, nobody judged on the other organisation's membership
    there = list(decisions("other", "labour-2016", CONTEST, CONTEST.opens))
    assert [d.person for d in there] == ["L000002", "X1"]
    assert there[0].reason == "not eligible: joined 2016-03-01, after the freeze date 2016-01-12 (rule NEC-2016/freeze)"


def test_a_subtrees_decisions_equal_the_one_person_at_a_time(register: None) -> None:
    # A subtree is read by another query than the whole register (on PostgreSQL a subquery per
    # membership rather than one aggregate joined): its decisions must be the same ones.
    rules = load_rulebook("labour-2016")
    top = Unit.objects.filter(organisation__slug=SLUG, parent=None).values_list("code", flat=True).first()
    found = list(decisions(SLUG, rules, CONTEST, CONTEST.opens, units=[top]))
    assert found == [eligibility_for(d.person, rules, CONTEST, CONTEST.opens) for d in found]
    assert [d.person for d in found] == sorted(d.person for d in found)  # in order of their row
    assert {d.eligible for d in found} == {True, False}


def test_changes_and_payments_are_read_in_order_of_day_and_time_whatever_their_rows(register: None) -> None:
    # Rows written out of order, two changes on one day, two memberships, a payment with
    # microseconds, notes holding the characters that separate a history's parts.
    rules = load_rulebook("labour-2016")
    branch = Unit.objects.filter(kind="branch").first()
    person = db.Person.objects.create(ref="Z-ORDER", name="Out of order")
    member = db.Membership.objects.create(person=person, unit=branch, category="member")
    for status, on, note in [
        ("suspended", dt.date(2016, 6, 1), "a|b,c/d"),
        ("joined", dt.date(2010, 5, 1), "one, two | three"),
        ("reinstated", dt.date(2016, 6, 1), ""),
    ]:
        db.StatusChange.objects.create(membership=member, status=status, on=on, note=note)
    supporter = db.Membership.objects.create(person=person, unit=branch, category="registered_supporter")
    db.StatusChange.objects.create(membership=supporter, status="joined", on=dt.date(2016, 7, 19))
    for at in [
        dt.datetime(2016, 7, 20, 16, 59, 59, 999_999, tzinfo=dt.UTC),
        dt.datetime(2016, 7, 19, 9, tzinfo=dt.UTC),
    ]:
        db.Payment.objects.create(membership=supporter, at=at, pence=2500)
    bulk = {d.person: d for d in decisions(SLUG, rules, CONTEST, CONTEST.opens)}
    subtree = {d.person: d for d in decisions(SLUG, rules, CONTEST, CONTEST.opens, units=[branch.code])}
    one = eligibility_for("Z-ORDER", rules, CONTEST, CONTEST.opens)
    assert bulk["Z-ORDER"] == subtree["Z-ORDER"] == one
    # The same day's changes in the other order (reinstated, then suspended) decide otherwise.
    other = db.Person.objects.create(ref="Z-ORDER-2", name="Other order")
    again = db.Membership.objects.create(person=other, unit=branch, category="member")
    for status, on in [
        ("joined", dt.date(2010, 5, 1)),
        ("reinstated", dt.date(2016, 6, 1)),
        ("suspended", dt.date(2016, 6, 1)),
    ]:
        db.StatusChange.objects.create(membership=again, status=status, on=on)
    bulk = {d.person: d for d in decisions(SLUG, rules, CONTEST, CONTEST.opens)}
    assert bulk["Z-ORDER-2"] == eligibility_for("Z-ORDER-2", rules, CONTEST, CONTEST.opens)
    assert bulk["Z-ORDER"].eligible != bulk["Z-ORDER-2"].eligible


def test_the_sessions_time_zone_and_date_style_change_nothing(register: None) -> None:
    # PostgreSQL writes days and times as text for the key of a history: another session time
    # zone or date style (reset when the test's transaction ends) must not change a decision.
    rules = load_rulebook("labour-2016")
    before = list(decisions(SLUG, rules, CONTEST, CONTEST.opens))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL TimeZone = 'Pacific/Auckland'")
            cursor.execute("SET LOCAL DateStyle = 'SQL, DMY'")
    assert list(decisions(SLUG, rules, CONTEST, CONTEST.opens)) == before
    assert any(d.reason.startswith("not eligible: paid on") for d in before)  # payments' times were compared
