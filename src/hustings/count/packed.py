"""A packed profile: strict rankings as a matrix of candidate numbers, for counting a million ballots.

:class:`Profile` is the domain's one model of ballots.  A :class:`PackedProfile`
is a compact form of one kind of profile only — every ballot a *strict* ranking
(one candidate per rank, no skipped rank, no candidate twice, no overvote), no
candidate withdrawn, whole-number weights — held as numpy arrays so that no Python
object exists per ballot or per distinct ranking.  It always expands to the
equal :class:`Profile` (:meth:`PackedProfile.to_profile`), which is what every
method other than the packed IRV count reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hustings.count.profile import Profile, Ranking, Weight


@dataclass(frozen=True, eq=False)
class PackedProfile:
    """Distinct strict rankings as rows of candidate numbers, with their counts.

    ``rankings[b, p]`` is ``1 + i`` when ranking ``b`` puts ``candidates[i]`` at
    rank ``p + 1``, and 0 after its last rank (a row of zeros is a blank ballot).
    ``counts[b]`` is how many ballots have ranking ``b``.  Rows are in the order
    of the :class:`Profile` they stand for (first appearance in the source).
    """

    candidates: tuple[str, ...]
    rankings: npt.NDArray[np.uint8]
    counts: npt.NDArray[np.int64]
    title: str = ""
    seats: int | None = None
    withdrawn: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.withdrawn:
            raise ValueError("a packed profile has no withdrawn candidates")
        if self.rankings.ndim != 2 or self.counts.shape != (self.rankings.shape[0],):
            raise ValueError("a packed profile needs one count per ranking")
        if len(self.candidates) > 254:
            raise ValueError("a packed profile holds at most 254 candidates")

    @property
    def continuing(self) -> tuple[str, ...]:
        """Declared candidates that are not withdrawn (all of them), in ballot-paper order."""
        return self.candidates

    @property
    def total(self) -> int:
        """Total number of ballots."""
        return int(self.counts.sum())

    def __len__(self) -> int:
        """Number of distinct rankings."""
        return int(self.rankings.shape[0])

    def to_profile(self) -> Profile:
        """The same ballots as a :class:`Profile`: one rank (a one-name frozenset) per candidate ranked."""
        ranks = [frozenset((c,)) for c in self.candidates]
        ballots: dict[Ranking, Weight] = {}
        for row, n in zip(self.rankings.tolist(), self.counts.tolist(), strict=True):
            ballots[tuple(ranks[code - 1] for code in row if code)] = n
        return Profile(self.candidates, ballots, title=self.title, seats=self.seats)
