"""Approval voting read from ranked ballots."""

from __future__ import annotations

from hustings.count import OVERVOTE, Profile, ranking, run
from hustings.count.ties import TiePolicy


def test_every_candidate_named_at_any_rank_is_approved_once() -> None:
    ballots = [
        (ranking("A", "B"), 2),
        (ranking({"B", "C"}, None, "B"), 1),  # an overvote approves both; the repeat counts once
        (ranking(OVERVOTE, "D"), 1),
        (ranking(), 3),
    ]
    result = run("approval", Profile.from_ballots("ABCD", ballots))
    assert dict(result.scores or {}) == {"A": 2, "B": 3, "C": 1, "D": 1}
    assert result.elected == ("B",)


def test_approval_with_several_seats_is_the_block_vote() -> None:
    ballots = [(ranking({"A", "B"}), 4), (ranking({"C", "D"}), 3), (ranking({"A", "C"}), 2)]
    result = run("approval", Profile.from_ballots("ABCD", ballots), seats=2, tie_break=TiePolicy("candidate-order"))
    # A 6, C 5, B 4, D 3.
    assert result.elected == ("A", "C")
