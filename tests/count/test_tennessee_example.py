"""The Tennessee capital example, as Wikipedia works it for each method.

Source: Wikipedia's running example (articles "Plurality voting", "Two-round
system", "Instant-runoff voting", "Borda count", "Condorcet method",
"Copeland's method", "Minimax Condorcet method", "Ranked pairs"; CC BY-SA):
100 voters choose a capital among Memphis, Nashville, Chattanooga and
Knoxville, each ranking the cities by distance from home.
"""

from __future__ import annotations

import pytest

from hustings.count import Profile, ranking, run

CITIES = ("Memphis", "Nashville", "Chattanooga", "Knoxville")
VOTERS = [
    (("Memphis", "Nashville", "Chattanooga", "Knoxville"), 42),
    (("Nashville", "Chattanooga", "Knoxville", "Memphis"), 26),
    (("Chattanooga", "Knoxville", "Nashville", "Memphis"), 15),
    (("Knoxville", "Chattanooga", "Nashville", "Memphis"), 17),
]


@pytest.fixture
def tennessee() -> Profile:
    return Profile.from_ballots(CITIES, ((ranking(*order), n) for order, n in VOTERS))


def test_plurality_elects_memphis_with_42_first_preferences(tennessee: Profile) -> None:
    result = run("fptp", tennessee)
    assert result.elected == ("Memphis",)
    assert dict(result.rounds[0].tally) == {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 17}


def test_two_round_system_sends_memphis_and_nashville_to_a_runoff_nashville_wins_58_to_42(tennessee: Profile) -> None:
    result = run("two-round", tennessee)
    assert result.rounds[0].excluded == ("Chattanooga", "Knoxville")
    assert dict(result.rounds[1].tally) == {"Memphis": 42, "Nashville": 58}
    assert result.elected == ("Nashville",)


def test_instant_runoff_elects_knoxville(tennessee: Profile) -> None:
    result = run("irv", tennessee)
    assert result.elected == ("Knoxville",)
    assert [r.excluded for r in result.rounds if r.excluded] == [("Chattanooga",), ("Nashville",)]


def test_borda_count_gives_nashville_194_points(tennessee: Profile) -> None:
    result = run("borda", tennessee)
    assert dict(result.scores or {}) == {"Memphis": 126, "Nashville": 194, "Chattanooga": 173, "Knoxville": 107}
    assert result.elected == ("Nashville",)


def test_pairwise_counts_make_nashville_the_condorcet_winner(tennessee: Profile) -> None:
    from hustings.count.condorcet.pairwise import condorcet_winner, pairwise_matrix

    matrix = pairwise_matrix(tennessee)
    assert matrix["Nashville"] == {"Memphis": 58, "Chattanooga": 68, "Knoxville": 68}
    assert matrix["Chattanooga"] == {"Memphis": 58, "Nashville": 32, "Knoxville": 83}
    assert matrix["Knoxville"] == {"Memphis": 58, "Nashville": 32, "Chattanooga": 17}
    assert matrix["Memphis"] == {"Nashville": 42, "Chattanooga": 42, "Knoxville": 42}
    assert condorcet_winner(matrix) == "Nashville"


def test_copeland_scores_are_the_pairwise_wins(tennessee: Profile) -> None:
    result = run("copeland", tennessee)
    assert dict(result.scores or {}) == {"Memphis": 0, "Nashville": 3, "Chattanooga": 2, "Knoxville": 1}
    assert result.elected == ("Nashville",)


@pytest.mark.parametrize("strength", ["winning-votes", "margins", "pairwise-opposition"])
def test_minimax_elects_nashville_under_every_measure(tennessee: Profile, strength: str) -> None:
    assert run("minimax", tennessee, strength=strength).elected == ("Nashville",)


def test_minimax_worst_defeats_are_memphis_58_and_none_for_nashville(tennessee: Profile) -> None:
    scores = run("minimax", tennessee).scores or {}
    assert scores["Memphis"] == -58
    assert scores["Nashville"] == 0
    assert scores["Chattanooga"] == -68
    assert scores["Knoxville"] == -83


def test_schulze_elects_nashville(tennessee: Profile) -> None:
    assert run("schulze", tennessee).elected == ("Nashville",)


def test_ranked_pairs_locks_every_pair_and_ranks_nashville_chattanooga_knoxville_memphis(tennessee: Profile) -> None:
    result = run("ranked-pairs", tennessee)
    assert result.elected == ("Nashville",)
    assert result.notes[0] == "locked Chattanooga > Knoxville (margin 66)"
    assert not any(n.startswith("skipped") for n in result.notes)
    scores = result.scores or {}
    assert sorted(scores, key=lambda c: -scores[c]) == ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
