"""Weighted voters and electoral colleges in one ballot (docs/ballots.md, "Weighted voters and
colleges"): card votes and sections frozen with the roll, carried into the box without the voter,
counted exactly, and recounted by `hustings verify` from the board."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from tests.web.visitors import Party, make_party

from hustings.board.verify import verify_board
from hustings.count.apportion.college import Section, count
from hustings.count.profile import Profile
from hustings.count.registry import run
from hustings.rules import Category, Status
from hustings.services import ballots as svc
from hustings.services.ballots import BallotError
from hustings.store.ballots.models import Ballot, BoxEntry, RollEntry
from hustings.store.members.models import Membership, Office, Payment, Person, StatusChange

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 9, 1)
CANDIDATES = ["Ann", "Bob", "Cat"]
CARDS = {"D00001": "120", "D00002": "120", "D00003": "75.5", "D00004": "75.5", "D00005": "75.5", "D00006": "40"}


def add_branch_member(party: Party, ref: str) -> Person:
    """A member of the branch in good standing under the trade-union-branch rulebook: joined long
    ago and paid up."""
    person = Person.objects.create(ref=ref, name=f"Member {ref}")
    membership = Membership.objects.create(person=person, unit=party.branch, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2020, 1, 1))
    Payment.objects.create(
        membership=membership, at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), pence=1000, covers_until=dt.date(2030, 1, 1)
    )
    return person


@pytest.fixture
def party(db: None) -> Party:
    party = make_party()
    Membership.objects.filter(person=party.person).delete()  # Ada is not paid up: keep her off the roll
    for ref in CARDS:
        add_branch_member(party, ref)
    return party


def open_card_vote(party: Party, **changes: object) -> Ballot:
    values: dict[str, object] = {
        "organisation": party.organisation.slug,
        "title": "Card vote on the motion",
        "rulebook": "trade-union-branch",
        "process_kind": "delegate_card_vote",
        "method": "irv",
        "seats": 1,
        "candidates": CANDIDATES,
        "on_date": ON,
        "weights": CARDS,
        "accept_small_classes": True,
    }
    values.update(changes)
    return svc.open_ballot(party.users["returning_officer"], **values)  # type: ignore[arg-type]


def cast_all(ballot: Ballot, party: Party, votes: dict[str, list[str]]) -> None:
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    for ref, ranking in votes.items():
        svc.cast(ballot.pk, codes[ref], ranking, f"s-{ref}")


def count_and_publish(ballot: Ballot, party: Party) -> Ballot:
    officer = party.users["returning_officer"]
    svc.close_ballot(officer, ballot)
    svc.count_ballot(officer, ballot)
    svc.publish(officer, ballot)
    return Ballot.objects.get(pk=ballot.pk)


VOTES = {
    "D00001": ["Ann", "Bob"],
    "D00002": ["Bob"],
    "D00003": ["Cat", "Ann"],
    "D00004": ["Cat", "Bob"],
    "D00005": ["Ann"],
    "D00006": ["Cat", "Ann"],
}


def test_card_votes_are_frozen_with_the_roll_and_counted_exactly(party: Party) -> None:
    ballot = open_card_vote(party)
    weights = dict(RollEntry.objects.filter(ballot=ballot).values_list("person__ref", "weight"))
    assert weights == {ref: Decimal(w) for ref, w in CARDS.items()}
    cast_all(ballot, party, VOTES)
    assert sorted(BoxEntry.objects.filter(ballot=ballot).values_list("weight", flat=True)) == sorted(
        Decimal(w) for w in CARDS.values()
    )
    ballot = count_and_publish(ballot, party)
    expanded = Profile.from_ballots(
        CANDIDATES,
        ((tuple(frozenset((c,)) for c in VOTES[ref]), Fraction(w)) for ref, w in CARDS.items()),
    )
    expected = run("irv", expanded, seats=1)
    assert ballot.result is not None
    assert ballot.result["elected"] == list(expected.elected)
    assert ballot.result["rounds"][0]["tally"] == expected.to_dict()["rounds"][0]["tally"]
    # Cat 75.5 + 75.5 + 40 = 191 first preferences; Ann 120 + 75.5; Bob 120.
    assert Fraction(ballot.result["rounds"][0]["tally"]["Cat"]) == 191
    board = svc.bulletin_board(ballot)
    opened = board["entries"][0]["data"]
    assert opened["weighted"] is True and opened["small_classes"] == 3
    closed = next(e["data"] for e in board["entries"] if e["kind"] == "closed")
    assert closed["weight"] == "506.5"
    assert verify_board(board).verified


def test_card_votes_only_where_the_rulebook_has_them(party: Party) -> None:
    with pytest.raises(BallotError, match="no card votes"):
        open_card_vote(party, process_kind="branch_meeting_vote")


def test_a_bad_card_vote_is_refused_with_its_member(party: Party) -> None:
    for bad, words in (("-3", "positive"), ("1.1234567", "decimal places"), ("lots", "not a number")):
        with pytest.raises(BallotError, match=words):
            open_card_vote(party, weights={**CARDS, "D00006": bad})
    with pytest.raises(BallotError, match="D99999"):
        open_card_vote(party, weights={**CARDS, "D99999": "3"})


def test_small_weight_classes_are_refused_unless_accepted(party: Party) -> None:
    with pytest.raises(BallotError, match="fewer than 5 voters"):
        open_card_vote(party, accept_small_classes=False)
    assert not Ballot.objects.exists()


def test_a_forged_weight_in_the_export_fails_the_recount(party: Party) -> None:
    ballot = open_card_vote(party)
    cast_all(ballot, party, VOTES)
    board = svc.bulletin_board(count_and_publish(ballot, party))
    forged = copy.deepcopy(board)
    forged["export"] = forged["export"].replace("\n115.5 ", "\n150.5 ", 1)  # Cat then Ann: 75.5 + 40
    assert "150.5 " in forged["export"]
    assert not verify_board(forged).verified


def test_end_to_end_ballots_refuse_card_votes(party: Party) -> None:
    with pytest.raises(BallotError, match="future work"):
        open_card_vote(party, trustees=[("T1", "auditor"), ("T2", "general_secretary")], quorum=2)


# --- an electoral college in one ballot -----------------------------------------------------------


def college_party(party: Party) -> dict[str, list[str]]:
    """Labour-2010 sections: 5 MPs (members holding the office), 6 members, 5 affiliates."""
    refs: dict[str, list[str]] = {"mps_meps": [], "members": [], "affiliates": []}
    for n in range(5):
        person = _labour(party, f"MP{n}", Category.MEMBER)
        Office.objects.create(person=person, kind="MP", unit=party.nation, start=dt.date(2010, 5, 6))
        refs["mps_meps"].append(person.ref)
    for n in range(6):
        refs["members"].append(_labour(party, f"ME{n}", Category.MEMBER).ref)
    for n in range(5):
        refs["affiliates"].append(_labour(party, f"AF{n}", Category.AFFILIATED_SUPPORTER).ref)
    return refs


def _labour(party: Party, ref: str, category: Category) -> Person:
    person = Person.objects.create(ref=ref, name=ref)
    since = dt.date(2005, 1, 1) if category is Category.AFFILIATED_SUPPORTER else None
    membership = Membership.objects.create(
        person=person, unit=party.branch, category=category, affiliate_member_since=since
    )
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2000, 1, 1))
    return person


COLLEGE_VOTES = {
    "mps_meps": [["Ann"], ["Ann"], ["Ann"], ["Bob"], ["Cat", "Bob"]],
    "members": [["Bob"], ["Bob"], ["Bob"], ["Ann"], ["Cat", "Ann"], ["Cat", "Ann"]],
    "affiliates": [["Cat", "Bob"], ["Cat", "Bob"], ["Bob"], ["Ann"], ["Ann"]],
}


def open_college(party: Party, **changes: object) -> Ballot:
    values: dict[str, object] = {
        "organisation": party.organisation.slug,
        "title": "Leader",
        "rulebook": "labour-2010",
        "process_kind": "leadership_vacancy",
        "method": "irv",
        "seats": 1,
        "candidates": CANDIDATES,
        "on_date": dt.date(2010, 9, 1),
        "accept_small_classes": True,
    }
    values.update(changes)
    return svc.open_ballot(party.users["returning_officer"], **values)  # type: ignore[arg-type]


def test_a_college_ballot_counts_each_section_and_combines_them(party: Party) -> None:
    refs = college_party(party)
    ballot = open_college(party)
    sections = dict(RollEntry.objects.filter(ballot=ballot, eligible=True).values_list("person__ref", "section"))
    assert {sections[r] for r in refs["mps_meps"]} == {"mps_meps"}
    assert {sections[r] for r in refs["affiliates"]} == {"affiliates"}
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    for section, votes in COLLEGE_VOTES.items():
        for ref, ranking in zip(refs[section], votes, strict=True):
            svc.cast(ballot.pk, codes[ref], ranking, f"s-{ref}")
    ballot = count_and_publish(ballot, party)
    expected = count(
        [Section(name, Profile.from_lists(CANDIDATES, votes), Fraction(1, 3)) for name, votes in COLLEGE_VOTES.items()]
    )
    assert ballot.result == expected.to_dict()
    assert ballot.result["method"] == "weighted-college"
    board = svc.bulletin_board(ballot)
    assert set(board["exports"]) == set(COLLEGE_VOTES)
    verification = verify_board(board)
    assert verification.verified, verification.problems
    assert verification.recount == expected.to_dict()


def test_a_college_section_export_moved_between_sections_fails_verification(party: Party) -> None:
    refs = college_party(party)
    ballot = open_college(party)
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    for section, votes in COLLEGE_VOTES.items():
        for ref, ranking in zip(refs[section], votes, strict=True):
            svc.cast(ballot.pk, codes[ref], ranking, f"s-{ref}")
    board = svc.bulletin_board(count_and_publish(ballot, party))
    forged = copy.deepcopy(board)
    forged["exports"]["members"], forged["exports"]["affiliates"] = (
        board["exports"]["affiliates"],
        board["exports"]["members"],
    )
    verification = verify_board(forged)
    assert "exports" in verification.to_dict()["failed"]


def test_a_college_is_counted_by_the_alternative_vote_only(party: Party) -> None:
    college_party(party)
    with pytest.raises(BallotError, match="alternative vote"):
        open_college(party, method="meek")


def test_a_college_with_a_tiny_section_is_refused_unless_accepted(party: Party) -> None:
    college_party(party)
    Membership.objects.filter(person__ref="AF0").delete()  # four affiliates left
    with pytest.raises(BallotError, match="section 'affiliates' weight 1: 4"):
        open_college(party, accept_small_classes=False)


def test_the_roll_summary_counts_each_section_and_its_turnout(party: Party) -> None:
    refs = college_party(party)
    ballot = open_college(party)
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    svc.cast(ballot.pk, codes[refs["mps_meps"][0]], CANDIDATES[:1], "one")
    summary = svc.roll_summary(party.users["returning_officer"], ballot)
    assert [(s["name"], s["weight"], s["voters"], s["voted"], s["total_weight"]) for s in summary.sections] == [
        ("mps_meps", "1/3", 5, 1, "5"),
        ("members", "1/3", 6, 0, "6"),
        ("affiliates", "1/3", 5, 0, "5"),
    ]
    assert [(c.section, c.weight, c.voters) for c in summary.classes] == [
        ("affiliates", "1", 5),
        ("members", "1", 6),
        ("mps_meps", "1", 5),
    ]
    assert summary.small_classes == 0 and not summary.weighted
    with pytest.raises(PermissionDenied):
        svc.roll_summary(party.users["general_secretary"], ballot)
