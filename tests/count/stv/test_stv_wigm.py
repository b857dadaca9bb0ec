"""Weighted inclusive Gregory: the Scottish stages at any precision, or exact."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from hustings.count import Profile, ranking
from hustings.count.result import LOSS_BY_FRACTIONS
from hustings.count.stv import scottish, wigm
from hustings.formats import blt

DATA = Path(__file__).parents[2] / "data" / "scotland" / "blt"


def test_exact_fractions_lose_nothing_and_carry_the_exact_transfer_value() -> None:
    p = Profile.from_ballots(
        ["A", "B", "C", "D"],
        [(ranking("A", "B"), 5), (ranking("A", "C"), 2), (ranking("B"), 2), (ranking("C"), 3), (ranking("D"), 1)],
    )
    result = wigm.count(p, wigm.Options(seats=2))
    surplus = next(a for a in result.rounds[0].actions if a.kind == "surplus")
    assert surplus.transfers == {"B": Fraction(10, 7), "C": Fraction(4, 7)}
    assert all(r.extra[LOSS_BY_FRACTIONS] == 0 for r in result.rounds)
    assert result.options["precision"] == "exact"


def test_five_places_is_the_scottish_count_stage_for_stage() -> None:
    for name in ("stirling_2012_ward1.blt", "glasgow_2012_ward1.blt", "highland_2022_inverness_ness_side.blt"):
        p = blt.read(DATA / name)
        ours = wigm.count(p, wigm.Options(seats=p.seats or 1, precision=5))
        theirs = scottish.count(p, scottish.Options(seats=p.seats or 1))
        assert [r.tally for r in ours.rounds] == [r.tally for r in theirs.rounds]
        assert ours.elected == theirs.elected
