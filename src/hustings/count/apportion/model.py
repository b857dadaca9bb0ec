"""The public entry point: :func:`apportion` and its :class:`Apportionment` record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hustings.count.apportion import divisor, largest_remainder
from hustings.count.apportion.base import MAX_SEATS, MAX_VOTE_DIGITS, ApportionmentError
from hustings.count.result import TieBreak, decimal_string
from hustings.count.ties import TieBreaker, TiePolicy

METHOD_NAMES: tuple[str, ...] = (
    "dhondt",
    "sainte-lague",
    "modified-sainte-lague",
    "hare",
    "droop",
    "huntington-hill",
)
"""Canonical method names, in the order the command line lists them."""

_ALIASES = {
    "d'hondt": "dhondt",
    "jefferson": "dhondt",
    "webster": "sainte-lague",
    "sainte-laguë": "sainte-lague",
    "saint-lague": "sainte-lague",
    "hamilton": "hare",
    "hare-niemeyer": "hare",
    "largest-remainder": "hare",
    "equal-proportions": "huntington-hill",
}

__all__ = [
    "MAX_SEATS",
    "MAX_VOTE_DIGITS",
    "METHOD_NAMES",
    "Apportionment",
    "ApportionmentError",
    "apportion",
    "canonical_method",
]


def canonical_method(name: str) -> str:
    """The canonical name for ``name`` or an alias (``jefferson``, ``webster``, ``hamilton``...)."""
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    key = _ALIASES.get(key, key)
    if key not in METHOD_NAMES:
        raise ApportionmentError(f"unknown apportionment method {name!r}; choose from {', '.join(METHOD_NAMES)}")
    return key


@dataclass(frozen=True)
class Apportionment:
    """The seats a method gave, and everything needed to check them."""

    method: str
    seats: Mapping[str, int]
    """Seats allocated by this apportionment, per list (every list given, zero included)."""
    votes: Mapping[str, int]
    already_won: Mapping[str, int] = field(default_factory=dict)
    """Seats held before (constituency seats under AMS); they raised the divisors."""
    below_threshold: tuple[str, ...] = ()
    """Lists that took no part because they missed every threshold."""
    quota: Fraction | None = None
    """The quota, for largest-remainder methods."""
    order: tuple[str, ...] = ()
    """Divisor methods: the list that won each seat, in order."""
    ties: tuple[TieBreak, ...] = ()
    """Ties among equal averages or remainders that a policy decided."""

    @property
    def total(self) -> dict[str, int]:
        """Seats held in the end: already won plus allocated now."""
        names = dict.fromkeys([*self.votes, *self.already_won])
        return {p: self.already_won.get(p, 0) + self.seats.get(p, 0) for p in names}

    @property
    def seats_allocated(self) -> int:
        return sum(self.seats.values())

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"method": self.method, "seats": dict(self.seats)}
        if self.already_won:
            d["already_won"] = dict(self.already_won)
            d["total"] = self.total
        if self.below_threshold:
            d["below_threshold"] = list(self.below_threshold)
        if self.quota is not None:
            d["quota"] = decimal_string(self.quota)
        if self.ties:
            d["ties"] = [{"tied": list(t.tied), "chosen": t.chosen, "reason": t.reason} for t in self.ties]
        return d


def apportion(
    votes: Mapping[str, int],
    seats: int,
    method: str = "dhondt",
    *,
    threshold: Fraction | None = None,
    threshold_seats: int | None = None,
    already_won: Mapping[str, int] | None = None,
    constituency_seats: Mapping[str, int] | None = None,
    caps: Mapping[str, int] | None = None,
    tie_break: TiePolicy | None = None,
    ties_by_votes: bool = True,
) -> Apportionment:
    """Allocate ``seats`` seats among the lists in ``votes``.

    ``threshold`` is a share of all valid votes (``Fraction(5, 100)`` for 5%)
    a list needs to take part; ``threshold_seats`` lets a list take part
    anyway if it won that many ``constituency_seats`` (default: ``already_won``;
    Germany's *Grundmandatsklausel*, 3 seats; New Zealand's one electorate).
    With both, passing either suffices.
    ``already_won`` holds seats won before this allocation (AMS/MMP
    constituency seats): divisor methods count them in the divisor; lists
    keep them whether or not they pass the threshold.  ``caps`` limits a
    list to the candidates it has (an independent is a list of one).
    Ties are decided first by more votes (``ties_by_votes``) and then by
    ``tie_break`` (default: lot with seed 0); each is recorded.

    Raises :class:`ApportionmentError` for negative votes or seats, more
    seats than :data:`MAX_SEATS`, votes of more than :data:`MAX_VOTE_DIGITS`
    digits, seats with no votes to share them, and a Huntington-Hill
    allocation with fewer seats than lists (its zero first divisor must give
    every list one seat).
    """
    method = canonical_method(method)
    won_before = dict(already_won or {})
    caps = caps or {}
    _check(votes, seats, won_before, threshold)
    held = won_before if constituency_seats is None else constituency_seats
    eligible, below = _eligible(votes, threshold, threshold_seats, held)
    if seats > 0 and not any(v > 0 for v in eligible.values()):
        raise ApportionmentError(f"{seats} seats to allocate but no list with votes passes the threshold")
    policy = tie_break or TiePolicy()
    breaker = TieBreaker(policy, list(votes))
    q: Fraction | None = None
    order: list[str] = []
    if method in ("hare", "droop"):
        if any(won_before.values()):
            raise ApportionmentError(
                f"the {method} quota method cannot take seats already won into account; use a divisor method"
            )
        alloc, q, ties = largest_remainder.allocate(
            eligible, seats, method, caps=caps, breaker=breaker, ties_by_votes=ties_by_votes
        )
    else:
        if method == "huntington-hill":
            _check_first_seats(eligible, seats, won_before)
        alloc, order, ties = divisor.allocate(
            eligible, seats, method, start=won_before, caps=caps, breaker=breaker, ties_by_votes=ties_by_votes
        )
    result = {p: alloc.get(p, 0) for p in votes}
    return Apportionment(
        method=method,
        seats=result,
        votes=dict(votes),
        already_won=won_before,
        below_threshold=tuple(below),
        quota=q,
        order=tuple(order),
        ties=tuple(ties),
    )


def _eligible(
    votes: Mapping[str, int], threshold: Fraction | None, threshold_seats: int | None, held: Mapping[str, int]
) -> tuple[dict[str, int], list[str]]:
    """The lists over the threshold (or holding ``threshold_seats`` seats), and those below it."""
    total_votes = sum(votes.values())
    eligible: dict[str, int] = {}
    below: list[str] = []
    for p, v in votes.items():
        passes = threshold is None or (total_votes > 0 and Fraction(v, total_votes) >= threshold)
        if not passes and threshold_seats is not None and held.get(p, 0) >= threshold_seats:
            passes = True
        if passes:
            eligible[p] = v
        else:
            below.append(p)
    return eligible, below


def _check_first_seats(eligible: Mapping[str, int], seats: int, won_before: Mapping[str, int]) -> None:
    """Huntington-Hill's zero first divisor gives every list with votes a seat: enough seats for them."""
    first = [p for p, v in eligible.items() if v > 0 and won_before.get(p, 0) == 0]
    if seats < len(first):
        raise ApportionmentError(
            f"Huntington-Hill gives every list with votes a first seat: {seats} seats "
            f"are fewer than the {len(first)} lists"
        )


_VOTES_PAST_LIMIT = 10**MAX_VOTE_DIGITS


def _check(votes: Mapping[str, int], seats: int, won: Mapping[str, int], threshold: Fraction | None) -> None:
    if isinstance(seats, bool) or not isinstance(seats, int):
        raise ApportionmentError(f"seats must be a whole number, got {seats!r}")
    if seats < 0:
        raise ApportionmentError(f"seats cannot be negative, got {seats}")
    if seats > MAX_SEATS:
        raise ApportionmentError(f"{seats} seats is more than any assembly has (limit {MAX_SEATS})")
    if not votes:
        raise ApportionmentError("no lists to apportion among")
    for p, v in votes.items():
        if isinstance(v, bool) or not isinstance(v, int):
            raise ApportionmentError(f"votes for {p!r} must be a whole number, got {v!r}")
        if v < 0:
            raise ApportionmentError(f"negative votes for {p!r}: {v}")
        if v >= _VOTES_PAST_LIMIT:
            raise ApportionmentError(f"votes for {p!r} have more than {MAX_VOTE_DIGITS:,} digits")
    for p, n in won.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ApportionmentError(f"seats already won by {p!r} must be a whole number >= 0, got {n!r}")
    if threshold is not None and not 0 <= threshold <= 1:
        raise ApportionmentError(f"threshold must be a share between 0 and 1, got {threshold}")
