"""The Borda count and the Dowdall (Nauru) count: points by the position a candidate is ranked at.

``points="borda"`` follows J.-C. de Borda, "Mémoire sur les élections au
scrutin", Histoire de l'Académie royale des sciences (1781, published 1784):
with *n* candidates, a first preference is worth n−1 points, a second n−2,
and so on down to 0 for the last.  ``points="dowdall"`` is the count used to
elect the Parliament of Nauru, devised by Desmond Dowdall (Fraenkel &
Grofman 2014, "The Borda Count and its real-world alternatives", Australian
Journal of Political Science 49(2)): a first preference is worth 1, a
second 1/2, a third 1/3, and so on.  Points are exact
fractions, never binary floats.  The ``seats`` candidates with the most
points are elected.

Choices the texts leave open, made explicit by options:

``truncated`` — how a ballot that ranks only *k* of the *n* candidates scores:

* ``unranked-score-zero`` (default): ranked candidates get the points of
  their positions (n−1, n−2, ... for Borda) and unranked ones nothing;
* ``unranked-share-average``: the unranked candidates share equally the
  points of the positions left unfilled (Borda: (n−k−1)/2 each);
* ``modified``: Emerson's modified Borda count (P. Emerson 2013, "The original
  Borda count and partial voting", Social Choice and Welfare 40): a voter
  ranking k candidates gives k points to the first, k−1 to the second, ...,
  1 to the last ranked, 0 to the unranked (Dowdall: as the default).

Ballots are read with :meth:`Profile.strict`: skipped ranks are passed over
and an overvote (or equal ranking) ends the ballot, the candidates from
there on counting as unranked.  Nauru's own law treats ballots not ranking
every candidate as informal; a reader for Nauru data should set those aside.
Ties at the last seat are decided by ``tie_break`` and recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from hustings.count.by_score import elect_best, score_result
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result
from hustings.count.ties import TieBreaker, TiePolicy

Points = Literal["borda", "dowdall"]
Truncated = Literal["unranked-score-zero", "unranked-share-average", "modified"]


@dataclass(frozen=True)
class Options:
    seats: int = 1
    points: Points = "borda"
    truncated: Truncated = "unranked-score-zero"
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def position_points(points: Points, n: int) -> tuple[Fraction, ...]:
    """Points for positions 1..n of a complete ranking of ``n`` candidates."""
    if points == "borda":
        return tuple(Fraction(n - i) for i in range(1, n + 1))
    if points == "dowdall":
        return tuple(Fraction(1, i) for i in range(1, n + 1))
    raise ValueError(f"unknown points {points!r}; choose borda or dowdall")


def ballot_points(order: tuple[str, ...], names: tuple[str, ...], options: Options) -> dict[str, Fraction]:
    """The points one ballot gives each candidate it ranks (and, when shared, the unranked)."""
    n, k = len(names), len(order)
    if options.truncated == "modified" and options.points == "borda":
        return {c: Fraction(k - i) for i, c in enumerate(order)}
    table = position_points(options.points, n)
    out = {c: table[i] for i, c in enumerate(order)}
    if options.truncated == "unranked-share-average" and k < n:
        share = sum(table[k:], Fraction(0)) / (n - k)
        out.update((c, share) for c in names if c not in out)
    elif options.truncated not in ("unranked-score-zero", "unranked-share-average", "modified"):
        raise ValueError(f"unknown truncated rule {options.truncated!r}")
    return out


def count(profile: Profile, options: Options) -> Result:
    """Elect the ``seats`` candidates with the most points."""
    names = profile.continuing
    scores: dict[str, Weight] = dict.fromkeys(names, 0)
    for order, w in profile.strict():
        for c, p in ballot_points(order, names, options).items():
            scores[c] += p * w
    scores = {c: s.numerator if isinstance(s, Fraction) and s.denominator == 1 else s for c, s in scores.items()}
    breaker = TieBreaker(options.tie_break, names)
    elected, ties = elect_best(scores, options.seats, breaker)
    return score_result(options.points, profile, options, scores, elected, ties, seats=options.seats)
