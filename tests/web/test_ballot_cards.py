"""Card votes on the web (docs/ballots.md, "Weighted voters and colleges" and "Card votes in the
room"): the open form takes each delegate's card vote from the register, the officer's card page
records a delegate's vote with their card, refuses a card whose number is not the delegate's, and
the result shows the exact weighted tally."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from tests.services.test_ballots_weights import CARDS, VOTES, add_branch_member, count_and_publish
from tests.web.visitors import Party, make_party

from hustings.store.ballots.models import Ballot, BoxEntry, RollEntry
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


OPEN = {
    "title": "Card vote on the motion",
    "rulebook": "trade-union-branch",
    "process_kind": "delegate_card_vote",
    "method": "irv",
    "seats": "1",
    "candidates": "Ann\nBob\nCat",
    "card_votes": "\n".join(f"{ref} {weight}" for ref, weight in CARDS.items()),
    "accept_small_classes": "on",
}


def officer(party: Party) -> Client:
    client = Client()
    client.force_login(party.users["returning_officer"])
    return client


def opened(party: Party) -> Ballot:
    response = officer(party).post("/ballots/new/", {**OPEN, "organisation": party.organisation.slug})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return Ballot.objects.get(title=OPEN["title"])


def test_the_open_form_freezes_the_card_votes_with_the_roll(party: Party) -> None:
    ballot = opened(party)
    assert ballot.weighted
    weights = dict(RollEntry.objects.filter(ballot=ballot).values_list("person__ref", "weight"))
    assert weights == {ref: Decimal(w) for ref, w in CARDS.items()}


def test_the_open_form_refuses_card_votes_the_rulebook_does_not_have(party: Party) -> None:
    data = {**OPEN, "organisation": party.organisation.slug, "process_kind": "branch_meeting_vote"}
    response = officer(party).post("/ballots/new/", data)
    assert response.status_code == 200 and "has no card votes" in response.content.decode()
    bad = officer(party).post("/ballots/new/", {**data, "process_kind": "delegate_card_vote", "card_votes": "D00001"})
    assert "write the membership number, then the card vote" in bad.content.decode()
    assert not Ballot.objects.exists()


def test_the_officer_records_card_votes_and_the_result_shows_them(party: Party) -> None:
    ballot = opened(party)
    client = officer(party)
    url = f"/ballots/{ballot.pk}/cards/"
    page = client.get(url).content.decode()
    assert "Record card votes" in client.get(f"/ballots/{ballot.pk}/").content.decode()
    assert "Member D00003 (D00003)" in page and "75.5" in page
    for ref, ranking in VOTES.items():
        response = client.post(url, {"delegate": ref, "card": CARDS[ref], "vote": ", ".join(ranking)})
        assert response.status_code == 200 and "The card vote is in the box" in response.content.decode()
    assert BoxEntry.objects.filter(ballot=ballot).count() == len(VOTES)
    ballot = count_and_publish(ballot, party)
    results = Client().get(f"/ballots/{ballot.pk}/results/").content.decode()
    assert "195.5" in results and "191" in results  # Ann 120 + 75.5, Cat 75.5 + 75.5 + 40: exact


def test_a_card_that_is_not_the_delegate_s_is_refused_on_the_page(party: Party) -> None:
    ballot = opened(party)
    url = f"/ballots/{ballot.pk}/cards/"
    response = officer(party).post(url, {"delegate": "D00006", "card": "400", "vote": "1"})
    assert response.status_code == 400
    assert "The card of D00006 carries 40 votes on the roll, not 400" in response.content.decode()
    assert not BoxEntry.objects.filter(ballot=ballot).exists()
    member = Client()
    member.force_login(party.users["member"])
    assert member.post(url, {"delegate": "D00006", "card": "40", "vote": "1"}).status_code in (403, 404)
    assert not BoxEntry.objects.filter(ballot=ballot).exists()
