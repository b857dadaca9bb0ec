"""Schulze's method on the 45-voter example of Schulze's own papers.

Source: M. Schulze, "A new monotonic, clone-independent, reversal symmetric,
and Condorcet-consistent single-winner election method", Social Choice and
Welfare 36 (2011), worked example (also reproduced in the Wikipedia article
"Schulze method", with its matrices d[*,*] and p[*,*]): the winner is E and
the Schulze ranking E > A > C > B > D.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from hustings.count import Profile, ranking, run
from hustings.count.condorcet.pairwise import condorcet_winner, pairwise_matrix
from hustings.count.condorcet.schulze import strongest_paths
from hustings.count.ties import TiePolicy

VOTERS = [
    ("ACBED", 5),
    ("ADECB", 5),
    ("BEDAC", 8),
    ("CABED", 3),
    ("CAEBD", 7),
    ("CBADE", 2),
    ("DCEBA", 7),
    ("EBADC", 8),
]

# d[X, Y]: voters preferring X to Y (published matrix).
D = {
    "A": {"B": 20, "C": 26, "D": 30, "E": 22},
    "B": {"A": 25, "C": 16, "D": 33, "E": 18},
    "C": {"A": 19, "B": 29, "D": 17, "E": 24},
    "D": {"A": 15, "B": 12, "C": 28, "E": 14},
    "E": {"A": 23, "B": 27, "C": 21, "D": 31},
}
# p[X, Y]: strength of the strongest path (published matrix).
P = {
    "A": {"B": 28, "C": 28, "D": 30, "E": 24},
    "B": {"A": 25, "C": 28, "D": 33, "E": 24},
    "C": {"A": 25, "B": 29, "D": 29, "E": 24},
    "D": {"A": 25, "B": 28, "C": 28, "E": 24},
    "E": {"A": 25, "B": 28, "C": 28, "D": 31},
}


@pytest.fixture
def example() -> Profile:
    return Profile.from_ballots("ABCDE", ((ranking(*order), n) for order, n in VOTERS))


def test_pairwise_matrix_matches_the_published_d(example: Profile) -> None:
    assert pairwise_matrix(example) == D
    assert condorcet_winner(D) is None


def test_strongest_paths_match_the_published_p(example: Profile) -> None:
    assert strongest_paths(pairwise_matrix(example)) == P


def test_schulze_elects_e_and_ranks_e_a_c_b_d(example: Profile) -> None:
    result = run("schulze", example)
    assert result.elected == ("E",)
    assert not result.all_tie_breaks
    scores = result.scores or {}
    assert sorted(scores, key=lambda c: -scores[c]) == ["E", "A", "C", "B", "D"]


def test_schulze_with_fractional_weights_gives_the_same_result(example: Profile) -> None:
    scaled = Profile.from_ballots("ABCDE", ((rk, Fraction(w, 3)) for rk, w in example))
    assert run("schulze", scaled).elected == ("E",)


def test_equal_strongest_paths_leave_a_tie_decided_by_policy() -> None:
    # A three-way cycle with equal margins: every candidate is a potential winner.
    profile = Profile.from_lists("ABC", [["A", "B", "C"], ["B", "C", "A"], ["C", "A", "B"]])
    result = run("schulze", profile, tie_break=TiePolicy("candidate-order"))
    assert result.elected == ("A",)
    assert result.tie_breaks[0].tied == ("A", "B", "C")
