"""How far a seat table is from the votes, and how many parties count.

All indices are computed exactly on vote and seat *shares* (fractions) and
only the final square root or quotient is taken in floating point; they are
descriptions of a result, not part of a count.

* Gallagher least-squares index (Gallagher 1991, *Electoral Studies* 10:33):
  ``sqrt(1/2 × Σ (v_i − s_i)²)`` in percentage points.
* Loosemore-Hanby index (Loosemore & Hanby 1971, *BJPolS* 1:467):
  ``1/2 × Σ |v_i − s_i|`` in percentage points.
* Effective number of parties (Laakso & Taagepera 1979, *CPS* 12:3):
  ``1 / Σ p_i²`` over vote shares and over seat shares.
* Winners below 50%: constituency winners with less than half of the valid
  votes cast in their constituency (``None`` where a system has no
  constituency contests).

Parties are the labels of the seat table, except that the Speaker is
counted with the independents (:data:`INDEX_GROUPS`): both stand without a
party, and pooling all non-party candidates is the usual convention.  (With
the Speaker apart, Gallagher moves by at most 0.01 and Loosemore-Hanby by up
to 0.07 on 2010-2024.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from hustings.analysis.elections import Constituency

INDEX_GROUPS = {"Speaker": "Independent"}
"""Seat-table labels pooled for the indices."""


@dataclass(frozen=True)
class Indices:
    gallagher: float
    loosemore_hanby: float
    enp_votes: float
    enp_seats: float
    winners_below_50pct: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pairs(votes: Mapping[str, int], seats: Mapping[str, int]) -> list[tuple[int, int]]:
    return [(votes.get(p, 0), seats.get(p, 0)) for p in dict.fromkeys([*votes, *seats])]


def _scaled_differences(votes: Mapping[str, int], seats: Mapping[str, int]) -> tuple[list[int], int]:
    """``v_i S − s_i V`` for each party, and ``V S``: share differences over a common denominator."""
    pairs = _pairs(votes, seats)
    vt = sum(v for v, _ in pairs)
    st = sum(s for _, s in pairs)
    return [v * st - s * vt for v, s in pairs], vt * st


def gallagher(votes: Mapping[str, int], seats: Mapping[str, int]) -> float:
    """Least-squares index in percentage points (0 = perfectly proportional)."""
    diffs, denominator = _scaled_differences(votes, seats)
    if not denominator:
        return 0.0
    return 100 * math.sqrt(Fraction(sum(d * d for d in diffs), 2 * denominator * denominator))


def loosemore_hanby(votes: Mapping[str, int], seats: Mapping[str, int]) -> float:
    """Loosemore-Hanby index in percentage points."""
    diffs, denominator = _scaled_differences(votes, seats)
    if not denominator:
        return 0.0
    return float(Fraction(100 * sum(abs(d) for d in diffs), 2 * denominator))


def effective_number(counts: Mapping[str, int]) -> float:
    """Laakso-Taagepera effective number of parties, ``1 / Σ p²``."""
    total = sum(counts.values())
    squares = sum(n * n for n in counts.values())
    return float(Fraction(total * total, squares)) if squares else 0.0


def winners_below_half(constituencies: Iterable[Constituency]) -> int:
    """Constituency winners elected on under half of the valid votes in their seat."""
    return sum(1 for c in constituencies if 2 * c.winner.votes < c.valid_votes)


def indices(votes: Mapping[str, int], seats: Mapping[str, int], winners_below_50pct: int | None = None) -> Indices:
    return Indices(
        gallagher=gallagher(votes, seats),
        loosemore_hanby=loosemore_hanby(votes, seats),
        enp_votes=effective_number(votes),
        enp_seats=effective_number(seats),
        winners_below_50pct=winners_below_50pct,
    )
