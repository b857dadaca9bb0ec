"""Labour's rules after 2018 and 2021 against the 2020 contest and the 2021 conference reports.

- 2020 (2018 rules): 10% of MPs and MEPs, "a total of 22", then 5% of local parties, "33", or
  three affiliates, two of them unions, with 5% of affiliated membership (LabourList, 8 January
  2020). Labour had 202 MPs and 10 MEPs (212); the rule book counts 648 CLPs and rounds up
  (New Statesman, 13 December 2019: "21 Labour MPs and 33 constituency Labour parties" before the
  MEPs were added; 5% of 648 = 32.4 -> 33).
  Rosena Allin-Khan reached the deputy ballot with her 33rd CLP nomination on 8 February 2020.
- 2021: 20% of MPs, "40 on current numbers" (GB News, September 2021; 199 or 200 MPs give 40);
  registered supporters abolished (BBC, 26 September 2021); members must have been signed up for
  six months to vote (HuffPost UK, 26 September 2021).
"""

from __future__ import annotations

from tests.rules.conftest import day, member, paid, person

from hustings.rules import (
    AffiliateNomination,
    Ballot,
    Category,
    Nominations,
    ProcessContext,
    eligibility,
    load_rulebook,
    nomination_gate,
)

RULES_2018 = load_rulebook("labour-2018")
RULES_2021 = load_rulebook("labour-2021")
VACANCY = ProcessContext("leadership_vacancy")
POPULATIONS_2020 = {"mps_meps": 212, "clps": 648, "affiliated_membership": 2_000_000}
UNIONS = (AffiliateNomination("Union A", True, 60_000), AffiliateNomination("Union B", True, 30_000))


def test_2020_plp_threshold_is_22_of_212() -> None:
    decision = nomination_gate(Nominations("X", {"mps_meps": 22}), RULES_2018, VACANCY, POPULATIONS_2020)
    assert decision.checks[0].required == 22
    assert decision.checks[0].arithmetic == "10% of 212 = 106/5 = 21 1/5, rounded up to 22"


def test_2020_clp_threshold_is_33_of_648_and_met_by_the_clp_branch() -> None:
    decision = nomination_gate(
        Nominations("Rosena Allin-Khan", {"mps_meps": 23, "clps": 33}), RULES_2018, VACANCY, POPULATIONS_2020
    )
    assert decision.met
    clp_check = decision.checks[1]
    assert clp_check.required == 33
    assert clp_check.arithmetic == "5% of 648 = 162/5 = 32 2/5, rounded up to 33"
    assert decision.met_by == ("4.II.2.B.i(a)", "4.II.2.B.i(b)")


def test_32_clps_and_no_affiliates_do_not_meet_the_second_stage() -> None:
    decision = nomination_gate(Nominations("X", {"mps_meps": 30, "clps": 32}), RULES_2018, VACANCY, POPULATIONS_2020)
    assert not decision.met
    assert [check.rule for check in decision.checks] == ["4.II.2.B.i(a)", "4.II.2.B.i(b)", "4.II.2.B.i(c)"]


def test_affiliate_branch_needs_three_affiliates_two_of_them_unions_with_5_percent() -> None:
    society = AffiliateNomination("A Society", False, 15_000)
    met = nomination_gate(Nominations("X", {"mps_meps": 30}, (*UNIONS, society)), RULES_2018, VACANCY, POPULATIONS_2020)
    assert met.met
    assert met.met_by == ("4.II.2.B.i(a)", "4.II.2.B.i(c)")
    assert met.checks[-1].required == 100_000  # 5% of 2,000,000
    one_union = (UNIONS[0], society, AffiliateNomination("Another Society", False, 40_000))
    refused = nomination_gate(Nominations("X", {"mps_meps": 30}, one_union), RULES_2018, VACANCY, POPULATIONS_2020)
    assert not refused.met
    assert "1 unions, fewer than 2" in refused.checks[-1].reason


def test_plp_stage_comes_first_so_clps_cannot_rescue_a_candidate_short_of_22() -> None:
    decision = nomination_gate(Nominations("X", {"mps_meps": 21, "clps": 300}), RULES_2018, VACANCY, POPULATIONS_2020)
    assert not decision.met
    assert len(decision.checks) == 1


def test_2020_registered_supporter_window_was_14_to_16_january() -> None:
    ballot = Ballot("labour-leader-2020", "leadership_vacancy", opens=day("2020-02-21"))
    inside = member("2020-01-15", category=Category.REGISTERED_SUPPORTER, payments=(paid("2020-01-15T10:00", 2500),))
    late = member("2020-01-17", category=Category.REGISTERED_SUPPORTER, payments=(paid("2020-01-17T10:00", 2500),))
    assert eligibility(person(inside), RULES_2018, ballot, day("2020-02-21")).eligible
    assert not eligibility(person(late), RULES_2018, ballot, day("2020-02-21")).eligible


def test_2021_threshold_is_20_percent_of_mps_40_on_2021_numbers() -> None:
    for mps in (199, 200):
        decision = nomination_gate(
            Nominations("X", {"mps": 40, "clps": 40}),
            RULES_2021,
            VACANCY,
            {"mps": mps, "clps": 648, "affiliated_membership": 1},
        )
        assert decision.checks[0].required == 40
    short = nomination_gate(
        Nominations("X", {"mps": 39, "clps": 40}),
        RULES_2021,
        VACANCY,
        {"mps": 199, "clps": 648, "affiliated_membership": 1},
    )
    assert not short.met


def test_2021_registered_supporters_have_no_vote() -> None:
    ballot = Ballot("b", "leadership_vacancy", opens=day("2022-01-10"), freeze_date=day("2022-01-01"))
    supporter = member("2020-01-15", category=Category.REGISTERED_SUPPORTER, payments=(paid("2020-01-15T10:00", 2500),))
    decision = eligibility(person(supporter), RULES_2021, ballot, day("2022-01-10"))
    assert not decision.eligible
    assert decision.reason.startswith("not eligible: no membership in a category that votes in this ballot")


def test_2021_six_months_membership_by_the_freeze_date() -> None:
    ballot = Ballot("b", "leadership_vacancy", opens=day("2022-01-10"), freeze_date=day("2022-01-01"))
    assert eligibility(person(member("2021-07-01")), RULES_2021, ballot, day("2022-01-10")).eligible
    refused = eligibility(person(member("2021-07-02")), RULES_2021, ballot, day("2022-01-10"))
    assert refused.reason == (
        "not eligible: joined 2021-07-02: 6 months' membership only on 2022-01-02, after 2022-01-01"
        " (rule 2021/six-months)"
    )
