"""Proxies at a branch meeting's exhaustive ballot (docs/processes.md, "Proxies at a branch
meeting"): accepted where the rulebook allows them (trade-union-branch, BR/proxies, at most two
held), refused where it says nothing of them (Labour); each appointment and revocation audited,
only before the vote; in each round a proxy votes once per member represented, and the rounds
keep counts, never a voter."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from tests.services.test_ballots_weights import add_branch_member
from tests.web.visitors import Party, make_party

from hustings.services import processes as svc
from hustings.store.audit.models import AuditEntry
from hustings.store.processes.models import Process

MEMBERS = ["P00001", "P00002", "P00003", "P00004", "P00005"]


@pytest.fixture
def party(db: None) -> Party:
    party = make_party()
    for ref in MEMBERS:
        add_branch_member(party, ref)
    return party


def meeting(party: Party, rulebook: str = "trade-union-branch") -> Process:
    return svc.open_process(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind="branch_nomination",
        rulebook=rulebook,
        title="Branch secretary: AGM",
        unit=party.branch,
    )


def test_proxies_appointed_before_the_vote_count_once_in_every_round(party: Party) -> None:
    process = meeting(party)
    officer = party.users["general_secretary"]
    svc.appoint_meeting_proxy(officer, process, "P00001", "P00003")
    svc.appoint_meeting_proxy(officer, process, "P00002", "P00003")
    svc.set_candidates(officer, process, ["Ann", "Bob", "Cat"], attending=3)
    assert svc.meeting_proxies(process) == [
        {"appointer": "P00001", "proxy": "P00003"},
        {"appointer": "P00002", "proxy": "P00003"},
    ]
    with pytest.raises(svc.ProcessError, match="6 votes, but only 3 eligible members attend, holding 2 proxies"):
        svc.record_round(officer, process, {"Ann": 3, "Bob": 2, "Cat": 1})
    first = svc.record_round(officer, process, {"Ann": 2, "Bob": 2, "Cat": 1})  # 3 present + 2 by proxy
    assert first.tally == {"Ann": 2, "Bob": 2, "Cat": 1}
    with pytest.raises(svc.ProcessError, match="only before the first round"):
        svc.appoint_meeting_proxy(officer, process, "P00004", "P00005")
    with pytest.raises(svc.ProcessError, match="only before the first round"):
        svc.revoke_meeting_proxy(officer, process, "P00001")
    with pytest.raises(svc.ProcessError, match="6 votes"):
        svc.record_round(officer, process, {"Ann": 3, "Bob": 3})  # each proxy votes once a round, not twice
    svc.record_round(officer, process, {"Ann": 2, "Bob": 3})
    process.refresh_from_db()
    assert process.outcome.startswith("Bob is the branch's nomination: 3 of 5 votes in round 2")
    rounds = str([r.tally for r in process.rounds.all()] + [r.record for r in process.rounds.all()])
    assert "P0000" not in rounds  # the rounds name no member, in person or by proxy


def test_the_limit_one_each_and_eligibility(party: Party) -> None:
    process = meeting(party)
    officer = party.users["general_secretary"]
    svc.appoint_meeting_proxy(officer, process, "P00001", "P00003")
    svc.appoint_meeting_proxy(officer, process, "P00002", "P00003")
    with pytest.raises(
        svc.ProcessError, match=r"P00003 already holds 2 proxies, the most the rules allow \(rule BR/proxies\)"
    ):
        svc.appoint_meeting_proxy(officer, process, "P00004", "P00003")
    with pytest.raises(svc.ProcessError, match="has a proxy already"):
        svc.appoint_meeting_proxy(officer, process, "P00001", "P00004")
    with pytest.raises(svc.ProcessError, match="their own proxy"):
        svc.appoint_meeting_proxy(officer, process, "P00004", "P00004")
    with pytest.raises(svc.ProcessError, match="P99999 is not a member entitled to vote"):
        svc.appoint_meeting_proxy(officer, process, "P00004", "P99999")
    svc.revoke_meeting_proxy(officer, process, "P00002")
    svc.appoint_meeting_proxy(officer, process, "P00004", "P00003")  # the revocation freed a place
    with pytest.raises(svc.ProcessError, match="no proxy to revoke"):
        svc.revoke_meeting_proxy(officer, process, "P00002")
    actions = list(
        AuditEntry.objects.filter(action__startswith="processes.meeting_proxy").values_list("action", flat=True)
    )
    assert (
        actions.count("processes.meeting_proxy_appoint") == 3 and actions.count("processes.meeting_proxy_revoke") == 1
    )


def test_a_rulebook_without_proxies_refuses_them(party: Party) -> None:
    process = meeting(party, "labour-2016")
    officer = party.users["general_secretary"]
    assert svc.meeting_proxy_rule(process) is None
    with pytest.raises(svc.ProcessError, match="do not allow proxies"):
        svc.appoint_meeting_proxy(officer, process, "P00001", "P00002")
    svc.set_candidates(officer, process, ["Ann", "Bob"], attending=3)
    with pytest.raises(svc.ProcessError, match=r"4 votes, but only 3 eligible members attend$"):
        svc.record_round(officer, process, {"Ann": 2, "Bob": 2})


def test_only_managers_record_appointments(party: Party) -> None:
    process = meeting(party)
    with pytest.raises(PermissionDenied):
        svc.appoint_meeting_proxy(party.users["member"], process, "P00001", "P00002")
    assert not svc.meeting_proxies(Process.objects.get(pk=process.pk))


def test_a_proxy_s_ballots_count_once_in_every_round_of_an_exhaustive_ballot(db: None) -> None:
    """An online exhaustive ballot (trade-union-branch, branch_meeting_vote): a proxy holding two
    casts one ballot for each, and each counts once in every round it reaches."""
    from tests.services.test_ballots_proxies import members_with_accounts, open_meeting_vote

    from hustings.services import ballots

    party = make_party()
    users = members_with_accounts(party)
    ballot = open_meeting_vote(party)
    ballots.appoint_proxy(users["P00001"], ballot, "P00004")
    ballots.appoint_proxy(users["P00002"], ballot, "P00004")
    ballots.cast_as_proxy(users["P00004"], ballot.pk, "P00001", ["Cat", "Bob"])
    ballots.cast_as_proxy(users["P00004"], ballot.pk, "P00002", ["Cat", "Bob"])
    with pytest.raises(ballots.AlreadyVoted):
        ballots.cast_as_proxy(users["P00004"], ballot.pk, "P00002", ["Cat", "Bob"])
    codes = ballots.issue_credentials(party.users["returning_officer"], ballot)
    for ref, ranking in {"P00003": ["Ann"], "P00004": ["Ann"], "P00005": ["Ann"], "P00006": ["Bob"]}.items():
        ballots.cast(ballot.pk, codes[ref], ranking, f"own-{ref}")
    officer = party.users["returning_officer"]
    ballots.close_ballot(officer, ballot)
    result = ballots.count_ballot(officer, ballot)
    tallies = [dict(r.tally) for r in result.rounds]
    assert tallies[0] == {"Ann": 3, "Bob": 1, "Cat": 2}  # the proxy's two ballots, once each
    assert tallies[1] == {"Ann": 3, "Cat": 2}  # and once each again in round 2
    assert result.elected == ("Ann",)
