"""Ballot papers as an STV count reads them.

A profile's rankings keep everything a voter marked; an STV count needs, for
each paper, the sequence of candidates "in consecutive order" (SSI 2007/42,
Sch. 1, definition of "next available preference").  :func:`read_papers`
turns each distinct ranking into a tuple of candidate indices once, so that a
count never looks at names or sets again:

- withdrawn and unknown names are passed over, as are repeats of a candidate
  already ranked (such a mark can never be a continuing candidate's);
- a skipped rank ends the sequence: the next preference is not "in
  consecutive order", so the paper becomes non-transferable there;
- a rank marking two or more candidates (an equal ranking or an overvote)
  ends the sequence the same way, since it gives no single next preference;
- a paper whose first rank marks several candidates, or that marks nobody, is
  void for uncertainty (rule 43, rejected ballot papers) and not a valid vote.

Every paper so affected is counted by cause and reported in the result's
notes: nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from hustings.count.profile import OVERVOTE, Profile, Ranking, Weight

EQUAL_FIRST = "equal first preferences (void, rule 43)"
BLANK = "no preference for a standing candidate (void, rule 43)"
EQUAL_LATER = "equal later preferences (non-transferable from that rank)"
SKIPPED_LATER = "skipped rank (non-transferable from that rank)"


@dataclass
class Papers:
    """The valid papers of a count.

    ``candidates`` are the standing candidates in ballot-paper order.  Paper
    group *g* carries ``weights[g]`` identical papers whose marks, in order of
    preference, are ``prefs[g]``; ``marks`` maps each mark to the index of the
    candidate it stands for, or to ``None`` for a mark the count passes over
    (a withdrawn or unknown name).  ``first[g]`` is the position of the
    paper's first preference.  Marks are kept as the profile holds them (not
    re-encoded per paper), which keeps reading a large count cheap.
    """

    candidates: tuple[str, ...]
    prefs: list[Sequence[Hashable]]
    weights: list[Weight]
    first: list[int]
    marks: dict[Hashable, int | None]
    piles: dict[Hashable, list[int]]
    """First-preference mark -> the paper groups that carry it first."""
    rejected: dict[str, Weight] = field(default_factory=dict)
    truncated: dict[str, Weight] = field(default_factory=dict)

    @property
    def total(self) -> Weight:
        return sum(self.weights, 0)

    def notes(self) -> tuple[str, ...]:
        """One line per cause of rejection or truncation, for the result."""
        out = [f"{_show(w)} papers rejected: {why}" for why, w in self.rejected.items() if w]
        out += [f"{_show(w)} papers truncated: {why}" for why, w in self.truncated.items() if w]
        return tuple(out)

    def sequences(self) -> list[tuple[int, ...]]:
        """Each group's candidates in order as indices, marks passed over and repeats dropped."""
        out = []
        get = self.marks.__getitem__
        for g, p in enumerate(self.prefs):
            seq = tuple(map(get, p[self.first[g] :]))
            if None in seq or len(set(seq)) != len(seq):
                kept: list[int] = []
                for c in seq:
                    if c is not None and c not in kept:
                        kept.append(c)
                seq = tuple(kept)
            out.append(seq)
        return out  # type: ignore[return-value]


def _show(w: Weight) -> str:
    return str(w) if isinstance(w, int) or w.denominator == 1 else str(Fraction(w))


def withdrawn_names(value: Iterable[str] | str) -> tuple[str, ...]:
    """Withdrawn candidates as options give them: names, or one comma-separated string (command line)."""
    if isinstance(value, str):
        return tuple(name.strip() for name in value.split(",") if name.strip())
    return tuple(value)


def read_papers(profile: Profile, withdrawn: Iterable[str] | str = ()) -> Papers:
    """Read the profile's rankings for an STV count (see the module docstring)."""
    standing = _standing(profile, withdrawn_names(withdrawn))
    ballots = profile.ballots
    marks, stops = _read_marks(ballots, {c: i for i, c in enumerate(standing)})
    if not stops and None not in marks.values() and () not in ballots and all(ballots.values()):
        return _plain(standing, ballots, marks)
    return _read_each(standing, ballots, marks, stops)


def _standing(profile: Profile, names: tuple[str, ...]) -> tuple[str, ...]:
    """The candidates in the count: those on the ballot less the withdrawn."""
    unknown = [name for name in names if name not in profile.candidates]
    if unknown:
        raise ValueError(f"withdrawn candidate(s) not on the ballot: {', '.join(unknown)}")
    out_of_count = set(profile.withdrawn) | set(names)
    return tuple(c for c in profile.candidates if c not in out_of_count)


def _read_marks(
    ballots: Mapping[Ranking, Weight], index: dict[str, int]
) -> tuple[dict[Hashable, int | None], dict[Hashable, str]]:
    """Each distinct mark: the standing candidate it is for (None: none), or why a paper stops at it."""
    marks: dict[Hashable, int | None] = {}
    stops: dict[Hashable, str] = {}
    for rank in set().union(*ballots) if ballots else ():
        live = {index[c] for c in rank if c in index}
        if not rank:
            stops[rank] = SKIPPED_LATER
        elif OVERVOTE in rank or len(live) > 1:
            stops[rank] = EQUAL_LATER
        else:
            marks[rank] = live.pop() if live else None
    return marks, stops


def _read_each(
    standing: tuple[str, ...],
    ballots: Mapping[Ranking, Weight],
    marks: dict[Hashable, int | None],
    stops: dict[Hashable, str],
) -> Papers:
    """Paper by paper: rejected with no first preference, truncated at a skipped or equal mark."""
    rejected: dict[str, Weight] = {}
    truncated: dict[str, Weight] = {}
    prefs: list[Sequence[Hashable]] = []
    weights: list[Weight] = []
    first: list[int] = []
    piles: dict[Hashable, list[int]] = {}
    for ranking, weight in ballots.items():
        if not weight:
            continue
        marked: Sequence[Hashable] = ranking
        cause = ""
        if stops and not stops.keys().isdisjoint(ranking):
            end = next(i for i, r in enumerate(ranking) if r in stops)
            cause = stops[ranking[end]]
            marked = ranking[:end]
        pos = 0
        end = len(marked)
        while pos < end and marks[marked[pos]] is None:
            pos += 1
        if pos == end:
            why = EQUAL_FIRST if cause == EQUAL_LATER else BLANK
            rejected[why] = rejected.get(why, 0) + weight
            continue
        if cause:
            truncated[cause] = truncated.get(cause, 0) + weight
        pile = piles.get(marked[pos])
        if pile is None:
            piles[marked[pos]] = [len(prefs)]
        else:
            pile.append(len(prefs))
        prefs.append(marked)
        weights.append(weight)
        first.append(pos)
    return Papers(standing, prefs, weights, first, marks, piles, rejected, truncated)


def _plain(standing: tuple[str, ...], ballots: Mapping[Ranking, Weight], marks: dict[Hashable, int | None]) -> Papers:
    """Every mark a standing candidate's, every paper valid: no paper needs reading one by one."""
    prefs: list[Sequence[Hashable]] = list(ballots)
    piles: dict[Hashable, list[int]] = {m: [] for m in marks}
    add = {m: pile.append for m, pile in piles.items()}
    for g, ranking in enumerate(prefs):
        add[ranking[0]](g)
    piles = {m: pile for m, pile in piles.items() if pile}
    return Papers(standing, prefs, list(ballots.values()), [0] * len(prefs), marks, piles)


def check_seats(standing: tuple[str, ...], seats: int) -> None:
    """Refuse a count with no seats, or with more seats than candidates standing."""
    if seats < 1:
        raise ValueError(f"seats must be at least 1, got {seats}")
    if seats > len(standing):
        raise ValueError(f"{seats} seats to fill but only {len(standing)} candidates standing")
