"""Attacks on card votes recorded in the room (docs/ballots.md, "Card votes in the room"): a card
forged to carry more than the delegate's weight, an officer of another organisation or of a
branch, a member posting the form, and a card recorded while the delegate votes online at the
same moment (threads on PostgreSQL): only the roll's weight ever reaches the box, and once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from tests.services.test_ballots_concurrency import POSTGRESQL, run_together
from tests.services.test_ballots_weights import CARDS, add_branch_member, open_card_vote
from tests.web.visitors import Party, make_world

from hustings.services import ballots as svc
from hustings.store.ballots.models import BoxEntry, RollEntry
from hustings.store.members.models import Membership


def delegates() -> Party:
    """The world's party (with a branch's officers and another organisation's) and the delegates."""
    party = make_world().party
    Membership.objects.filter(person=party.person).delete()
    for ref in CARDS:
        add_branch_member(party, ref)
    return party


@pytest.mark.django_db
def test_a_forged_card_never_reaches_the_box() -> None:
    party = delegates()
    ballot = open_card_vote(party)
    officer = party.users["returning_officer"]
    for forged in ("40.000001", "41", "4e2", "-40", "0", "NaN", "Infinity", "1" * 40):
        with pytest.raises(svc.BallotError):
            svc.record_card_vote(officer, ballot, "D00006", forged, ["Ann"])
    assert not BoxEntry.objects.filter(ballot=ballot).exists()
    assert not RollEntry.objects.filter(ballot=ballot, voted=True).exists()


@pytest.mark.django_db
def test_officers_of_another_organisation_or_a_branch_and_members_are_refused() -> None:
    party = delegates()
    ballot = open_card_vote(party)
    users = party.users
    for name in ("other_returning_officer", "branch_returning_officer", "member", "auditor"):
        with pytest.raises(PermissionDenied):
            svc.record_card_vote(users[name], ballot, "D00001", "120", ["Ann"])
        client = Client()
        client.force_login(users[name])
        response = client.post(f"/ballots/{ballot.pk}/cards/", {"delegate": "D00001", "card": "120", "vote": "1"})
        assert response.status_code in (403, 404), name
    assert not BoxEntry.objects.filter(ballot=ballot).exists()


@pytest.mark.django_db(transaction=POSTGRESQL)
def test_a_card_and_a_code_at_once_put_one_ballot_in_the_box() -> None:
    party = delegates()
    ballot = open_card_vote(party)
    officer = party.users["returning_officer"]
    codes = svc.issue_credentials(officer, ballot)
    outcomes = run_together(
        [
            lambda: svc.record_card_vote(officer, ballot, "D00001", "120", ["Ann"]),
            lambda: svc.cast(ballot.pk, codes["D00001"], ["Bob"], "online"),
        ]
    )
    assert sum(isinstance(o, svc.AlreadyVoted) for o in outcomes) == 1, outcomes
    assert list(BoxEntry.objects.filter(ballot=ballot).values_list("weight", flat=True)) == [Decimal(120)]
