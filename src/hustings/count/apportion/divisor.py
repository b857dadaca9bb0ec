"""Highest-averages (divisor) methods, one engine with a priority per method.

A divisor method gives the seats one at a time to the list with the highest
*average* ``votes / d(k)``, where ``k`` is the number of seats the list
already holds and ``d`` is the method's divisor sequence:

``dhondt`` (Jefferson)
    ``d(k) = k + 1``: 1, 2, 3, ...  (D'Hondt, *Représentation proportionnelle*, 1882;
    the rule of the Scottish Parliament's and Senedd's regional lists).
``sainte-lague`` (Webster)
    ``d(k) = 2k + 1``: 1, 3, 5, ...  (equivalently k + 1/2).
``modified-sainte-lague``
    1.4, 3, 5, 7, ...  (the Scandinavian first divisor, Norway and Sweden).
``huntington-hill`` (equal proportions)
    ``d(k) = sqrt(k (k + 1))``: 0, 1.41, 2.45, ...  (US House since 1941, 2 U.S.C. § 2a).
    A zero first divisor gives every list with votes its first seat before
    any list gets a second.  The irrational divisor is handled exactly by
    comparing squared averages ``votes² / (k (k + 1))``.

Every comparison is exact, whatever the number of digits of the votes: the
heap orders averages by binary exponent and rounded mantissa (which cannot
overflow, unlike the float of an average of 400-digit votes) and compares
averages with equal keys as fractions.

Seats already held (``start``: constituency seats under AMS) count in ``k``,
which is exactly the compensatory rule of the Scotland Act 1998 (ss. 6-8) and
the Government of Wales Act 2006 (ss. 6-9): "constituency seats + list seats + 1".
A list that reaches its ``cap`` (it has no more candidates) is passed over.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from fractions import Fraction

from hustings.count.apportion.base import ApportionmentError, decide
from hustings.count.result import TieBreak
from hustings.count.ties import TieBreaker

Priority = Callable[[int, int], tuple[int, int] | None]
"""``(votes, seats held) -> average`` as ``(numerator, denominator)``; ``None`` ranks before any average."""


def _dhondt(v: int, k: int) -> tuple[int, int] | None:
    return v, k + 1


def _sainte_lague(v: int, k: int) -> tuple[int, int] | None:
    return v, 2 * k + 1


def _modified_sainte_lague(v: int, k: int) -> tuple[int, int] | None:
    return (5 * v, 7) if k == 0 else (v, 2 * k + 1)  # first divisor 1.4 = 7/5


def _huntington_hill(v: int, k: int) -> tuple[int, int] | None:
    # Compared squared: v / sqrt(k(k+1)) orders as v² / (k(k+1)).
    return None if k == 0 else (v * v, k * (k + 1))


PRIORITIES: dict[str, Priority] = {
    "dhondt": _dhondt,
    "sainte-lague": _sainte_lague,
    "modified-sainte-lague": _modified_sainte_lague,
    "huntington-hill": _huntington_hill,
}

_Entry = tuple[int, int, float, int, str, int, int]
"""Heap entry: (0 for "first seat at once" / 1, -binary exponent, -mantissa, input order, list,
numerator, denominator) of the list's next average."""


def _order_key(num: int, den: int) -> tuple[int, float]:
    """``(e, m)`` with ``num / den = m' × 2**e``, ``1 <= m' < 2`` and ``m`` the float nearest ``m'``.

    Ordering by ``(e, m)`` never contradicts the exact order of the averages
    (``e`` is exact, and rounding to the nearest float is monotone), so equal
    keys are the only averages left to compare exactly; and, unlike the
    float of the average itself, it cannot overflow however many digits the
    votes have.
    """
    e = num.bit_length() - den.bit_length()
    if (num < den << e) if e >= 0 else (num << -e < den):
        e -= 1
    return e, (num / (den << e) if e >= 0 else (num << -e) / den)


def _entry(p: str, order: int, q: tuple[int, int] | None) -> _Entry:
    if q is None:
        return (0, 0, 0.0, order, p, 1, 0)
    e, m = _order_key(*q)
    return (1, -e, -m, order, p, q[0], q[1])


def _pop_highest(heap: list[_Entry]) -> list[_Entry]:
    """Take the entries with the highest average off the heap: equal keys, then equal exact fractions."""
    group = [heapq.heappop(heap)]
    while heap and heap[0][:3] == group[0][:3]:
        group.append(heapq.heappop(heap))
    if len(group) > 1 and group[0][0] == 1:
        exact = {e[4]: Fraction(e[5], e[6]) for e in group}
        best = max(exact.values())
        for e in group:
            if exact[e[4]] != best:
                heapq.heappush(heap, e)
        return [e for e in group if exact[e[4]] == best]
    return group


def allocate(
    votes: Mapping[str, int],
    seats: int,
    method: str,
    *,
    start: Mapping[str, int],
    caps: Mapping[str, int],
    breaker: TieBreaker,
    ties_by_votes: bool,
) -> tuple[dict[str, int], list[str], list[TieBreak]]:
    """Give ``seats`` seats to ``votes``' lists; returns seats now, award order, ties.

    Lists with no votes never receive a seat.  When lists with equal averages
    compete for fewer seats than there are of them, the tie is decided and
    recorded; when there are enough seats for all of them the order among
    them does not matter and nothing is recorded.
    """
    priority = PRIORITIES[method]
    won = dict.fromkeys(votes, 0)
    order: list[str] = []
    ties: list[TieBreak] = []
    index = {p: i for i, p in enumerate(votes)}
    # The heap is ordered by each average's binary exponent and correctly rounded
    # mantissa (_order_key), which never misorders and never overflows; averages
    # with equal keys are then compared exactly as fractions.
    heap: list[_Entry] = []

    def push(p: str) -> None:
        if p in caps and won[p] >= caps[p]:
            return
        heapq.heappush(heap, _entry(p, index[p], priority(votes[p], start.get(p, 0) + won[p])))

    for p, v in votes.items():
        if v <= 0 or (p in caps and caps[p] <= 0):
            continue
        heap.append(_entry(p, index[p], priority(v, start.get(p, 0))))
    heapq.heapify(heap)
    remaining = seats
    while remaining > 0:
        if not heap:
            raise ApportionmentError(
                f"only {seats - remaining} of {seats} seats can be filled: every list is exhausted"
            )
        tied = _pop_highest(heap)
        names = [e[4] for e in tied]
        if len(names) <= remaining:
            winners = names
        else:
            winners, records = decide(
                names,
                remaining,
                votes,
                breaker,
                by_votes=ties_by_votes,
                what=f"equal averages for the last {remaining} seat(s)",
            )
            ties.extend(records)
            for e in tied:
                if e[4] not in winners:
                    heapq.heappush(heap, e)
        for p in winners:
            won[p] += 1
            order.append(p)
            remaining -= 1
            push(p)
    return won, order, ties
