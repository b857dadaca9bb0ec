"""First past the post and the single non-transferable vote: how ballots are read, ties, seats."""

from __future__ import annotations

import pytest

from hustings.count import OVERVOTE, Profile, ranking, run
from hustings.count.ties import TiePolicy

Mark = str | set[str] | None
"""A mark at one rank: a name, several names (overvote or equal ranking), or a skipped rank."""


def profile_of(*ballots: tuple[tuple[Mark, ...], int], names: str = "ABC", withdrawn: str = "") -> Profile:
    return Profile.from_ballots(list(names), ((ranking(*rk), w) for rk, w in ballots), withdrawn=withdrawn)


def test_a_ballot_whose_first_usable_mark_is_an_overvote_is_void() -> None:
    profile = profile_of((("A",), 3), (({"A", "B"}, "C"), 2), ((OVERVOTE, "B"), 1))
    result = run("plurality", profile)
    assert dict(result.rounds[0].tally) == {"A": 3, "B": 0, "C": 0}
    assert dict(result.rounds[0].inactive) == {"overvotes": 3}
    assert result.total == 3


def test_skipped_ranks_and_withdrawn_names_are_passed_over_to_the_first_usable_mark() -> None:
    profile = profile_of(((None, "B"), 2), (("D", "C"), 1), ((), 4), names="ABCD", withdrawn="D")
    result = run("fptp", profile)
    assert dict(result.rounds[0].tally) == {"A": 0, "B": 2, "C": 1}
    assert dict(result.rounds[0].inactive) == {"blank": 4}
    assert result.elected == ("B",)


def test_every_ballot_is_accounted_for() -> None:
    profile = profile_of((("A",), 3), (({"A", "B"},), 2), ((), 1), (("C", "A"), 5))
    rnd = run("plurality", profile).rounds[0]
    assert rnd.active + rnd.inactive_total == profile.total


def test_sntv_elects_the_candidates_with_the_most_first_preferences() -> None:
    profile = profile_of((("A",), 5), (("B",), 3), (("C",), 4))
    assert run("sntv", profile, seats=2).elected == ("A", "C")


def test_an_equality_at_the_last_seat_is_decided_by_the_tie_policy_and_recorded() -> None:
    profile = profile_of((("A",), 5), (("B",), 3), (("C",), 3))
    result = run("plurality", profile, seats=2, tie_break=TiePolicy("candidate-order"))
    assert result.elected == ("A", "B")
    (tie,) = result.rounds[0].tie_breaks
    assert tie.tied == ("B", "C") and tie.chosen == "B" and tie.purpose == "elect"


def test_a_tie_by_lot_is_reproducible_from_its_seed() -> None:
    profile = profile_of((("A",), 3), (("B",), 3), (("C",), 3))
    first, again = (run("plurality", profile, tie_break=TiePolicy("random", seed=7)) for _ in range(2))
    assert first.winner == again.winner
    (tie,) = first.rounds[0].tie_breaks
    assert tie.tied == ("A", "B", "C") and tie.reason == "by lot (seed 7)"


def test_more_seats_than_candidates_is_refused() -> None:
    with pytest.raises(ValueError, match="seats"):
        run("plurality", profile_of((("A",), 1)), seats=4)
