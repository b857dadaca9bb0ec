"""Borda and Dowdall counts: points, truncated ballots, exact fractions, seats.

Expected points are worked by hand from the definitions in the module
docstring; the Tennessee example (Wikipedia) is in ``test_tennessee_example.py``
and agreement with ``pref_voting`` in ``test_methods_against_pref_voting.py``.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from hustings.count import Profile, ranking, run
from hustings.count.ties import TiePolicy

# Four candidates; one ballot ranks all, one ranks two.
BALLOTS = [["A", "B", "C", "D"], ["C", "B"]]


@pytest.fixture
def truncated() -> Profile:
    return Profile.from_lists("ABCD", BALLOTS)


def test_unranked_candidates_score_nothing_by_default(truncated: Profile) -> None:
    # Full ballot: A3 B2 C1 D0; short ballot: C3 B2.
    assert dict(run("borda", truncated).scores or {}) == {"A": 3, "B": 4, "C": 4, "D": 0}


def test_unranked_candidates_can_share_the_points_left_over(truncated: Profile) -> None:
    # Short ballot leaves positions 3 and 4 (1 and 0 points): A and D get 1/2 each.
    result = run("borda", truncated, truncated="unranked-share-average")
    assert dict(result.scores or {}) == {"A": Fraction(7, 2), "B": 4, "C": 4, "D": Fraction(1, 2)}


def test_modified_borda_scores_by_the_number_of_candidates_ranked(truncated: Profile) -> None:
    # Full ballot: A4 B3 C2 D1; short ballot (2 ranked): C2 B1.
    assert dict(run("borda", truncated, truncated="modified").scores or {}) == {"A": 4, "B": 4, "C": 4, "D": 1}


def test_dowdall_points_are_exact_harmonic_fractions(truncated: Profile) -> None:
    # Full ballot: A1 B1/2 C1/3 D1/4; short ballot: C1 B1/2.
    result = run("dowdall", truncated)
    assert result.method == "dowdall"
    assert dict(result.scores or {}) == {"A": 1, "B": 1, "C": Fraction(4, 3), "D": Fraction(1, 4)}
    assert result.elected == ("C",)


def test_an_overvote_ends_the_ballot_for_borda() -> None:
    profile = Profile.from_ballots("ABC", [(ranking("A", {"B", "C"}), 1)])
    assert dict(run("borda", profile).scores or {}) == {"A": 2, "B": 0, "C": 0}


def test_fractional_ballot_weights_are_counted_exactly() -> None:
    profile = Profile.from_ballots(
        "ABC", [(ranking("A", "B", "C"), Fraction(1, 3)), (ranking("B", "A"), Fraction(1, 6))]
    )
    assert dict(run("borda", profile).scores or {}) == {"A": Fraction(5, 6), "B": Fraction(2, 3), "C": 0}


def test_borda_fills_several_seats_and_records_a_tie_at_the_last(truncated: Profile) -> None:
    result = run("borda", truncated, seats=2, tie_break=TiePolicy("candidate-order"))
    assert result.elected == ("B", "C")
    assert not result.tie_breaks
    one = run("borda", truncated, seats=1, tie_break=TiePolicy("candidate-order"))
    assert one.elected == ("B",)
    assert one.tie_breaks[0].tied == ("B", "C")
