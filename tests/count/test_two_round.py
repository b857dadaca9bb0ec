"""The two-round system counted from ranked ballots."""

from __future__ import annotations

from hustings.count import Profile, ranking, run
from hustings.count.ties import TiePolicy


def test_a_first_round_majority_wins_outright() -> None:
    profile = Profile.from_lists("ABC", [["A"]] * 6 + [["B", "A"]] * 3 + [["C"]] * 2)
    result = run("two-round", profile)
    assert result.elected == ("A",)
    assert len(result.rounds) == 1


def test_the_runoff_counts_each_ballots_preference_between_the_finalists() -> None:
    ballots = [["A", "C"]] * 4 + [["B", "C"]] * 3 + [["C", "B"]] * 2 + [["D"]] * 1
    result = run("two-round", Profile.from_lists("ABCD", ballots))
    assert result.rounds[0].excluded == ("C", "D")
    # C's voters prefer B to the unranked A; the D voter ranks neither finalist.
    assert dict(result.rounds[1].tally) == {"A": 4, "B": 5}
    assert dict(result.rounds[1].inactive) == {"no_preference": 1}
    assert result.elected == ("B",)


def test_a_ballot_void_in_round_one_may_still_vote_in_the_runoff() -> None:
    ballots = [(ranking("A"), 3), (ranking("B"), 2), (ranking("C"), 2), (ranking({"C", "D"}, "B"), 2)]
    result = run("two-round", Profile.from_ballots("ABCD", ballots), tie_break=TiePolicy("candidate-order"))
    assert dict(result.rounds[0].inactive) == {"overvotes": 2}
    # B and C tie for second place: ballot-paper order sends B to the runoff.
    assert result.rounds[0].tie_breaks[0].tied == ("B", "C")
    assert dict(result.rounds[1].tally) == {"A": 3, "B": 4}
    assert result.elected == ("B",)


def test_a_tied_runoff_goes_to_the_candidate_ahead_in_round_one_under_forward_tie_break() -> None:
    ballots = [["A", "B"]] * 3 + [["B", "A"]] * 2 + [["C", "B"]] * 1 + [["D"]] * 1
    result = run("two-round", Profile.from_lists("ABCD", ballots), tie_break=TiePolicy("forward"))
    assert dict(result.rounds[1].tally) == {"A": 3, "B": 3}
    assert result.elected == ("A",)
    assert result.rounds[1].tie_breaks[0].tied == ("A", "B")
