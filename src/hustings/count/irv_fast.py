"""Single-winner instant runoff for the plain case, fast enough for a million ballots.

:func:`hustings.count.irv.count` is the reference: it follows RCTab in every
option and reads each ballot's ranking from the top whenever the ballot moves.
This module computes the *same* :class:`Result` (same rounds, tallies,
transfers, inactive ballots by cause, tie-breaks and options record) for the
case most counts are: :func:`qualifies` says exactly when.

* ``Options`` are the defaults of :class:`hustings.count.irv.Options` except
  ``tie_break``, which may be any policy: one seat, single-winner majority,
  overvotes exhaust the ballot immediately, skipped ranks unlimited, repeated
  candidates skipped, no minimum vote threshold, no batch elimination.
* Every ballot weight is a whole number (``int``).
* No undeclared write-ins, and at least one candidate standing.

Under those rules a ballot's course through the count is fixed before the
count starts: it can only ever count for the standing candidates it ranks
singly before its first overvote, in that order.  So a ballot keeps a
position in its own ranking, a round touches only the ballots of the candidate
just excluded, and each of those advances from where it stands to its next
rank naming a single candidate still standing (passing skipped ranks, names
not standing and repeats; stopping at an overvote).  Ranks are looked up as
the profile's own frozensets, so the rankings are never converted.
Arithmetic is integer and exact.  Equal results are checked by a property test
against the reference engine on random profiles with overvotes, skips,
repeats and ties (``tests/count/test_irv_fast.py``).
"""

from __future__ import annotations

import dataclasses
from itertools import chain
from typing import Literal, Protocol

from hustings.count.irv_options import NO_RANKINGS, Options, options_record
from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN, Profile, Rank, Ranking
from hustings.count.result import (
    EXHAUSTED,
    EXHAUSTED_TARGET,
    OVERVOTES,
    REPEATED_RANKINGS,
    SKIPPED_RANKINGS,
    Action,
    Result,
    Round,
    TieBreak,
    Votes,
)
from hustings.count.ties import TieBreaker, TiePolicy

_PLAIN = Options()
_INACTIVE_CAUSES = (OVERVOTES, SKIPPED_RANKINGS, EXHAUSTED, REPEATED_RANKINGS, NO_RANKINGS)
"""The reference engine's inactive causes, in the order it reports them."""


class NotPlain(ValueError):
    """The profile needs the reference engine after all (it names an undeclared write-in)."""


def attempt(profile: Profile, options: Options) -> Result | None:
    """The result by the fast path if it applies, else None (count with the reference engine)."""
    if not qualifies(profile, options):
        return None
    try:
        return count(profile, options)
    except NotPlain:
        return None


def qualifies(profile: Profile, options: Options) -> bool:
    """Whether :func:`count` gives the reference engine's result for these options and weights.

    A ballot naming an undeclared write-in is found only while counting
    (:class:`NotPlain`).
    """
    if dataclasses.replace(options, tie_break=TiePolicy()) != _PLAIN:
        return False
    if UNDECLARED_WRITE_IN in profile.candidates or not profile.continuing:
        return False
    return all(type(w) is int for w in profile.ballots.values())


def count(profile: Profile, options: Options) -> Result:
    """Count by single-winner instant runoff; the caller has checked :func:`qualifies`.

    Raises :class:`NotPlain` if a ballot names an undeclared write-in (which
    only the reference engine handles).
    """
    names = profile.candidates
    standing = [c for c in names if c not in profile.withdrawn]
    return tabulate(names, standing, _Ballots(profile, standing), options, sum(profile.ballots.values(), 0))


class Piles(Protocol):
    """Where the ballots stand during a count: what :func:`tabulate` needs of them."""

    tally: list[int]
    """Votes of each standing candidate, by number."""
    inactive: dict[str, int]
    """Votes of ballots no longer active, by cause, in the reference engine's order of causes."""

    def exclude(self, loser: int) -> dict[int, int]:
        """Move the loser's ballots on; the votes moved by destination (-1: none), in order of first move."""
        ...


def tabulate(names: tuple[str, ...], standing: list[str], ballots: Piles, options: Options, total: Votes) -> Result:
    """The rounds of a single-winner count of ``ballots``, whose first round is already tallied.

    ``names`` are the declared candidates, ``standing`` those not withdrawn
    (numbered as ``ballots`` numbers them), ``total`` the weight of all ballots.
    """
    ties = TieBreaker(options.tie_break, [c for c in names if c != UNDECLARED_WRITE_IN])
    history: list[dict[str, Votes]] = []
    rounds: list[Round] = []
    live = list(range(len(standing)))
    tally = ballots.tally
    while True:
        current: dict[str, Votes] = {standing[i]: tally[i] for i in live}
        threshold = sum(tally[i] for i in live) // 2 + 1
        tie_breaks: list[TieBreak] = []
        action, chosen = _winner_or_loser(ties, live, standing, tally, threshold, history, tie_breaks)
        shown = {c: current[c] for c in names if c in current}
        inactive = dict(ballots.inactive)
        history.append(current)
        if action == "elect":
            elect = (Action("elect", standing[chosen]),)
            rounds.append(Round(len(rounds) + 1, shown, elect, threshold, inactive, tuple(tie_breaks)))
            break
        live.remove(chosen)
        # The record shows an exclusion with the votes it moved, as the next round finds them.
        moved = {(standing[c] if c >= 0 else EXHAUSTED_TARGET): v for c, v in ballots.exclude(chosen).items()}
        action_record = Action("exclude", standing[chosen], moved)
        rounds.append(Round(len(rounds) + 1, shown, (action_record,), threshold, inactive, tuple(tie_breaks)))
    return Result(
        method="irv",
        seats=1,
        candidates=names,
        elected=(standing[chosen],),
        rounds=tuple(rounds),
        quota=threshold,
        total=total,
        options=options_record(options),
    )


def _winner_or_loser(
    ties: TieBreaker,
    live: list[int],
    standing: list[str],
    tally: list[int],
    threshold: int,
    history: list[dict[str, Votes]],
    tie_breaks: list[TieBreak],
) -> tuple[Literal["elect", "exclude"], int]:
    """The round's winner (a majority, the last one left, or the tie's choice of the last two), else the
    candidate to eliminate (the last, ties decided)."""
    top = max(tally[i] for i in live)
    if len(live) == 1 or top >= threshold:
        return "elect", next(i for i in live if tally[i] == top)
    if len(live) == 2:
        # Two left and level: the tie decides the winner.
        return "elect", _decide(ties, live, standing, "elect", history, tie_breaks)
    low = min(tally[i] for i in live)
    last = [i for i in live if tally[i] == low]
    return "exclude", last[0] if len(last) == 1 else _decide(ties, last, standing, "exclude", history, tie_breaks)


class _Ballots:
    """Where every distinct ballot stands: its position in its ranking, and each candidate's pile."""

    def __init__(self, profile: Profile, standing: list[str]) -> None:
        ranks = set(chain.from_iterable(profile.ballots))
        if any(UNDECLARED_WRITE_IN in rank for rank in ranks):
            raise NotPlain("an undeclared write-in is counted by the reference engine only")
        self.live: dict[Rank, int] = {frozenset((c,)): i for i, c in enumerate(standing)}
        """Rank naming exactly one candidate still standing -> that candidate's number."""
        self.overvotes = frozenset(rank for rank in ranks if len(rank) > 1 or OVERVOTE in rank)
        self.rankings: list[Ranking] = list(profile.ballots)
        self.weights: list[int] = list(profile.ballots.values())  # type: ignore[arg-type]
        self.position = [0] * len(self.rankings)
        self.tally = [0] * len(standing)
        self.piles: list[list[int]] = [[] for _ in standing]
        self.inactive: dict[str, int] = dict.fromkeys(_INACTIVE_CAUSES, 0)
        live = self.live
        tally = self.tally
        piles = self.piles
        weights = self.weights
        for b, rk in enumerate(self.rankings):
            c = live.get(rk[0], -1) if rk else -1
            if c >= 0:
                tally[c] += weights[b]
                piles[c].append(b)
            elif not any(rk):
                self.inactive[NO_RANKINGS] += weights[b]
            else:
                self._advance(b, -1, {})

    def exclude(self, loser: int) -> dict[int, int]:
        """Move the loser's ballots to their next candidate; the votes moved by destination (-1: none)."""
        del self.live[next(rank for rank, c in self.live.items() if c == loser)]
        moved: dict[int, int] = {}
        pile = self.piles[loser]
        self.piles[loser] = []
        self.tally[loser] = 0
        for b in pile:
            self._advance(b, self.position[b], moved)
        return moved

    def _advance(self, b: int, start: int, moved: dict[int, int]) -> None:
        rk = self.rankings[b]
        live = self.live
        w = self.weights[b]
        cause = EXHAUSTED
        for p in range(start + 1, len(rk)):
            rank = rk[p]
            c = live.get(rank, -1)
            if c >= 0:
                self.position[b] = p
                self.tally[c] += w
                self.piles[c].append(b)
                moved[c] = moved.get(c, 0) + w
                return
            if rank in self.overvotes:
                cause = OVERVOTES
                break
        self.inactive[cause] += w
        moved[-1] = moved.get(-1, 0) + w


def _decide(
    ties: TieBreaker,
    tied: list[int],
    standing: list[str],
    purpose: Literal["elect", "exclude"],
    history: list[dict[str, Votes]],
    tie_breaks: list[TieBreak],
) -> int:
    tie = ties.decide([standing[i] for i in tied], purpose, history)
    tie_breaks.append(tie)
    return standing.index(tie.chosen)
