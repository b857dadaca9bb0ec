"""Electing the candidates with the best scores, ties at the cut decided by policy.

Shared by every method that ends in a list of scores (plurality, Borda,
approval, Copeland, minimax): the ``seats`` best-scoring candidates are
elected; when candidates with equal scores straddle the last seat, the tie
policy chooses among them one seat at a time, and each choice is recorded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from hustings.count.profile import Profile
from hustings.count.result import Result, TieBreak, Votes
from hustings.count.ties import TieBreaker


def elect_best(
    scores: Mapping[str, Votes],
    seats: int,
    breaker: TieBreaker,
    history: tuple[Mapping[str, Votes], ...] = (),
) -> tuple[tuple[str, ...], tuple[TieBreak, ...]]:
    """The ``seats`` highest-scoring candidates, best first, and the ties decided.

    Candidates with equal scores that all fit within the seats are listed in
    the order of ``scores`` (ballot-paper order); no tie needs deciding then.
    ``history`` is passed to the tie policy (earlier rounds' tallies).
    """
    if seats < 1:
        raise ValueError(f"seats must be at least 1, got {seats}")
    if seats > len(scores):
        raise ValueError(f"{seats} seats to fill but only {len(scores)} candidates standing")
    elected: list[str] = []
    ties: list[TieBreak] = []
    for level in sorted(set(scores.values()), reverse=True):
        room = seats - len(elected)
        if room <= 0:
            break
        group = [c for c in scores if scores[c] == level]
        if len(group) <= room:
            elected.extend(group)
            continue
        while room > 0:
            tie = breaker.decide(group, "elect", history)
            ties.append(tie)
            elected.append(tie.chosen)
            group.remove(tie.chosen)
            room -= 1
    return tuple(elected), tuple(ties)


def options_record(options: Any) -> dict[str, Any]:
    """A method's options as plain values, for :attr:`Result.options`."""
    return dataclasses.asdict(options)


def score_result(
    method: str,
    profile: Profile,
    options: Any,
    scores: Mapping[str, Votes],
    elected: tuple[str, ...],
    ties: Sequence[TieBreak],
    *,
    seats: int = 1,
    pairwise: Mapping[str, Mapping[str, Votes]] | None = None,
    notes: Sequence[str] = (),
) -> Result:
    """The record of a method that elects by scores: no rounds, the scores and the ties decided."""
    return Result(
        method=method,
        seats=seats,
        candidates=profile.continuing,
        elected=elected,
        total=profile.total,
        options=options_record(options),
        scores=scores,
        pairwise=pairwise,
        tie_breaks=tuple(ties),
        notes=tuple(notes),
    )
