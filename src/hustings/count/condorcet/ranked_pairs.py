"""Ranked pairs (Tideman): lock in the pairwise defeats from the largest margin down.

T. N. Tideman, "Independence of clones as a criterion for voting rules",
Social Choice and Welfare 4 (1987) 185–206.  For every pair of candidates
whose margin (ballots preferring a to b minus those preferring b to a; see
:mod:`hustings.count.condorcet.pairwise`) is positive, the defeat a > b is
considered in order of decreasing margin and locked in unless it would
complete a cycle with defeats already locked; the winner is the candidate no
locked defeat points at.

Choices the text leaves open, made explicit here:

Equal margins
    When several defeats have the same margin and locking all of them
    would complete a cycle, the order among them matters.  They are then
    ordered by a tie-breaking ranking of the candidates, as Zavist & Tideman
    ("Complete independence of clones in the ranked pairs rule", Social
    Choice and Welfare 6 (1989) 167–173) prescribe: the defeat whose winner
    ranks higher comes first, and for the same winner the one whose loser
    ranks lower.  The ranking is drawn with ``tie_break`` (one candidate
    at a time) the first time it is needed, and each draw is recorded.
    When locking all of a group completes no cycle, the order is immaterial
    and no ranking is drawn.
Zero margins
    A pair with equal support either way is not a defeat and is never
    locked; if that leaves several candidates undefeated, the winner among
    them is decided by ``tie_break`` and recorded.

The result's scores are the number of candidates each one is locked above
(directly or through other locked defeats); the notes list every defeat in
the order considered, locked or skipped.

Computation.  The locked defeats are kept with their transitive closure (a
row of bits per candidate: whom it is locked above), so whether a defeat
would complete a cycle is one lookup, and locking one that the closure
already implies costs nothing; a new one ORs the loser's row into the rows
of everyone above the winner.  A group of equal margins is locked
in ballot-paper order on trial, and undone if one of them would complete
a cycle (the order then matters, and the tie-breaking ranking's is used).
Defeats are sorted once: ``n² log n`` for ``n`` candidates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hustings.count.condorcet.pairwise import Matrix, condorcet_result, pairwise_matrix
from hustings.count.profile import Profile
from hustings.count.result import Result, TieBreak, Votes, decimal_string
from hustings.count.ties import TieBreaker, TiePolicy


@dataclass(frozen=True)
class Options:
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def _tie_breaking_ranking(breaker: TieBreaker, names: Sequence[str]) -> tuple[list[str], list[TieBreak]]:
    ranking: list[str] = []
    draws: list[TieBreak] = []
    pool = list(names)
    while len(pool) > 1:
        t = breaker.decide(pool, "elect")
        draws.append(dataclasses.replace(t, purpose="order", reason=f"tie-breaking ranking of candidates: {t.reason}"))
        ranking.append(t.chosen)
        pool.remove(t.chosen)
    return ranking + pool, draws


def defeats_by_margin(matrix: Matrix) -> list[tuple[Any, list[tuple[int, int]]]]:
    """The defeats (winner, loser) grouped by margin, largest first; within a group in ballot-paper order."""
    margins = matrix.counts - matrix.counts.T
    winners, losers = np.nonzero(margins > 0)
    if not len(winners):
        return []
    # Ranks into the distinct margins, so the sort is of small integers whatever the weights.
    values, rank = np.unique(margins[winners, losers], return_inverse=True)
    order = np.argsort(-rank.astype(np.int64), kind="stable")
    winners, losers, rank = winners[order], losers[order], rank[order]
    starts = np.flatnonzero(np.diff(rank, prepend=-1))
    ends = [*starts[1:].tolist(), len(rank)]
    return [
        (values[rank[s]], list(zip(winners[s:e].tolist(), losers[s:e].tolist(), strict=True)))
        for s, e in zip(starts.tolist(), ends, strict=True)
    ]


_Journal = list[tuple[list[Any], int, Any]]
"""Changes to a :class:`Closure` as (list, index, value before), to undo them."""


class Closure:
    """The locked defeats' transitive closure, as bits: whom each candidate is above, and who is above it.

    ``below[x]`` has a bit for ``x`` itself and each candidate locked below
    ``x`` directly or through a chain; ``above[y]`` the same upwards.  Locking
    ``a`` over ``b`` ORs ``below[b]`` into ``below[x]`` for each ``x`` above
    ``a`` and not yet above ``b``, and ``above[a]`` into ``above[y]`` for each
    ``y`` below ``b`` and not yet below ``a``: each row so touched gains a
    pair, so a whole count ORs at most ``2 n²`` rows of ``n`` bits.
    """

    def __init__(self, n: int) -> None:
        self.below = [1 << x for x in range(n)]
        self.above = list(self.below)
        self.defeated = [False] * n

    def over(self, x: int, y: int) -> bool:
        """Whether ``x`` is ``y`` or locked above it."""
        return bool(self.below[x] >> y & 1)

    def lock(self, a: int, b: int, journal: _Journal | None = None) -> None:
        """Lock ``a`` above ``b`` (which must not be above ``a``), noting each change in ``journal``."""
        if journal is not None:
            journal.append((self.defeated, b, self.defeated[b]))
        self.defeated[b] = True
        if self.below[a] >> b & 1:
            return  # already implied
        new_above, new_below = self.above[a] & ~self.above[b], self.below[b] & ~self.below[a]
        rows, columns = self.below[b], self.above[a]
        for x in _members(new_above):
            if journal is not None:
                journal.append((self.below, x, self.below[x]))
            self.below[x] |= rows
        for y in _members(new_below):
            if journal is not None:
                journal.append((self.above, y, self.above[y]))
            self.above[y] |= columns

    def below_counts(self) -> list[int]:
        """How many candidates each is locked above."""
        return [bits.bit_count() - 1 for bits in self.below]

    def lock_all(self, group: list[tuple[int, int]]) -> bool:
        """Lock every defeat of ``group`` in turn; if one would complete a cycle, undo them all: ``False``.

        A small group is undone from a journal of its changes; a group of
        more than ``n / 16`` defeats from a copy of the rows, which costs
        less than journaling its many changes (and at most ``16 n²`` in all).
        """
        small = len(group) * 16 <= len(self.below)
        journal: _Journal | None = [] if small else None
        saved = None if small else (list(self.below), list(self.above), list(self.defeated))
        for a, b in group:
            if self.over(b, a):
                if saved is not None:
                    self.below, self.above, self.defeated = saved
                for row, i, old in reversed(journal or []):
                    row[i] = old
                return False
            self.lock(a, b, journal)
        return True


def _members(bits: int) -> Iterator[int]:
    """The numbers of the bits set in ``bits``."""
    while bits:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low


def count(profile: Profile, options: Options) -> Result:
    """Lock defeats by decreasing margin, skipping those that complete a cycle."""
    matrix = pairwise_matrix(profile)
    if not matrix:
        raise ValueError("no candidates standing")
    names = matrix.names
    breaker = TieBreaker(options.tie_break, profile.continuing)
    closure = Closure(len(names))
    place: dict[int, int] | None = None
    ties: list[TieBreak] = []
    notes: list[str] = []
    for value, group in defeats_by_margin(matrix):
        margin = decimal_string(matrix.weight(value))
        if len(group) > 1:
            # Lock the whole group in ballot-paper order; if that would complete a
            # cycle the order matters, so it is undone and the tie-breaking ranking's taken.
            if closure.lock_all(group):
                notes.extend(f"locked {names[a]} > {names[b]} (margin {margin})" for a, b in group)
                continue
            if place is None:
                ranking, draws = _tie_breaking_ranking(breaker, names)
                ties.extend(draws)
                place = {matrix.index[c]: i for i, c in enumerate(ranking)}
            at = place
            group.sort(key=lambda ab: (at[ab[0]], -at[ab[1]]))
        for a, b in group:
            if closure.over(b, a):
                notes.append(f"skipped {names[a]} > {names[b]} (margin {margin}): it would complete a cycle")
            else:
                closure.lock(a, b)
                notes.append(f"locked {names[a]} > {names[b]} (margin {margin})")
    undefeated = [c for c, lost in zip(names, closure.defeated, strict=True) if not lost]
    if len(undefeated) > 1:
        tie = breaker.decide(undefeated, "elect")
        ties.append(tie)
        elected: tuple[str, ...] = (tie.chosen,)
    else:
        elected = tuple(undefeated)
    scores: dict[str, Votes] = dict(zip(names, closure.below_counts(), strict=True))
    return condorcet_result("ranked-pairs", profile, options, matrix, scores, elected, ties, notes)
