"""Ranked pairs: locking order, skipped cycles, and ties among equal margins.

Expected results are worked by hand from Tideman (1987) and, for equal
margins, Zavist & Tideman (1989); the Tennessee example from Wikipedia is in
``tests/count/test_tennessee_example.py``.
"""

from __future__ import annotations

from hustings.count import Profile, run
from hustings.count.ties import TiePolicy


def test_a_cycle_is_broken_at_its_weakest_defeat() -> None:
    ballots = [["A", "B", "C"]] * 5 + [["B", "C", "A"]] * 4 + [["C", "A", "B"]] * 2
    # A>B: 5+2=7 vs 4 (margin 3); B>C: 5+4=9 vs 2 (margin 7); C>A: 4+2=6 vs 5 (margin 1).
    result = run("ranked-pairs", Profile.from_lists("ABC", ballots))
    assert result.notes[:3] == (
        "locked B > C (margin 7)",
        "locked A > B (margin 3)",
        "skipped C > A (margin 1): it would complete a cycle",
    )
    assert result.elected == ("A",)
    assert not result.all_tie_breaks


def test_equal_margins_in_a_cycle_are_ordered_by_a_drawn_ranking_of_candidates() -> None:
    # A perfect three-way cycle: every defeat has margin 1.
    profile = Profile.from_lists("ABC", [["A", "B", "C"], ["B", "C", "A"], ["C", "A", "B"]])
    result = run("ranked-pairs", profile, tie_break=TiePolicy("candidate-order"))
    # Tie-breaking ranking A, B, C: A>B comes first (its winner ranks highest), then B>C,
    # and C>A would complete the cycle.
    assert [t.purpose for t in result.tie_breaks] == ["order", "order"]
    assert result.tie_breaks[0].tied == ("A", "B", "C")
    assert result.notes[:3] == (
        "locked A > B (margin 1)",
        "locked B > C (margin 1)",
        "skipped C > A (margin 1): it would complete a cycle",
    )
    assert result.elected == ("A",)


def test_equal_margins_without_a_cycle_need_no_tie_break() -> None:
    # A beats B and C by the same margin; nothing else is a defeat.
    profile = Profile.from_lists("ABC", [["A", "B", "C"], ["A", "C", "B"]])
    result = run("ranked-pairs", profile)
    assert result.elected == ("A",)
    assert not result.all_tie_breaks


def test_candidates_left_undefeated_by_zero_margins_are_decided_by_policy() -> None:
    # A and B tie 1-1; each beats C by 1-0, and no defeat points at A or B.
    profile = Profile.from_lists("ABC", [["A"], ["B"]])
    result = run("ranked-pairs", profile, tie_break=TiePolicy("candidate-order"))
    assert result.elected == ("A",)
    assert result.tie_breaks[0].tied == ("A", "B")
    assert result.tie_breaks[0].purpose == "elect"
