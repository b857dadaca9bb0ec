"""Copeland scores: wins, and pairwise ties scored 1/2 (Copeland 1951) or 1 (Llull)."""

from __future__ import annotations

from fractions import Fraction

from hustings.count import Profile, run
from hustings.count.ties import TiePolicy


def tied_pair() -> Profile:
    # A and B tie 1-1; each beats C.
    return Profile.from_lists("ABC", [["A", "B", "C"], ["B", "A", "C"]])


def test_a_pairwise_tie_scores_a_half_by_default() -> None:
    result = run("copeland", tied_pair(), tie_break=TiePolicy("candidate-order"))
    assert dict(result.scores or {}) == {"A": Fraction(3, 2), "B": Fraction(3, 2), "C": 0}
    assert result.elected == ("A",)
    assert result.tie_breaks[0].tied == ("A", "B")


def test_llull_scores_a_pairwise_tie_as_a_win() -> None:
    result = run("copeland", tied_pair(), tie_score=1)
    assert dict(result.scores or {}) == {"A": 2, "B": 2, "C": 0}


def test_copeland_result_carries_the_pairwise_matrix() -> None:
    result = run("copeland", tied_pair())
    assert result.pairwise == {"A": {"B": 1, "C": 2}, "B": {"A": 1, "C": 2}, "C": {"A": 0, "B": 0}}
