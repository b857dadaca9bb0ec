"""Weighted voters (card votes, issue #18): every method counts a ballot of weight w exactly as w
identical unweighted ballots, and fractional (decimal) weights exactly, save where the rule itself
fixes its arithmetic to whole papers or a number of decimal places."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import lcm

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.count.profile import Profile, ranking
from hustings.count.registry import METHODS, run

CANDIDATES = ("Ash", "Birch", "Cedar", "Damson")
SEATS = {"scottish-stv": 2, "wigm": 2, "meek": 2, "ers97": 2}
FIXED_ARITHMETIC = {"ers97", "scottish-stv", "meek", "wigm"}
"""Rules that count whole papers (ERS97; Meek's fixed point by default) or truncate transfer values
to five places (SSI 2007/42 r.48): truncation is not invariant under scaling every weight, so for
them a fractional weight either counts under the rule's own arithmetic or is refused, with a message.
WIGM's Droop quota is floor(total / (seats + 1)) + 1 (SSI 2007/42 r.46): the "+ 1" is one whole
vote, so it too is exact for fractional weights but not invariant under scaling them."""
OPTIONS = {"irv": {"non_integer_threshold": True}}
"""Card votes need RCTab's nonIntegerWinningThreshold: by default RCTab's threshold is
floor(total / 2) + 1, one whole vote over half, which a total of 2.75 card votes makes 2."""

Ballots = list[tuple[tuple[str, ...], Fraction]]


def _profile(ballots: Ballots) -> Profile:
    return Profile.from_ballots(CANDIDATES, [(ranking(*order), w) for order, w in ballots])


def _expanded(ballots: Ballots, scale: int) -> Profile:
    """The same ballots as unweighted copies: weight w becomes w x scale ballots of weight 1."""
    copies: list[tuple[str, ...]] = []
    for order, w in ballots:
        n = w * scale
        assert n.denominator == 1
        copies += [order] * int(n)
    return Profile.from_lists(CANDIDATES, copies)


def _decisions(method: str, profile: Profile) -> tuple[tuple[str, ...], tuple[str, ...]]:
    result = run(method, profile, seats=SEATS.get(method, 1), **OPTIONS.get(method, {}))
    return result.elected, tuple(a.candidate for r in result.rounds for a in r.actions if a.candidate)


orders = st.permutations(CANDIDATES).flatmap(lambda p: st.integers(1, len(p)).map(lambda k: tuple(p[:k])))
card_votes = st.integers(5, 70).map(lambda k: Fraction(k, 20))  # exact decimals: 0.25, 0.3, ... 3.5
profiles = st.lists(st.tuples(orders, card_votes), min_size=3, max_size=9)


@pytest.mark.parametrize("method", sorted(METHODS))
@settings(max_examples=25, deadline=None)
@given(ballots=profiles)
def test_a_weighted_ballot_counts_as_that_many_copies(method: str, ballots: Ballots) -> None:
    scale = lcm(*(w.denominator for _, w in ballots))
    scaled = [(order, w * scale) for order, w in ballots]
    # Whole-number weights: every decision of every method is that of the copies written out.
    assert _decisions(method, _profile(scaled)) == _decisions(method, _expanded(ballots, scale))
    if method in FIXED_ARITHMETIC:
        try:
            run(method, _profile(ballots), seats=SEATS[method])
        except ValueError as refused:
            assert str(refused)  # refused in words, never silently rounded
        return
    # Exact methods: the decimal weights decide exactly as their scaled whole-number copies.
    assert _decisions(method, _profile(ballots)) == _decisions(method, _profile(scaled))


@pytest.mark.parametrize("method", sorted(set(METHODS) - FIXED_ARITHMETIC))
def test_round_tallies_of_decimal_weights_are_exact(method: str) -> None:
    # Delegates carrying 1.5 and 2.25 card votes and three of weight 1, against the same ballots
    # multiplied out by 4: every tally of the weighted count is exactly a quarter of the other's.
    ballots = [
        (("Ash", "Birch"), Fraction(Decimal("1.5"))),
        (("Birch", "Cedar"), Fraction(Decimal("2.25"))),
        (("Cedar", "Ash"), Fraction(1)),
        (("Damson", "Cedar"), Fraction(1)),
        (("Ash", "Damson"), Fraction(1)),
    ]
    options = OPTIONS.get(method, {})
    weighted = run(method, _profile(ballots), seats=SEATS.get(method, 1), **options)
    copies = run(method, _expanded(ballots, 4), seats=SEATS.get(method, 1), **options)
    assert weighted.elected == copies.elected
    for mine, theirs in zip(weighted.rounds, copies.rounds, strict=True):
        assert {c: Fraction(v) * 4 for c, v in mine.tally.items()} == {c: Fraction(v) for c, v in theirs.tally.items()}


@pytest.mark.parametrize("method", sorted(FIXED_ARITHMETIC))
def test_fixed_arithmetic_rules_count_first_preferences_of_decimal_weights_exactly(method: str) -> None:
    ballots = [(("Ash",), Fraction(3, 2)), (("Birch",), Fraction(9, 4)), (("Cedar", "Ash"), Fraction(1))]
    try:
        result = run(method, _profile(ballots), seats=SEATS[method])
    except ValueError as refused:
        assert "whole" in str(refused)  # ERS97 and Meek's fixed point: whole papers only, said so
        return
    assert {c: Fraction(v) for c, v in result.rounds[0].tally.items() if v} == {
        "Ash": Fraction(3, 2),
        "Birch": Fraction(9, 4),
        "Cedar": Fraction(1),
    }
