"""Proxies (docs/ballots.md, "Proxies"): appointed where the rulebook allows, limited by
`max_held`, revoked until the vote is cast, used once whichever path, and secret."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from tests.services.test_ballots_concurrency import POSTGRESQL, run_together
from tests.services.test_ballots_weights import CANDIDATES, add_branch_member
from tests.web.visitors import Party, make_party

from hustings.services import ballots as svc
from hustings.store.audit.models import AuditEntry
from hustings.store.ballots.models import Ballot, BoxEntry, ProxyAppointment, RollEntry

ON = dt.date(2026, 9, 1)
MEMBERS = ["P00001", "P00002", "P00003", "P00004", "P00005", "P00006"]


def members_with_accounts(party: Party) -> dict[str, User]:
    users = {}
    for ref in MEMBERS:
        person = add_branch_member(party, ref)
        person.user = users[ref] = User.objects.create_user(ref.lower(), password=None)
        person.save(update_fields=["user"])
    return users


def open_meeting_vote(party: Party, process_kind: str = "branch_meeting_vote") -> Ballot:
    return svc.open_ballot(
        party.users["returning_officer"],
        organisation=party.organisation.slug,
        title="Branch secretary (AGM)",
        rulebook="trade-union-branch",
        process_kind=process_kind,
        method="exhaustive",
        seats=1,
        candidates=CANDIDATES,
        on_date=ON,
    )


@pytest.fixture
def meeting(db: None) -> tuple[Party, dict[str, User], Ballot]:
    party = make_party()
    users = members_with_accounts(party)
    return party, users, open_meeting_vote(party)


def test_a_proxy_votes_once_for_their_appointer(meeting: tuple[Party, dict[str, User], Ballot]) -> None:
    party, users, ballot = meeting
    svc.appoint_proxy(users["P00001"], ballot, "P00002")
    mine = svc.my_proxies(users["P00002"], ballot)
    assert [h.ref for h in mine.held] == ["P00001"] and not mine.held[0].voted
    receipt = svc.cast_as_proxy(users["P00002"], ballot.pk, "P00001", ["Bob"])
    assert BoxEntry.objects.get(ballot=ballot).tracking_code == receipt.tracking_code
    assert RollEntry.objects.get(ballot=ballot, person__ref="P00001").voted
    assert not RollEntry.objects.get(ballot=ballot, person__ref="P00002").voted  # the proxy still has their own vote
    with pytest.raises(svc.AlreadyVoted):
        svc.cast_as_proxy(users["P00002"], ballot.pk, "P00001", ["Ann"])
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1
    assert svc.proxy_counts(party.users["returning_officer"], ballot) == svc.proxies.ProxyCounts(1, 0, 1, 1)


def test_the_appointer_voting_first_leaves_the_proxy_nothing(meeting: tuple[Party, dict[str, User], Ballot]) -> None:
    party, users, ballot = meeting
    svc.appoint_proxy(users["P00001"], ballot, "P00002")
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    svc.cast(ballot.pk, codes["P00001"], ["Ann"], "own")
    with pytest.raises(svc.AlreadyVoted):
        svc.cast_as_proxy(users["P00002"], ballot.pk, "P00001", ["Bob"])
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1


def test_revocation_before_the_vote_and_not_after(meeting: tuple[Party, dict[str, User], Ballot]) -> None:
    _, users, ballot = meeting
    svc.appoint_proxy(users["P00001"], ballot, "P00002")
    svc.revoke_proxy(users["P00001"], ballot)
    with pytest.raises(svc.ProxyRefused, match="no proxy for P00001"):
        svc.cast_as_proxy(users["P00002"], ballot.pk, "P00001", ["Bob"])
    svc.appoint_proxy(users["P00001"], ballot, "P00003")
    svc.cast_as_proxy(users["P00003"], ballot.pk, "P00001", ["Bob"])
    with pytest.raises(svc.ProxyRefused, match="has been cast"):
        svc.revoke_proxy(users["P00001"], ballot)
    actions = list(AuditEntry.objects.filter(object_id=str(ballot.pk)).values_list("action", flat=True))
    assert actions.count("ballot.proxy_appoint") == 2 and actions.count("ballot.proxy_revoke") == 1


def test_max_held_and_one_standing_appointment_each(meeting: tuple[Party, dict[str, User], Ballot]) -> None:
    _, users, ballot = meeting
    svc.appoint_proxy(users["P00001"], ballot, "P00004")
    svc.appoint_proxy(users["P00002"], ballot, "P00004")
    with pytest.raises(svc.ProxyRefused, match=r"already holds 2 proxies.*BR/proxies"):
        svc.appoint_proxy(users["P00003"], ballot, "P00004")
    with pytest.raises(svc.ProxyRefused, match="revoke that appointment first"):
        svc.appoint_proxy(users["P00001"], ballot, "P00005")
    with pytest.raises(svc.ProxyRefused, match="your own proxy"):
        svc.appoint_proxy(users["P00003"], ballot, "P00003")
    assert ProxyAppointment.objects.filter(ballot=ballot).count() == 2


def test_the_box_and_the_appointment_do_not_link_a_vote_to_anyone(
    meeting: tuple[Party, dict[str, User], Ballot],
) -> None:
    party, users, ballot = meeting
    svc.appoint_proxy(users["P00001"], ballot, "P00002")
    svc.cast_as_proxy(users["P00002"], ballot.pk, "P00001", ["Cat"])
    appointment = ProxyAppointment.objects.values().get(ballot=ballot)
    assert set(appointment) == {"id", "ballot_id", "appointer_id", "proxy_id", "revoked"}
    box = BoxEntry.objects.values().get(ballot=ballot)
    assert set(box) == {
        "id",
        "ballot_id",
        "preferences",
        "salt",
        "digest",
        "tracking_code",
        "paper",
        "weight",
        "section",
    }
    assert box["preferences"] == "3" and not box["paper"]  # like any ballot: no proxy, no person
    assert not AuditEntry.objects.filter(action__contains="cast").exists()
    svc.close_ballot(party.users["returning_officer"], ballot)  # the roll's rewrite keeps the appointments
    assert ProxyAppointment.objects.filter(ballot=ballot).count() == 1


@pytest.mark.django_db(transaction=POSTGRESQL)
@pytest.mark.parametrize("proxy_first", [True, False])
def test_a_proxy_and_the_appointer_racing_cast_one_ballot(proxy_first: bool) -> None:
    """Both paths at once (PostgreSQL: threads released together; SQLite: in the order given): the
    conditional UPDATE of the appointer's entry lets exactly one through."""
    party = make_party()
    users = members_with_accounts(party)
    ballot = open_meeting_vote(party)
    svc.appoint_proxy(users["P00001"], ballot, "P00002")
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    by_proxy: Callable[[], Any] = lambda: svc.cast_as_proxy(users["P00002"], ballot.pk, "P00001", ["Bob"])  # noqa: E731
    in_person: Callable[[], Any] = lambda: svc.cast(ballot.pk, codes["P00001"], ["Ann"], "own")  # noqa: E731
    outcomes = run_together([by_proxy, in_person] if proxy_first else [in_person, by_proxy])
    receipts = [o for o in outcomes if isinstance(o, svc.Receipt)]
    refused = [o for o in outcomes if isinstance(o, svc.AlreadyVoted)]
    assert len(receipts) == 1 and len(refused) == 1, outcomes
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1
    if not POSTGRESQL:  # run in order: the first path wins
        expected = "2" if proxy_first else "1"
        assert BoxEntry.objects.get(ballot=ballot).preferences == expected
