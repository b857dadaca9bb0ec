"""Minimax: the three measures of a defeat, on a profile where they disagree.

The expected figures are worked by hand from the definitions (Simpson 1969,
Kramer 1977; the variants as the Wikipedia article "Minimax Condorcet
method" names them): 2 ballots A>C>B, 3 bullet votes for C, 4 ballots B>A.
Pairwise: B beats A 4–2, A beats C 6–3 (the B>A ballots rank A above the
unranked C), C beats B 5–4.
"""

from __future__ import annotations

import pytest

from hustings.count import Profile, run

BALLOTS = [["A", "C", "B"]] * 2 + [["C"]] * 3 + [["B", "A"]] * 4


@pytest.fixture
def cycle() -> Profile:
    return Profile.from_lists("ABC", BALLOTS)


def test_winning_votes_elects_the_candidate_beaten_by_fewest_votes(cycle: Profile) -> None:
    result = run("minimax", cycle)
    assert dict(result.scores or {}) == {"A": -4, "B": -5, "C": -6}
    assert result.elected == ("A",)


def test_margins_elects_the_candidate_beaten_by_the_smallest_margin(cycle: Profile) -> None:
    result = run("minimax", cycle, strength="margins")
    assert dict(result.scores or {}) == {"A": -2, "B": -1, "C": -3}
    assert result.elected == ("B",)


def test_pairwise_opposition_counts_votes_against_whether_beaten_or_not(cycle: Profile) -> None:
    result = run("minimax", cycle, strength="pairwise-opposition")
    assert dict(result.scores or {}) == {"A": -4, "B": -5, "C": -6}
    assert result.elected == ("A",)


def test_unknown_strength_is_refused(cycle: Profile) -> None:
    with pytest.raises(ValueError, match="strength"):
        run("minimax", cycle, strength="borda")
