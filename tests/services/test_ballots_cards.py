"""Card votes recorded in the room (docs/ballots.md, "Card votes in the room"): each delegate's vote
carries their weight from the frozen roll, a card showing any other number is refused, one vote
per delegate whichever path, counted exactly, and the audit log never says which way a card went."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from tests.services.test_ballots_weights import CARDS, VOTES, add_branch_member, count_and_publish, open_card_vote
from tests.web.visitors import Party, make_party

from hustings.services import ballots as svc
from hustings.services.ballots import BallotError
from hustings.store.audit.models import AuditEntry
from hustings.store.ballots.models import BoxEntry, RollEntry
from hustings.store.members.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def party(db: None) -> Party:
    """The delegates of `CARDS`, in good standing; Ada (not paid up) off the roll."""
    party = make_party()
    Membership.objects.filter(person=party.person).delete()
    for ref in CARDS:
        add_branch_member(party, ref)
    return party


def test_card_votes_recorded_in_the_room_carry_the_roll_s_weights(party: Party) -> None:
    ballot = open_card_vote(party)
    officer = party.users["returning_officer"]
    for ref, ranking in VOTES.items():
        svc.record_card_vote(officer, ballot, ref, CARDS[ref], ranking)
    assert sorted(BoxEntry.objects.filter(ballot=ballot).values_list("weight", flat=True)) == sorted(
        Decimal(w) for w in CARDS.values()
    )
    ballot = count_and_publish(ballot, party)
    assert ballot.result is not None
    first = {name: Fraction(v) for name, v in ballot.result["rounds"][0]["tally"].items()}
    assert first == {"Ann": Fraction(391, 2), "Bob": 120, "Cat": 191}  # 120 + 75.5; 120; 75.5 + 75.5 + 40


def test_a_card_whose_number_is_not_the_delegate_s_is_refused(party: Party) -> None:
    ballot = open_card_vote(party)
    officer = party.users["returning_officer"]
    with pytest.raises(BallotError, match="carries 40 votes on the roll, not 120"):
        svc.record_card_vote(officer, ballot, "D00006", "120", ["Ann"])
    with pytest.raises(BallotError, match="not a number"):
        svc.record_card_vote(officer, ballot, "D00006", "forty", ["Ann"])
    with pytest.raises(BallotError, match="not a delegate"):
        svc.record_card_vote(officer, ballot, "D99999", "40", ["Ann"])
    assert not BoxEntry.objects.filter(ballot=ballot).exists()
    assert not RollEntry.objects.filter(ballot=ballot, voted=True).exists()
    svc.record_card_vote(officer, ballot, "D00006", "40.0", ["Ann"])  # the same number, written otherwise
    assert BoxEntry.objects.get(ballot=ballot).weight == Decimal(40)


def test_one_vote_per_delegate_whichever_path(party: Party) -> None:
    ballot = open_card_vote(party)
    officer = party.users["returning_officer"]
    codes = svc.issue_credentials(officer, ballot)
    svc.cast(ballot.pk, codes["D00001"], ["Bob"], "online")
    with pytest.raises(svc.AlreadyVoted):
        svc.record_card_vote(officer, ballot, "D00001", "120", ["Ann"])
    svc.record_card_vote(officer, ballot, "D00002", "120", ["Ann"])
    with pytest.raises(svc.AlreadyVoted):
        svc.record_card_vote(officer, ballot, "D00002", "120", ["Cat"])
    with pytest.raises(svc.AlreadyVoted):
        svc.cast(ballot.pk, codes["D00002"], ["Cat"], "online")
    assert BoxEntry.objects.filter(ballot=ballot).count() == 2


def test_only_officers_and_only_card_ballots(party: Party) -> None:
    ballot = open_card_vote(party)
    with pytest.raises(PermissionDenied, match=r"ballots\.run"):
        svc.record_card_vote(party.users["member"], ballot, "D00001", "120", ["Ann"])
    plain = open_card_vote(party, process_kind="branch_meeting_vote", weights=None)
    with pytest.raises(BallotError, match="no card votes"):
        svc.record_card_vote(party.users["returning_officer"], plain, "D00001", "1", ["Ann"])


def test_the_audit_log_names_the_card_never_its_vote(party: Party) -> None:
    ballot = open_card_vote(party)
    svc.record_card_vote(party.users["returning_officer"], ballot, "D00003", "75.5", ["Cat", "Ann"])
    entry = AuditEntry.objects.get(action="ballot.card_vote")
    assert entry.after == {"delegate": "D00003", "weight": "75.5"}
    assert "Cat" not in str(entry.after) and "3" not in str(entry.after).replace("D00003", "")
