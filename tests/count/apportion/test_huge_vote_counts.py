"""Vote counts of 400 digits and more: every method exact, none overflowing a float.

An average of 400-digit votes is past the largest float (about 1.8 × 10^308),
so ordering averages by their floats raised OverflowError. Here every
method is checked seat by seat against a reference in exact fractions, on
votes that differ only in their last digits (so that any rounding would
misorder them), and every method must give the same seats to votes
multiplied by 10^400 as to the votes themselves.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hustings.count.apportion import MAX_VOTE_DIGITS, ApportionmentError, apportion

DIVISORS = {
    "dhondt": lambda k: Fraction(k + 1),
    "sainte-lague": lambda k: Fraction(2 * k + 1),
    "modified-sainte-lague": lambda k: Fraction(7, 5) if k == 0 else Fraction(2 * k + 1),
}


def squared_average(method: str, v: int, k: int) -> Fraction | None:
    """The average's square, exactly (``None``: Huntington-Hill's first seat, before any average)."""
    if method == "huntington-hill":
        return None if k == 0 else Fraction(v * v, k * (k + 1))
    return (v / DIVISORS[method](k)) ** 2


def reference_divisor(votes: dict[str, int], seats: int, method: str) -> tuple[dict[str, int], list[str]] | None:
    """Seat by seat to the greatest exact average; ``None`` if two lists ever tie for it."""
    won = dict.fromkeys(votes, 0)
    order: list[str] = []
    for _ in range(seats):
        first = [p for p in votes if squared_average(method, votes[p], won[p]) is None]
        if first:
            p = first[0]
        else:
            averages = {p: squared_average(method, v, won[p]) for p, v in votes.items()}
            best = max(a for a in averages.values() if a is not None)
            top = [p for p, a in averages.items() if a == best]
            if len(top) > 1:
                return None
            p = top[0]
        won[p] += 1
        order.append(p)
    return won, order


def reference_largest_remainder(votes: dict[str, int], seats: int, method: str) -> dict[str, int] | None:
    total = sum(votes.values())
    quota = Fraction(total, seats) if method == "hare" else Fraction(total // (seats + 1) + 1)
    won = {p: int(v // quota) for p, v in votes.items()}
    rest = {p: Fraction(v) - won[p] * quota for p, v in votes.items()}
    left = seats - sum(won.values())
    ranked = sorted(rest, key=lambda p: -rest[p])
    if left < len(ranked) and left > 0 and rest[ranked[left - 1]] == rest[ranked[left]]:
        return None
    for p in ranked[:left]:
        won[p] += 1
    return won


@st.composite
def huge_votes(draw: st.DrawFn) -> dict[str, int]:
    """2-7 lists with 400 to 600 digits: one common part and differences from 1 to the whole."""
    digits = draw(st.integers(400, 600))
    base = draw(st.integers(10 ** (digits - 1), 10**digits - 1))
    spread = draw(st.sampled_from([10, 10**6, 10**200, base]))
    offsets = draw(st.lists(st.integers(0, spread), min_size=2, max_size=7, unique=True))
    return {f"P{i}": base + d for i, d in enumerate(offsets)}


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(votes=huge_votes(), extra=st.integers(0, 40), method=st.sampled_from([*DIVISORS, "huntington-hill"]))
def test_divisor_methods_give_the_exact_seats_to_huge_vote_counts(
    votes: dict[str, int], extra: int, method: str
) -> None:
    seats = len(votes) + extra
    expected = reference_divisor(votes, seats, method)
    assume(expected is not None)
    assert expected is not None
    result = apportion(votes, seats, method)
    assert (dict(result.seats), list(result.order)) == expected


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(votes=huge_votes(), seats=st.integers(1, 50), method=st.sampled_from(["hare", "droop"]))
def test_largest_remainder_methods_give_the_exact_seats_to_huge_vote_counts(
    votes: dict[str, int], seats: int, method: str
) -> None:
    expected = reference_largest_remainder(votes, seats, method)
    assume(expected is not None)
    assert dict(apportion(votes, seats, method).seats) == expected


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(
    votes=st.lists(st.integers(1, 10**6), min_size=1, max_size=7).map(
        lambda vs: {f"P{i}": v for i, v in enumerate(vs)}
    ),
    extra=st.integers(0, 30),
    method=st.sampled_from(["dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill", "hare"]),
)
def test_votes_times_ten_to_the_400_get_the_same_seats(votes: dict[str, int], extra: int, method: str) -> None:
    seats = len(votes) + extra
    small = apportion(votes, seats, method)
    huge = apportion({p: v * 10**400 for p, v in votes.items()}, seats, method)
    assert huge.seats == small.seats
    assert huge.order == small.order
    assert [t.chosen for t in huge.ties] == [t.chosen for t in small.ties]


def test_huntington_hill_with_400_digit_counts_orders_by_the_exact_geometric_mean() -> None:
    # Each list's first seat comes at once; the third goes to the greater of A/sqrt(2) and B/sqrt(2):
    # B, by one vote in 10^400, which no float of the averages could tell apart.
    a = 10**400
    result = apportion({"A": a, "B": a + 1}, 3, "huntington-hill")
    assert result.seats == {"A": 1, "B": 2}
    assert result.order == ("A", "B", "B")
    assert not result.ties


def test_votes_past_the_digit_limit_are_refused_with_the_limit_named() -> None:
    with pytest.raises(ApportionmentError, match=f"more than {MAX_VOTE_DIGITS:,} digits"):
        apportion({"A": 10**MAX_VOTE_DIGITS, "B": 1}, 2, "dhondt")
    assert apportion({"A": 10**MAX_VOTE_DIGITS - 1, "B": 1}, 2, "dhondt").seats == {"A": 2, "B": 0}
