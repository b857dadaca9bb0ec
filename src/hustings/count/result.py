"""The record of a count: rounds, actions, transfers, inactive ballots, ties.

Every method returns a :class:`Result`.  A round records the state *before*
its actions are applied (as official result sheets and RCTab do): each
candidate's tally, the threshold in force, the ballots no longer active by
cause, then the actions taken at the end of the round with the votes each
action moved.  Numbers are exact (``int``, ``Fraction`` or ``Decimal``) and are
serialised as decimal strings, never binary floats.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeAlias

Votes: TypeAlias = int | Fraction | Decimal
"""An exact number of votes."""

ActionKind: TypeAlias = Literal["elect", "exclude", "surplus", "note"]

# Causes for which a ballot stops counting (RCTab's categories, plus STV's).
EXHAUSTED = "exhausted_choices"
"""No continuing candidate is ranked further down the ballot."""
OVERVOTES = "overvotes"
"""The ballot reached a rank marked for more than one candidate."""
SKIPPED_RANKINGS = "skipped_rankings"
"""The ballot skipped more ranks than the rules allow."""
REPEATED_RANKINGS = "repeated_rankings"
"""The ballot ranked a candidate again, and the rules exhaust such ballots."""
UNDER_MINIMUM = "under_minimum"
"""Votes for candidates removed for falling below a minimum vote threshold."""
NON_TRANSFERABLE = "non_transferable"
"""STV: papers with no further usable preference."""
LOSS_BY_FRACTIONS = "loss_by_fractions"
"""STV: value lost to truncation in transfers."""

EXHAUSTED_TARGET = "exhausted"
"""Key in an action's transfers for votes that went to no candidate."""


@dataclass(frozen=True)
class TieBreak:
    """A tie decided in a round, with the rule or draw that decided it."""

    purpose: Literal["elect", "exclude", "order"]
    tied: tuple[str, ...]
    chosen: str
    reason: str


@dataclass(frozen=True)
class Action:
    """What happened at the end of a round to one candidate.

    ``transfers`` maps each receiving candidate (or :data:`EXHAUSTED_TARGET`)
    to the votes moved from ``candidate``; it is empty when nothing moved.
    """

    kind: ActionKind
    candidate: str
    transfers: Mapping[str, Votes] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Round:
    """One round (STV: one stage) of a count."""

    number: int
    tally: Mapping[str, Votes]
    actions: tuple[Action, ...] = ()
    threshold: Votes | None = None
    inactive: Mapping[str, Votes] = field(default_factory=dict)
    tie_breaks: tuple[TieBreak, ...] = ()
    extra: Mapping[str, Votes] = field(default_factory=dict)
    """Method-specific figures, e.g. STV's non-transferable and fractions."""

    @property
    def elected(self) -> tuple[str, ...]:
        return tuple(a.candidate for a in self.actions if a.kind == "elect")

    @property
    def excluded(self) -> tuple[str, ...]:
        return tuple(a.candidate for a in self.actions if a.kind == "exclude")

    @property
    def active(self) -> Votes:
        """Votes held by candidates this round."""
        return sum(self.tally.values(), 0)

    @property
    def inactive_total(self) -> Votes:
        return sum(self.inactive.values(), 0)


@dataclass(frozen=True)
class Result:
    """The complete record of a count."""

    method: str
    seats: int
    candidates: tuple[str, ...]
    elected: tuple[str, ...]
    rounds: tuple[Round, ...] = ()
    quota: Votes | None = None
    total: Votes | None = None
    """Total weight of ballots counted (valid poll)."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """The options the count ran with, as plain values, for the record."""
    scores: Mapping[str, Votes] | None = None
    """Score per candidate for scoring methods (Borda, approval, Copeland...)."""
    pairwise: Mapping[str, Mapping[str, Votes]] | None = None
    """Pairwise matrix: ``pairwise[a][b]`` is the weight preferring a to b."""
    tie_breaks: tuple[TieBreak, ...] = ()
    """Ties decided outside any round (e.g. for scoring methods)."""
    notes: tuple[str, ...] = ()

    @property
    def winner(self) -> str | None:
        return self.elected[0] if self.elected else None

    @property
    def all_tie_breaks(self) -> tuple[TieBreak, ...]:
        return self.tie_breaks + tuple(t for r in self.rounds for t in r.tie_breaks)

    def to_dict(self) -> dict[str, Any]:
        """The project's result JSON record (numbers as decimal strings)."""
        d: dict[str, Any] = {
            "method": self.method,
            "seats": self.seats,
            "candidates": list(self.candidates),
            "elected": list(self.elected),
        }
        if self.quota is not None:
            d["quota"] = decimal_string(self.quota)
        if self.total is not None:
            d["total"] = decimal_string(self.total)
        d["rounds"] = [_round_dict(r) for r in self.rounds]
        if self.scores is not None:
            d["scores"] = {k: decimal_string(v) for k, v in self.scores.items()}
        if self.pairwise is not None:
            d["pairwise"] = {a: {b: decimal_string(v) for b, v in row.items()} for a, row in self.pairwise.items()}
        if self.tie_breaks:
            d["tie_breaks"] = [_tie_dict(t) for t in self.tie_breaks]
        if self.options:
            d["options"] = {k: _plain(v) for k, v in self.options.items()}
        if self.notes:
            d["notes"] = list(self.notes)
        return d


def _plain(v: Any) -> Any:
    """An option value as plain JSON data: exact numbers as decimal strings."""
    if isinstance(v, bool) or v is None or isinstance(v, (str, int)):
        return v
    if isinstance(v, (Fraction, Decimal)):
        return decimal_string(v)
    if isinstance(v, Mapping):
        return {str(k): _plain(x) for k, x in v.items()}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, (frozenset, set)):
        return sorted(_plain(x) for x in v)
    if isinstance(v, (tuple, list)):
        return [_plain(x) for x in v]
    return str(v)


def _tie_dict(t: TieBreak) -> dict[str, Any]:
    return {"purpose": t.purpose, "tied": list(t.tied), "chosen": t.chosen, "reason": t.reason}


def _round_dict(r: Round) -> dict[str, Any]:
    d: dict[str, Any] = {
        "round": r.number,
        "tally": {k: decimal_string(v) for k, v in r.tally.items()},
    }
    if r.threshold is not None:
        d["threshold"] = decimal_string(r.threshold)
    d["actions"] = [
        {
            "action": a.kind,
            "candidate": a.candidate,
            "transfers": {k: decimal_string(v) for k, v in a.transfers.items()},
            **({"note": a.note} if a.note else {}),
        }
        for a in r.actions
    ]
    d["inactive"] = {k: decimal_string(v) for k, v in r.inactive.items()}
    if r.extra:
        d["extra"] = {k: decimal_string(v) for k, v in r.extra.items()}
    if r.tie_breaks:
        d["tie_breaks"] = [_tie_dict(t) for t in r.tie_breaks]
    return d


FRACTION_PLACES = 9
"""Places shown for a fraction with no finite decimal expansion (rounded)."""


def decimal_string(x: Votes, places: int | None = None) -> str:
    """An exact number as a decimal string: ``3``, ``2.5``, ``0.33333``.

    Integers and decimals are written exactly (trailing zeros of a
    ``Decimal`` are kept, since a rule's precision is part of the figure);
    a ``Fraction`` is written exactly when its decimal expansion terminates
    and otherwise rounded half-even to ``places`` (default 9) places.
    """
    if isinstance(x, bool):
        raise TypeError("a vote count cannot be a bool")
    if isinstance(x, int):
        return str(x)
    if isinstance(x, Decimal):
        return format(x, "f")
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        twos = fives = 0
        d = x.denominator
        while d % 2 == 0:
            d //= 2
            twos += 1
        while d % 5 == 0:
            d //= 5
            fives += 1
        if d == 1 and places is None:
            n = max(twos, fives)  # terminating: exactly this many places
            return _scaled(x.numerator * 10**n // x.denominator, n)
        n = FRACTION_PLACES if places is None else places
        return _scaled(round(x * 10**n), n)
    raise TypeError(f"not an exact number: {x!r}")


def _scaled(units: int, places: int) -> str:
    """``units / 10**places`` written as a decimal string."""
    sign = "-" if units < 0 else ""
    digits = str(abs(units)).rjust(places + 1, "0")
    if places == 0:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"
