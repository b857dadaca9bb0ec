"""Single-winner instant runoff on a :class:`PackedProfile`, with numpy, for a million ballots.

The rule and the record are those of :mod:`hustings.count.irv_fast` (itself
equal to the reference engine :func:`hustings.count.irv.count` in the plain
case), and the rounds are run by the very same :func:`irv_fast.tabulate`, so
thresholds, eliminations, ties (:class:`TieBreaker`, under any policy) and the
options record cannot differ.  Only where the ballots stand is kept
differently: instead of a Python list per candidate, each distinct ranking has
a position in its row and a holder, in numpy arrays; excluding a candidate
advances just the rows it held, all at once, past candidates no longer
standing.  A packed profile holds strict rankings only (no overvote, skip or
repeat), so a ballot that runs out of standing candidates is "exhausted
choices" and a blank one "no rankings", as in the reference engine.

Transfers are recorded in the order the reference engine meets their
destinations: it keeps each candidate's ballots in the order they arrived
(first round: order of the profile; then each move appended in the order of
the pile it left), and so does this module, with an arrival number per row.
Arithmetic is on 64-bit integers (exact: a count is a sum of ballot counts)
and every figure handed to the record is a Python ``int``.  Equal records are
checked by a property test against :func:`irv.count` on the expanded profile
(``tests/count/test_irv_packed.py``).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from hustings.count import irv_fast
from hustings.count.irv import NO_RANKINGS, Options
from hustings.count.packed import PackedProfile
from hustings.count.profile import UNDECLARED_WRITE_IN
from hustings.count.result import EXHAUSTED, Result
from hustings.count.ties import TiePolicy

_PLAIN = Options()


def qualifies(options: Options) -> bool:
    """Whether these options are the plain single-winner count (any tie-break policy)."""
    return dataclasses.replace(options, tie_break=TiePolicy()) == _PLAIN


def count(profile: PackedProfile, options: Options) -> Result:
    """Count ``profile`` by single-winner instant runoff: the record :func:`irv.count` gives for it."""
    if not qualifies(options):
        raise ValueError("the packed count is single-winner IRV with default options (any tie-break)")
    if not profile.candidates or UNDECLARED_WRITE_IN in profile.candidates:
        raise ValueError("the packed count needs candidates, none of them undeclared write-ins")
    standing = list(profile.candidates)
    piles = _PackedPiles(profile.rankings, profile.counts, len(standing))
    return irv_fast.tabulate(profile.candidates, standing, piles, options, profile.total)


class _PackedPiles:
    """Each distinct ranking's holder (candidate number, or -1), position in its row and arrival order."""

    def __init__(self, rankings: npt.NDArray[np.uint8], counts: npt.NDArray[np.int64], candidates: int) -> None:
        rows, width = rankings.shape
        # A column of zeros after the last rank: reading on always stops there.
        self.rankings = np.zeros((rows, width + 1), dtype=np.uint8)
        self.rankings[:, :width] = rankings
        self.counts = counts.astype(np.int64, copy=False)
        self.holder = self.rankings[:, 0].astype(np.int16) - 1
        self.position = np.zeros(rows, dtype=np.intp)
        self.arrival = np.arange(rows, dtype=np.int64)
        self.arrived = rows
        self.standing = np.ones(candidates + 1, dtype=bool)
        """``standing[1 + i]``: candidate ``i`` is still standing; ``standing[0]`` (no rank) stops the reading."""
        self.tally: list[int] = [int(self.counts[self.holder == i].sum()) for i in range(candidates)]
        self.inactive: dict[str, int] = dict.fromkeys(irv_fast._INACTIVE_CAUSES, 0)
        self.inactive[NO_RANKINGS] = int(self.counts[self.holder < 0].sum())

    def exclude(self, loser: int) -> dict[int, int]:
        """Move the loser's ballots to their next standing candidate; the votes moved by destination (-1: none)."""
        self.standing[loser + 1] = False
        held = np.flatnonzero(self.holder == loser)
        held = held[np.argsort(self.arrival[held], kind="stable")]  # the order of the loser's pile
        position = self.position[held] + 1
        code = self.rankings[held, position]
        stuck = np.flatnonzero(~self.standing[code])
        while stuck.size:
            position[stuck] += 1
            code[stuck] = self.rankings[held[stuck], position[stuck]]
            stuck = stuck[~self.standing[code[stuck]]]
        destination = code.astype(np.int16) - 1
        self.holder[held] = destination
        self.position[held] = position
        self.arrival[held] = self.arrived + np.arange(held.size, dtype=np.int64)
        self.arrived += held.size
        self.tally[loser] = 0
        weights = self.counts[held]
        targets, first = np.unique(destination, return_index=True)
        moved: dict[int, int] = {}
        for d in targets[np.argsort(first)].tolist():
            votes = int(weights[destination == d].sum())
            moved[d] = votes
            if d >= 0:
                self.tally[d] += votes
            else:
                self.inactive[EXHAUSTED] += votes
        return moved
