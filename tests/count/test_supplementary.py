"""The supplementary vote, rule by rule (Local Government Act 2000, Sch. 2, para 3)."""

from __future__ import annotations

from collections.abc import Sequence

from hustings.count import OVERVOTE, Profile, Result, ranking, run
from hustings.count.ties import TiePolicy

Mark = str | set[str] | None
"""A mark at one rank: a name, several names (overvote or equal ranking), or a skipped rank."""


def sv(ballots: Sequence[tuple[tuple[Mark, ...], int]], names: str = "ABCD", **options: object) -> Result:
    profile = Profile.from_ballots(list(names), ((ranking(*rk), w) for rk, w in ballots))
    return run("supplementary-vote", profile, **options)


def test_more_than_half_of_first_preferences_elects_at_once() -> None:
    result = sv([(("A", "B"), 6), (("B", "A"), 3), (("C", "B"), 2)])
    assert result.elected == ("A",)
    assert len(result.rounds) == 1


def test_only_second_preferences_of_eliminated_candidates_voters_are_added() -> None:
    # Para 3(5): second preferences count only from voters whose first preference was eliminated;
    # third preferences are never read.
    result = sv([(("A", "B"), 5), (("B", "A"), 4), (("C", "B"), 2), (("D", "C", "A"), 3)])
    r1, r2 = result.rounds
    assert r1.excluded == ("C", "D")
    assert dict(r1.actions[0].transfers) == {"A": 0, "B": 2, "exhausted": 0}
    assert dict(r1.actions[1].transfers) == {"A": 0, "B": 0, "exhausted": 3}
    assert dict(r2.tally) == {"A": 5, "B": 6}
    assert dict(r2.inactive) == {"exhausted_choices": 3}
    assert result.elected == ("B",)


def test_candidates_equal_for_second_place_all_remain_in_the_contest() -> None:
    # Para 3(3): B and C are equal second, so A, B and C all remain.
    result = sv([(("A",), 5), (("B",), 3), (("C",), 3), (("D", "C"), 2)])
    r1, r2 = result.rounds
    assert r1.excluded == ("D",)
    assert dict(r2.tally) == {"A": 5, "B": 3, "C": 5}
    assert "para 3(3)" in result.notes[0]
    assert result.all_tie_breaks[0].tied == ("A", "C")


def test_a_paper_without_a_single_first_preference_is_void_even_with_a_second() -> None:
    result = sv([(("A", "B"), 3), ((None, "A"), 2), (({"A", "B"}, "C"), 1), ((OVERVOTE, "A"), 1), (("B",), 2)])
    r1 = result.rounds[0]
    assert dict(r1.tally) == {"A": 3, "B": 2, "C": 0, "D": 0}
    assert dict(r1.inactive) == {"blank": 2, "overvotes": 2}
    assert result.total == 5


def test_an_overvoted_or_repeated_second_preference_is_void_but_the_first_counts() -> None:
    result = sv([(("A",), 4), (("B",), 3), (("C", {"A", "B"}), 1), (("D", "D"), 1), (("C", "B"), 1)])
    r2 = result.rounds[1]
    assert dict(r2.tally) == {"A": 4, "B": 4}
    assert dict(r2.inactive) == {"exhausted_choices": 2}


def test_columns_reading_ignores_a_preference_after_a_skipped_second_column() -> None:
    ballots = [(("A",), 4), (("B",), 3), (("C", None, "B"), 2)]
    assert sv(ballots, tie_break=TiePolicy("candidate-order")).elected == ("A",)
    assert sv(ballots, ballot_reading="first-two-preferences").elected == ("B",)


def test_every_round_accounts_for_every_ballot() -> None:
    ballots = [(("A", "B"), 5), (("B", "A"), 4), (("C", "B"), 2), (("D", "C", "A"), 3), ((None, "A"), 2)]
    result = sv(ballots)
    for r in result.rounds:
        assert r.active + r.inactive_total == 16
