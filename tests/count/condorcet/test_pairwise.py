"""How ballots are read into the pairwise matrix."""

from __future__ import annotations

from hustings.count import OVERVOTE, Profile, ranking
from hustings.count.condorcet.pairwise import Matrix, pairwise_matrix

Mark = str | set[str] | None
"""A mark at one rank: a name, several names (overvote or equal ranking), or a skipped rank."""


def matrix_of(*rks: tuple[Mark, ...], names: str = "ABC", withdrawn: str = "") -> Matrix:
    profile = Profile.from_ballots(list(names), ((ranking(*rk), 1) for rk in rks), withdrawn=withdrawn)
    return pairwise_matrix(profile)


def test_ranked_candidates_beat_unranked_ones_and_unranked_pairs_count_nothing() -> None:
    m = matrix_of(("A",))
    assert m["A"] == {"B": 1, "C": 1}
    assert m["B"] == {"A": 0, "C": 0}
    assert m["C"] == {"A": 0, "B": 0}


def test_equal_ranking_expresses_no_preference_between_the_tied() -> None:
    m = matrix_of(({"A", "B"}, "C"))
    assert m["A"]["B"] == 0 and m["B"]["A"] == 0
    assert m["A"]["C"] == 1 and m["B"]["C"] == 1


def test_skipped_ranks_repeats_and_withdrawn_names_are_passed_over() -> None:
    m = matrix_of((None, "B", "B", "D", "A"), names="ABCD", withdrawn="D")
    assert set(m) == {"A", "B", "C"}
    assert m["B"] == {"A": 1, "C": 1}
    assert m["A"] == {"B": 0, "C": 1}


def test_an_overvote_marker_without_names_counts_nothing() -> None:
    m = matrix_of(("A", OVERVOTE, "B"))
    assert m["A"] == {"B": 1, "C": 1}
    assert m["B"] == {"A": 0, "C": 1}
