"""Conservative 2022, ALP 2013 and the model trade-union branch against their published figures.

- Conservative, 6 June 2022: the 1922 Committee's threshold of 54 letters (15% of 359 MPs) was
  met; Boris Johnson won 211 to 148 of 359 ballots; no further vote for 12 months (Wikipedia,
  archived 8 June 2022; GB News, 6 June 2022).
- ALP, October 2013: a caucus of 86 (Shorten 55, Albanese 31); candidates need 20% of caucus;
  a spill in opposition needs a petition of 60% (Parliamentary Library FlagPost, 1 October 2013).
"""

from __future__ import annotations

from tests.rules.conftest import day, member, paid, person

from hustings.rules import (
    Ballot,
    Nominations,
    ProcessContext,
    confidence_survived,
    confidence_trigger,
    eligibility,
    load_rulebook,
    nomination_gate,
)

CONSERVATIVE = load_rulebook("conservative-2022")
ALP = load_rulebook("alp-2013")
BRANCH = load_rulebook("trade-union-branch")
MPS_2022 = {"mps": 359}


def test_54_letters_of_359_mps_trigger_the_2022_confidence_vote() -> None:
    decision = confidence_trigger(54, CONSERVATIVE, "confidence_vote", MPS_2022, day("2022-06-06"))
    assert decision.met
    assert decision.checks[0].arithmetic == "15% of 359 = 1077/20 = 53 17/20, rounded up to 54"
    assert not confidence_trigger(53, CONSERVATIVE, "confidence_vote", MPS_2022, day("2022-06-06")).met


def test_johnson_survived_with_211_of_359() -> None:
    decision = confidence_survived(211, 359, CONSERVATIVE, "confidence_vote")
    assert decision.met
    assert decision.threshold == 180
    assert not confidence_survived(179, 359, CONSERVATIVE, "confidence_vote").met


def test_exactly_half_does_not_survive() -> None:
    assert not confidence_survived(180, 360, CONSERVATIVE, "confidence_vote").met
    assert confidence_survived(181, 360, CONSERVATIVE, "confidence_vote").met


def test_twelve_months_immunity_after_a_won_vote() -> None:
    blocked = confidence_trigger(100, CONSERVATIVE, "confidence_vote", MPS_2022, day("2023-06-05"), day("2022-06-06"))
    assert not blocked.met
    assert "immune for 12 months, until 2023-06-06" in blocked.reason
    assert confidence_trigger(100, CONSERVATIVE, "confidence_vote", MPS_2022, day("2023-06-06"), day("2022-06-06")).met


def test_alp_2013_candidates_need_18_of_86_caucus() -> None:
    gate = nomination_gate(Nominations("X", {"caucus": 18}), ALP, ProcessContext("leadership_ballot"), {"caucus": 86})
    assert gate.met
    assert gate.checks[0].arithmetic == "20% of 86 = 86/5 = 17 1/5, rounded up to 18"


def test_alp_2013_spill_petition_is_60_percent_in_opposition_and_75_in_government() -> None:
    opposition = confidence_trigger(52, ALP, "leadership_spill_opposition", {"caucus": 86}, day("2014-01-01"))
    assert opposition.met
    assert opposition.threshold == 52  # 51.6 rounded up
    government = confidence_trigger(64, ALP, "leadership_spill_government", {"caucus": 86}, day("2014-01-01"))
    assert not government.met
    assert government.threshold == 65  # 64.5 rounded up


def test_alp_2013_roll_is_financial_members_at_7_september() -> None:
    ballot = Ballot("alp-2013", "leadership_ballot", opens=day("2013-09-24"))
    financial = member("2010-01-01", payments=(paid("2013-01-01T00:00", 5000, "2013-12-31"),))
    unfinancial = member("2010-01-01", payments=(paid("2012-01-01T00:00", 5000, "2012-12-31"),))
    assert eligibility(person(financial), ALP, ballot, day("2013-09-24")).eligible
    refused = eligibility(person(unfinancial), ALP, ballot, day("2013-09-24"))
    assert refused.reason == (
        "not eligible: in arrears on 2013-09-07: paid up only until 2012-12-31 (grace 0 days) (rule ALP-2013/financial)"
    )


def test_branch_member_more_than_13_weeks_in_arrears_cannot_vote() -> None:
    ballot = Ballot("branch", "branch_officer_election", opens=day("2026-06-01"))
    on_time = member("2025-01-01", payments=(paid("2026-01-01T00:00", 1500, "2026-03-02"),))
    late = member("2025-01-01", payments=(paid("2026-01-01T00:00", 1500, "2026-03-01"),))
    assert eligibility(person(on_time), BRANCH, ballot, day("2026-06-01")).eligible  # 2026-03-02 + 91 days
    assert not eligibility(person(late), BRANCH, ballot, day("2026-06-01")).eligible


def test_branch_nomination_needs_a_proposer_and_a_seconder() -> None:
    process = ProcessContext("branch_officer_election")
    assert nomination_gate(Nominations("X", {"branch_members": 2}), BRANCH, process, {"branch_members": 120}).met
    lone = nomination_gate(Nominations("X", {"branch_members": 1}), BRANCH, process, {"branch_members": 120})
    assert (
        lone.reason == "not met: 1 nomination from branch members, 2 needed (2 (a fixed number)) (rule BR/nomination)"
    )
