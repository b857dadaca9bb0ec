"""Labour 2016 against the real contest and the two judgments about it.

- Nominations: 20% of the combined PLP and EPLP for a challenger. The PLP and EPLP numbered 251 on
  19-20 July 2016: Owen Smith's 90 nominations were 35.86% and his final 172 were 68.53% of 251
  (Wikipedia, "2016 Labour Party leadership election (UK)", candidates table); the threshold was
  reported as 51 MPs and MEPs (The Scotsman, 11 July 2016; brexit.blog, 13 July 2016). Angela
  Eagle had 72 (63 MPs and 9 MEPs) when she withdrew (The Scotsman, 19 July 2016).
- Foster v McNicol [2016] EWHC 1966 (QB): the leader, not being a challenger, needs no nominations.
- Evangelou v McNicol [2016] EWCA Civ 817: members who joined after 12 January 2016 may not vote.
- NEC guidelines of 12 July 2016: registered supporters paid £25 from 17:00 on 18 July to 17:00 on
  20 July; affiliated supporters belonged to the affiliate by 12 January and signed up by 8 August.
"""

from __future__ import annotations

from tests.rules.conftest import day, member, paid, person

from hustings.rules import (
    Ballot,
    Category,
    Nominations,
    ProcessContext,
    Status,
    eligibility,
    load_rulebook,
    nomination_gate,
)

RULES = load_rulebook("labour-2016")
CHALLENGE = ProcessContext("leadership_challenge", incumbent="Jeremy Corbyn")
PLP_EPLP_JULY_2016 = {"mps_meps": 251}
BALLOT = Ballot("labour-leader-2016", "leadership_challenge", opens=day("2016-08-22"))
ISSUED = day("2016-08-22")


def test_challenge_threshold_2016_is_51_of_251_rounded_up() -> None:
    decision = nomination_gate(Nominations("Owen Smith", {"mps_meps": 90}), RULES, CHALLENGE, PLP_EPLP_JULY_2016)
    assert decision.met
    assert decision.threshold == 51
    assert decision.checks[0].arithmetic == "20% of 251 = 251/5 = 50 1/5, rounded up to 51"
    assert decision.met_by == ("4.II.2.B.ii",)


def test_eagle_72_and_smith_172_both_clear_the_2016_threshold() -> None:
    for name, received in (("Angela Eagle", 72), ("Owen Smith", 172)):
        assert nomination_gate(Nominations(name, {"mps_meps": received}), RULES, CHALLENGE, PLP_EPLP_JULY_2016).met


def test_fifty_nominations_fall_one_short_of_the_2016_threshold() -> None:
    decision = nomination_gate(Nominations("A Challenger", {"mps_meps": 50}), RULES, CHALLENGE, PLP_EPLP_JULY_2016)
    assert not decision.met
    assert decision.reason.startswith("not met: 50 nominations from MPs and MEPs, 51 needed")
    assert decision.reason.endswith("(rule 4.II.2.B.ii)")


def test_incumbent_is_on_the_ballot_without_nominations_foster_v_mcnicol() -> None:
    decision = nomination_gate(Nominations("Jeremy Corbyn", {"mps_meps": 0}), RULES, CHALLENGE, PLP_EPLP_JULY_2016)
    assert decision.met
    assert "incumbent" in decision.reason
    assert "Foster v McNicol" in decision.checks[0].citation


def test_vacancy_needs_15_percent_not_20() -> None:
    vacancy = ProcessContext("leadership_vacancy")
    decision = nomination_gate(Nominations("Anyone", {"mps_meps": 38}), RULES, vacancy, PLP_EPLP_JULY_2016)
    assert decision.threshold == 38  # 15% of 251 = 37.65
    assert decision.met


def test_member_who_joined_after_the_freeze_date_cannot_vote_evangelou_v_mcnicol() -> None:
    decision = eligibility(person(member("2016-03-01")), RULES, BALLOT, ISSUED)
    assert not decision.eligible
    assert decision.reason == "not eligible: joined 2016-03-01, after the freeze date 2016-01-12 (rule NEC-2016/freeze)"
    assert "Evangelou v McNicol [2016] EWCA Civ 817" in decision.rules_applied[0].citation


def test_member_who_joined_on_the_freeze_date_can_vote() -> None:
    decision = eligibility(person(member("2016-01-12")), RULES, BALLOT, ISSUED)
    assert decision.eligible
    assert decision.category is Category.MEMBER
    assert [application.rule for application in decision.rules_applied] == ["NEC-2016/freeze", "NEC-2016/standing"]
    assert all(application.passed for application in decision.rules_applied)


def test_member_who_joined_the_day_after_the_freeze_date_cannot_vote() -> None:
    assert not eligibility(person(member("2016-01-13")), RULES, BALLOT, ISSUED).eligible


def test_lapsed_then_rejoined_member_counts_from_the_rejoining() -> None:
    history = person(member("2010-05-01", (Status.LAPSED, "2014-01-01"), (Status.REJOINED, "2016-06-30")))
    decision = eligibility(history, RULES, BALLOT, ISSUED)
    assert decision.reason == "not eligible: joined 2016-06-30, after the freeze date 2016-01-12 (rule NEC-2016/freeze)"


def test_suspended_member_cannot_vote_though_joined_in_time() -> None:
    decision = eligibility(person(member("2009-01-01", (Status.SUSPENDED, "2016-08-01"))), RULES, BALLOT, ISSUED)
    assert decision.reason == "not eligible: suspended on 2016-08-22 (rule NEC-2016/standing)"


def test_registered_supporter_who_paid_25_pounds_in_the_window_can_vote() -> None:
    supporter = member("2016-07-19", category=Category.REGISTERED_SUPPORTER, payments=(paid("2016-07-19T12:00", 2500),))
    decision = eligibility(person(supporter), RULES, BALLOT, ISSUED)
    assert decision.eligible
    assert decision.category is Category.REGISTERED_SUPPORTER


def test_registered_supporter_who_paid_a_minute_after_the_window_closed_cannot_vote() -> None:
    supporter = member("2016-07-20", category=Category.REGISTERED_SUPPORTER, payments=(paid("2016-07-20T17:01", 2500),))
    decision = eligibility(person(supporter), RULES, BALLOT, ISSUED)
    assert not decision.eligible
    assert "outside the window 2016-07-18 17:00 to 2016-07-20 17:00" in decision.reason


def test_registered_supporter_who_paid_the_2015_fee_of_3_pounds_cannot_vote() -> None:
    supporter = member("2016-07-19", category=Category.REGISTERED_SUPPORTER, payments=(paid("2016-07-19T09:00", 300),))
    decision = eligibility(person(supporter), RULES, BALLOT, ISSUED)
    assert decision.reason == (
        "not eligible: paid £3 on 2016-07-19 09:00, less than the fee of £25 (rule NEC-2016/registered-supporters)"
    )


def test_affiliated_supporter_needs_the_affiliate_by_the_freeze_date_and_sign_up_by_8_august() -> None:
    def supporter(affiliate_since: str, signed_up: str) -> bool:
        record = member(signed_up, category=Category.AFFILIATED_SUPPORTER, affiliate_member_since=day(affiliate_since))
        return eligibility(person(record), RULES, BALLOT, day("2016-08-22")).eligible

    assert supporter("2015-05-01", "2016-08-01")
    assert supporter("2016-01-12", "2016-08-08")
    assert not supporter("2016-02-01", "2016-08-01")
    assert not supporter("2015-05-01", "2016-08-09")


def test_new_member_is_refused_as_member_but_votes_as_registered_supporter() -> None:
    history = person(
        member("2016-03-01"),
        member("2016-07-19", category=Category.REGISTERED_SUPPORTER, payments=(paid("2016-07-19T18:00", 2500),)),
    )
    decision = eligibility(history, RULES, BALLOT, ISSUED)
    assert decision.eligible
    assert decision.category is Category.REGISTERED_SUPPORTER
    assert [application.passed for application in decision.rules_applied] == [False, True, True]
