"""Ballot profiles: distinct rankings with their weights.

A cast-vote record is a sequence of *ranks*; each rank is the set of marks the
voter made at that position.  Keeping ranks as sets (rather than one candidate
per rank) lets everything a real ballot can carry survive reading untouched:

* an **overvote** is a rank with two or more candidates, or a rank holding the
  :data:`OVERVOTE` marker when the CVR only says "overvote";
* a **skipped rank** is an empty rank;
* a **duplicate** is a candidate appearing at more than one rank;
* an **undeclared write-in** is a name the reader was told to map to
  :data:`UNDECLARED_WRITE_IN`.

How each of these counts is decided by the counting rule, never by the reader.
A million CVRs typically compress to a few thousand distinct rankings, which is
why a profile stores ``(ranking, weight)`` pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeAlias

Weight: TypeAlias = int | Fraction
"""A ballot's weight: a whole number of identical ballots, or an exact fraction."""

Rank: TypeAlias = frozenset[str]
"""The marks at one position of a ballot (empty: the voter skipped it)."""

Ranking: TypeAlias = tuple[Rank, ...]
"""A ballot's ranks in order of preference, most preferred first."""

OVERVOTE = "\x00overvote"
"""Marker for a rank the CVR records only as "overvote", without names."""

UNDECLARED_WRITE_IN = "Undeclared Write-ins"
"""The name under which undeclared write-ins are tallied (as RCTab reports them)."""

SKIPPED: Rank = frozenset()


def ranking(*ranks: str | Iterable[str] | None) -> Ranking:
    """Build a ranking from names: ``ranking("A", {"B", "C"}, None, "D")``.

    A string is a single mark, an iterable is several marks at one rank
    (an overvote or an equal ranking), ``None`` is a skipped rank.
    """
    out: list[Rank] = []
    for r in ranks:
        if r is None:
            out.append(SKIPPED)
        elif isinstance(r, str):
            out.append(frozenset((r,)))
        else:
            out.append(frozenset(r))
    return tuple(out)


@dataclass(frozen=True)
class Profile:
    """Distinct ballots with weights, and the contest they belong to.

    ``candidates`` are the declared candidates in the order the source lists
    them (ballot-paper order); ``withdrawn`` candidates are declared but take no
    part in the count.  ``ballots`` maps each distinct ranking to its total
    weight; iteration order is first appearance in the source, so counts that
    depend on order are reproducible.
    """

    candidates: tuple[str, ...]
    ballots: Mapping[Ranking, Weight]
    withdrawn: frozenset[str] = frozenset()
    title: str = ""
    seats: int | None = None
    """Seats stated by the source itself (a BLT header), if any."""
    rejected: Mapping[str, Weight] = field(default_factory=dict)
    """Ballots the reader set aside, by reason (kept for the record, not counted)."""

    @classmethod
    def from_ballots(
        cls,
        candidates: Sequence[str],
        ballots: Iterable[tuple[Ranking, Weight]],
        *,
        withdrawn: Iterable[str] = (),
        title: str = "",
        seats: int | None = None,
    ) -> Profile:
        """Aggregate ``(ranking, weight)`` pairs, merging equal rankings."""
        tally: dict[Ranking, Weight] = {}
        for rk, w in ballots:
            tally[rk] = tally.get(rk, 0) + w
        return cls(tuple(candidates), tally, frozenset(withdrawn), title, seats)

    @classmethod
    def from_lists(
        cls,
        candidates: Sequence[str],
        ballots: Iterable[Sequence[str]],
        *,
        withdrawn: Iterable[str] = (),
        title: str = "",
        seats: int | None = None,
    ) -> Profile:
        """Aggregate strict rankings given as lists of names, one ballot each."""
        counts = Counter(tuple(b) for b in ballots)
        return cls.from_ballots(
            candidates,
            ((tuple(frozenset((c,)) for c in b), n) for b, n in counts.items()),
            withdrawn=withdrawn,
            title=title,
            seats=seats,
        )

    @property
    def continuing(self) -> tuple[str, ...]:
        """Declared candidates that are not withdrawn, in ballot-paper order."""
        return tuple(c for c in self.candidates if c not in self.withdrawn)

    @property
    def total(self) -> Weight:
        """Total weight of all ballots."""
        return sum(self.ballots.values(), 0)

    def __iter__(self) -> Iterator[tuple[Ranking, Weight]]:
        return iter(self.ballots.items())

    def __len__(self) -> int:
        """Number of distinct rankings."""
        return len(self.ballots)

    def strict(self) -> Iterator[tuple[tuple[str, ...], Weight]]:
        """Each ballot as a strict order of continuing candidates.

        Skipped ranks and withdrawn or unknown names are passed over, a
        candidate's later repeats are dropped, and the ballot stops at the
        first rank holding more than one continuing candidate (an overvote or
        an equal ranking).  This is the common reading of a ballot for
        methods whose rules say nothing finer; methods whose rules do
        (RCTab IRV, STV) read the ranks themselves.
        """
        known = set(self.continuing)
        for rk, w in self.ballots.items():
            order: list[str] = []
            seen: set[str] = set()
            for rank in rk:
                live = [c for c in rank if c in known and c not in seen]
                if len(live) > 1 or OVERVOTE in rank:
                    break
                if live:
                    order.append(live[0])
                    seen.add(live[0])
            yield tuple(order), w

    def weak(self) -> Iterator[tuple[tuple[frozenset[str], ...], Weight]]:
        """Each ballot as a weak order: ranks of continuing candidates, ties kept.

        Empty ranks, unknown names and repeats are dropped; an overvote rank
        becomes an equal ranking of its candidates.  Used by pairwise methods,
        where an equal ranking simply expresses no preference.
        """
        known = set(self.continuing)
        for rk, w in self.ballots.items():
            seen: set[str] = set()
            out: list[frozenset[str]] = []
            for rank in rk:
                live = frozenset(c for c in rank if c in known and c not in seen)
                if live:
                    out.append(live)
                    seen |= live
            yield tuple(out), w
