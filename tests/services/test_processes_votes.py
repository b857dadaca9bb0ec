"""Confidence votes (binding 1922-style and advisory PLP-style), trigger ballots and branch
nomination meetings (exhaustive ballot) through the services."""

from __future__ import annotations

import pytest
from tests.web.visitors import Party, make_party

from hustings.services import processes as svc
from hustings.store.audit.models import AuditEntry
from hustings.store.organisations.models import Unit
from hustings.store.processes.models import Process


@pytest.fixture
def party(db: None) -> Party:
    return make_party()


def _open(party: Party, kind: str, rulebook: str, **extra: object) -> Process:
    return svc.open_process(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind=kind,
        rulebook=rulebook,
        title=f"A {kind}",
        **extra,  # type: ignore[arg-type]
    )


def test_1922_letters_trigger_at_15_percent_and_211_of_359_survives(party: Party) -> None:
    process = _open(party, "confidence_vote", "conservative-2022", subject="Boris Johnson")
    officer = party.users["general_secretary"]
    short = svc.record_letters(officer, process, 53, 359)
    assert not short.met and short.required == 54
    assert short.arithmetic == "15% of 359 = 1077/20 = 53 17/20, rounded up to 54"
    met = svc.record_letters(officer, process, 54, 359)
    assert met.met
    svc.record_confidence_vote(officer, process, 211, 148)
    process.refresh_from_db()
    assert process.state == "decided"
    assert process.outcome.startswith("Boris Johnson survives, 211 to 148; no further vote before")
    assert "(rule 1922/immunity)" in process.outcome
    survived = process.decisions.last()
    assert survived is not None and survived.required == 180  # more than half of 359


def test_a_lost_binding_vote_removes_the_leader(party: Party) -> None:
    process = _open(party, "confidence_vote", "conservative-2022", subject="A Leader")
    officer = party.users["general_secretary"]
    svc.record_letters(officer, process, 60, 359)
    svc.record_confidence_vote(officer, process, 179, 180)
    process.refresh_from_db()
    assert "is removed as leader" in process.outcome


def test_advisory_motion_172_to_40_says_it_changes_nothing(party: Party) -> None:
    process = _open(party, "advisory_confidence", "labour-2016", subject="Jeremy Corbyn")
    svc.record_advisory_motion(party.users["general_secretary"], process, 172, 40, 4)
    process.refresh_from_db()
    assert process.outcome.startswith("The motion of no confidence passed, 172 to 40.")
    assert "nothing in the rulebook changes" in process.outcome
    assert process.result == {"for": 172, "against": 40, "abstentions": 4, "binding": False}


def _trigger(party: Party, rulebook: str) -> tuple[Process, list[Unit]]:
    branches = [party.branch, party.other_branch] + [
        Unit.objects.create(
            organisation=party.organisation, code=f"isn-b{i}", name=f"B{i}", kind="branch", parent=party.clp
        )
        for i in range(4)
    ]
    process = _open(party, "trigger_ballot", rulebook, unit=party.clp, subject="Jeremy Corbyn")
    return process, branches


def test_trigger_2018_two_of_six_branches_open_a_selection(party: Party) -> None:
    process, branches = _trigger(party, "labour-2018")
    officer = party.users["general_secretary"]
    for i, branch in enumerate(branches):
        svc.record_unit_vote(officer, process, branch, for_selection=i < 2)
    decision = svc.decide_trigger(officer, process)
    assert decision.met and decision.required == 2
    process.refresh_from_db()
    assert process.outcome.startswith("A full selection opens: 2 branches for a selection, 2 needed")


def test_trigger_2021_two_of_six_is_not_enough(party: Party) -> None:
    process, branches = _trigger(party, "labour-2021")
    officer = party.users["general_secretary"]
    for i, branch in enumerate(branches):
        svc.record_unit_vote(officer, process, branch, for_selection=i < 2)
    decision = svc.decide_trigger(officer, process)
    assert not decision.met
    process.refresh_from_db()
    assert "reselected without a contest" in process.outcome


def test_a_suspended_branch_cannot_vote_in_a_trigger_ballot(party: Party) -> None:
    process, branches = _trigger(party, "labour-2018")
    officer = party.users["general_secretary"]
    svc.suspend_unit(officer, branches[0], rule="NEC suspension, Chapter 1 Clause VIII")
    with pytest.raises(svc.ProcessError, match="suspended under NEC suspension"):
        svc.record_unit_vote(officer, process, branches[0], for_selection=True)
    svc.record_unit_vote(officer, process, branches[1], for_selection=True)
    with pytest.raises(svc.ProcessError, match="already voted"):
        svc.record_unit_vote(officer, process, branches[1], for_selection=False)


def test_branch_meeting_runs_an_exhaustive_ballot_to_a_majority(party: Party) -> None:
    process = _open(party, "branch_nomination", "labour-2016", unit=party.branch)
    officer = party.users["general_secretary"]
    svc.set_candidates(officer, process, ["Ann", "Bob", "Cat"], attending=30)
    first = svc.record_round(officer, process, {"Ann": 12, "Bob": 10, "Cat": 7})
    assert first.record["actions"] == [{"action": "exclude", "candidate": "Cat", "transfers": {}}]
    assert svc.standing(process) == ["Ann", "Bob"]
    with pytest.raises(svc.ProcessError, match="still standing: Ann, Bob"):
        svc.record_round(officer, process, {"Ann": 1, "Bob": 1, "Cat": 1})
    svc.record_round(officer, process, {"Ann": 13, "Bob": 15})
    process.refresh_from_db()
    assert process.outcome.startswith("Bob is the branch's nomination: 15 of 28 votes in round 2")
    assert AuditEntry.objects.filter(action="processes.meeting_round").count() == 2


def test_a_tie_for_fewest_is_broken_by_lot_and_recorded(party: Party) -> None:
    process = _open(party, "branch_nomination", "labour-2016", unit=party.branch)
    officer = party.users["general_secretary"]
    svc.set_candidates(officer, process, ["Ann", "Bob", "Cat"], attending=30)
    row = svc.record_round(officer, process, {"Ann": 12, "Bob": 7, "Cat": 7})
    assert row.record["tie_breaks"][0]["tied"] == ["Bob", "Cat"]
    assert row.record["tie_breaks"][0]["reason"].startswith("by lot")


def test_more_votes_than_attending_members_is_refused(party: Party) -> None:
    process = _open(party, "branch_nomination", "labour-2016", unit=party.branch)
    officer = party.users["general_secretary"]
    svc.set_candidates(officer, process, ["Ann", "Bob"], attending=5)
    with pytest.raises(svc.ProcessError, match="only 5 eligible members attend"):
        svc.record_round(officer, process, {"Ann": 4, "Bob": 3})


def test_a_suspended_branch_cannot_hold_its_meeting(party: Party) -> None:
    process = _open(party, "branch_nomination", "labour-2016", unit=party.branch)
    officer = party.users["general_secretary"]
    svc.set_candidates(officer, process, ["Ann", "Bob"], attending=5)
    svc.suspend_unit(officer, party.clp, rule="NEC, Chapter 1 Clause VIII.5")
    with pytest.raises(svc.ProcessError, match="the meeting refused: Islington North CLP is suspended"):
        svc.record_round(officer, process, {"Ann": 3, "Bob": 1})
