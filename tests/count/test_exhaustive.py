"""The exhaustive ballot: rounds until a majority of that round's votes, fewest out each round."""

from __future__ import annotations

from hustings.count import registry
from hustings.count.exhaustive import Options, count, decide_round
from hustings.count.profile import Profile, ranking
from hustings.count.ties import TieBreaker, TiePolicy


def test_majority_in_the_first_round_elects_at_once() -> None:
    profile = Profile.from_lists(["A", "B", "C"], [["A"]] * 6 + [["B"]] * 3 + [["C"]] * 2)
    result = count(profile, Options())
    assert result.elected == ("A",)
    assert len(result.rounds) == 1
    assert result.rounds[0].threshold == 6  # more than half of 11


def test_fewest_out_each_round_until_someone_has_more_than_half() -> None:
    ballots = [["A"]] * 8 + [["B", "C"]] * 5 + [["C", "B"]] * 4 + [["D", "C"]] * 3
    result = count(Profile.from_lists(["A", "B", "C", "D"], ballots), Options())
    assert [r.excluded for r in result.rounds] == [("D",), ("B",), ()]
    # round 2: A 8, B 5, C 7 of 20: no majority, B has fewest; round 3: C 12 of 20
    assert dict(result.rounds[1].tally) == {"A": 8, "B": 5, "C": 7}
    assert result.elected == ("C",)


def test_an_abstention_lowers_the_round_total() -> None:
    # The two D voters have no further choice: round 2 is 5 A v 4 B of 9 votes, not 11.
    ballots = [["A"]] * 5 + [["B"]] * 4 + [["D"]] * 2
    result = count(Profile.from_lists(["A", "B", "D"], ballots), Options())
    assert result.rounds[1].inactive == {"exhausted_choices": 2}
    assert result.rounds[1].threshold == 5
    assert result.elected == ("A",)


def test_overvote_is_void_in_that_round() -> None:
    profile = Profile.from_ballots(["A", "B"], [(ranking({"A", "B"}), 1), (ranking("A"), 2), (ranking("B"), 1)])
    result = count(profile, Options())
    assert result.rounds[0].inactive == {"overvotes": 1}
    assert result.elected == ("A",)


def test_tie_for_fewest_is_decided_by_the_tie_policy_and_recorded() -> None:
    ballots = [["A"]] * 4 + [["B"]] * 2 + [["C"]] * 2
    policy = TiePolicy("permutation", order=("A", "C", "B"))
    result = count(Profile.from_lists(["A", "B", "C"], ballots), Options(tie_break=policy))
    first = result.rounds[0]
    assert first.excluded == ("B",)
    assert first.tie_breaks[0].tied == ("B", "C")


def test_forward_tie_break_consults_earlier_rounds_of_a_meeting() -> None:
    breaker = TieBreaker(TiePolicy("forward"), ["A", "B", "C"])
    history = [{"A": 9, "B": 4, "C": 3, "D": 1}]
    decided = decide_round(2, {"A": 8, "B": 4, "C": 4}, history, breaker)
    assert decided.excluded == ("C",)
    assert "round 1" in decided.tie_breaks[0].reason


def test_registered_as_exhaustive() -> None:
    profile = Profile.from_lists(["A", "B"], [["A"], ["A"], ["B"]])
    assert registry.run("exhaustive", profile).elected == ("A",)
