"""Largest-remainder (quota) methods: Hare (Hamilton) and Droop.

Each list first gets ``floor(votes / quota)`` seats; the seats left over go
one each to the lists with the largest remainders.

``hare``
    quota = total votes / seats, exactly (Hamilton's method, the US House
    1850-1900; the method of the Alabama and population paradoxes).
``droop``
    quota = floor(total votes / (seats + 1)) + 1, the whole-number Droop
    quota (as in the Wikipedia worked example and most statutes using it).
    With this quota the automatic seats can never exceed the seats to fill;
    but with fewer than ``seats × (seats + 1)`` votes the quota (at least 1)
    can leave seats that no remainder can take, and the allocation is refused.

The total is the votes of the lists taking part (after any threshold).
A list that reaches its ``cap`` is passed over and its leftover claim goes to
the next largest remainder.  Seats already won cannot enter a quota method
(there is no divisor to raise), so compensatory allocation uses divisor
methods only.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from hustings.count.apportion.base import ApportionmentError, decide
from hustings.count.result import TieBreak
from hustings.count.ties import TieBreaker


def quota(method: str, total: int, seats: int) -> Fraction:
    if method == "hare":
        return Fraction(total, seats)
    if method == "droop":
        return Fraction(total // (seats + 1) + 1)
    raise ValueError(f"not a largest-remainder method: {method}")


def allocate(
    votes: Mapping[str, int],
    seats: int,
    method: str,
    *,
    caps: Mapping[str, int],
    breaker: TieBreaker,
    ties_by_votes: bool,
) -> tuple[dict[str, int], Fraction, list[TieBreak]]:
    """Seats per list, the quota used, and the ties decided."""
    total = sum(votes.values())
    if total <= 0:
        raise ApportionmentError("no votes to apportion")
    q = quota(method, total, seats)
    won: dict[str, int] = {}
    remainders: dict[str, Fraction] = {}
    for p, v in votes.items():
        whole, rest = divmod(Fraction(v), q)
        n = int(whole)
        cap = caps.get(p)
        if cap is not None and n >= cap:
            won[p] = cap
        else:
            won[p] = n
            if v > 0:
                remainders[p] = rest
    automatic = sum(won.values())
    if automatic > seats:  # cannot happen with the quotas above; kept as a guard on the arithmetic
        raise ApportionmentError(f"the {method} quota gives {automatic} automatic seats for {seats} to fill")
    left = seats - automatic
    ties: list[TieBreak] = []
    by_size = sorted(remainders, key=lambda p: -remainders[p])
    i = 0
    while left > 0:
        if i >= len(by_size):
            raise ApportionmentError(
                f"the {method} quota ({q}) leaves {left} seats that no remainder can take: "
                f"too few votes for {seats} seats"
            )
        level = remainders[by_size[i]]
        group = [p for p in by_size[i:] if remainders[p] == level]
        if len(group) <= left:
            winners = group
        else:
            winners, records = decide(
                group,
                left,
                votes,
                breaker,
                by_votes=ties_by_votes,
                what=f"equal remainders for the last {left} seat(s)",
            )
            ties.extend(records)
        for p in winners:
            won[p] += 1
        left -= len(winners)
        i += len(group)
    return won, q, ties
