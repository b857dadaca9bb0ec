"""Meek's method: keep values, iterated to convergence, with a quota that falls as votes exhaust.

Sources:

- I. D. Hill, B. A. Wichmann and D. R. Woodall, "Algorithm 123 — Single
  Transferable Vote by Meek's method", The Computer Journal 30(3), 1987,
  277-281: every candidate has a keep value *k* (1 while hopeful, 0 once
  excluded, reduced below 1 once elected); each paper gives each candidate
  in turn the fraction *k* of the weight it still carries and passes the
  rest on; the quota is (votes credited to candidates) / (seats + 1), so it
  falls as papers exhaust; elected candidates' keep values are scaled by
  quota / votes and the distribution repeated until the total surplus is
  negligible; only then is the lowest hopeful candidate excluded.
- The Proportional Representation Foundation's "Reference Meek Rule"
  (prfound.org), which states Algorithm 123's arithmetic step by step and is
  the default here (``variant="reference"``): nine decimal places; each
  credit w x k rounded *up* and the paper's weight reduced by the credit;
  quota truncated to nine places plus 10^-9; elected when votes >= quota;
  iteration ends when a candidate is elected, when the total surplus is below
  omega = 10^-6, or when it stops falling; new keep value = k x quota
  (rounded up) / votes (rounded up); the lowest hopeful is excluded together
  with any whose votes are within the total surplus of it (a tie, decided by
  the tie policy); when hopefuls no more than fill the remaining seats they
  are elected.
- The New Zealand variant (Local Electoral Regulations 2001, Schedule 1A),
  ``variant="nz"``: as the reference rule, but the weight a paper passes on
  is w x (1 - k) rounded up (clause 10), not w minus the credit, and the
  iteration ends when the total surplus is below 0.0001 (clause 13); ties
  are decided by the earliest stage at which the candidates differed
  (``forward``), then by lot.  The Schedule's own pseudo-random generator is
  not reproduced: a lot is drawn by the tie policy's seeded draw, recorded.

``precision=None`` counts with exact fractions (quota not rounded, elected
only when votes exceed it, omega as set).  Papers are read as by the other
STV rules (:mod:`hustings.count.stv.papers`); a candidate repeated on a paper
counts once, at their first mark.

Fixed-point counts keep every figure as an integer number of 10^-9 units and
distribute all papers at once with numpy's 64-bit integers, which are exact
here: a credit is at most 10^9 x 10^9 before rounding, and no total exceeds
(papers x 10^9), far below 2^63.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from typing import Literal

import numpy as np
import numpy.typing as npt

from hustings.count.profile import Profile, Weight
from hustings.count.result import NON_TRANSFERABLE, Action, Result, Round, TieBreak, Votes
from hustings.count.stv.papers import check_seats, read_papers, withdrawn_names
from hustings.count.ties import TieBreaker, TiePolicy

Variant = Literal["reference", "nz"]
Num = int | Fraction

HOPEFUL, ELECTED, EXCLUDED = 0, 1, 2

_OMEGA: dict[str, Fraction] = {"reference": Fraction(1, 10**6), "nz": Fraction(1, 10**4)}


def _default_ties() -> TiePolicy:
    return TiePolicy(mode="lot")


@dataclass(frozen=True)
class Options:
    seats: int = 1
    withdrawn: tuple[str, ...] = ()
    variant: Variant = "reference"
    precision: int | None = 9
    """Decimal places of every figure; None: exact fractions."""
    omega: Fraction | None = None
    """Iteration ends when the total surplus is below this; None: the variant's own (10^-6, NZ 10^-4)."""
    tie_break: TiePolicy = field(default_factory=_default_ties)
    max_iterations: int = 10_000
    """A guard only: the rules' own stopping tests end every real count long before."""


def count(profile: Profile, options: Options) -> Result:
    """Count ``profile`` by Meek's method (see the module docstring)."""
    papers = read_papers(profile, options.withdrawn)
    check_seats(papers.candidates, options.seats)
    if options.precision is not None and not 0 <= options.precision <= 9:
        raise ValueError("Meek's fixed-point count holds 0 to 9 decimal places; use precision=None for exact")
    tb_policy = _tie_policy(options)
    omega = options.omega if options.omega is not None else _OMEGA[options.variant]
    names = papers.candidates
    seats = options.seats
    engine = _engine(papers.sequences(), papers.weights, len(names), options)
    state = _Count(names, engine, TieBreaker(tb_policy, names), options, omega)
    state.run()
    total = papers.total
    return Result(
        method="meek",
        seats=seats,
        candidates=names,
        elected=tuple(names[c] for c in state.elected),
        rounds=tuple(state.rounds),
        quota=state.engine.votes(state.quota),
        total=total if isinstance(total, int) else Fraction(total),
        options={
            "seats": seats,
            "withdrawn": list(withdrawn_names(options.withdrawn)),
            "variant": options.variant,
            "precision": "exact" if options.precision is None else options.precision,
            "omega": omega,
            "tie_break": tb_policy.mode,
            "seed": tb_policy.seed,
        },
        notes=papers.notes(),
    )


def _tie_policy(options: Options) -> TiePolicy:
    """The NZ Schedule 1A's ties go by the earliest stage where the candidates differed, then lot."""
    tb_policy = options.tie_break
    if options.variant == "nz" and tb_policy == _default_ties():
        tb_policy = TiePolicy(mode="forward", seed=tb_policy.seed)
    return tb_policy


def _engine(sequences: list[tuple[int, ...]], weights: list[Weight], n: int, options: Options) -> _Distribution:
    """Exact fractions, or the fixed-point arithmetic of the reference rule / Schedule 1A."""
    if options.precision is None:
        return _Exact(sequences, weights, n)
    return _Fixed(sequences, weights, n, options.precision, options.variant == "nz")


class _Count:
    """One Meek count in progress: its methods are the steps of the reference rule (B.1-B.3)."""

    def __init__(
        self, names: tuple[str, ...], engine: _Distribution, tb: TieBreaker, options: Options, omega: Fraction
    ) -> None:
        self.names = names
        self.tb = tb
        self.n = n = len(names)
        self.seats = options.seats
        self.max_iterations = options.max_iterations
        self.engine = engine
        self.state = [HOPEFUL] * n
        self.keep: list[Num] = [engine.one] * n
        self.elected: list[int] = []
        self.rounds: list[Round] = []
        self.history: list[dict[str, Votes]] = []
        self.omega_units = engine.units(omega)
        self.quota: Num = 0

    def run(self) -> None:
        """Round after round until the hopefuls no more than fill the seats left."""
        stage = 0
        while True:
            hopeful = [c for c in range(self.n) if self.state[c] == HOPEFUL]
            left = self.seats - len(self.elected)
            stage += 1
            actions: list[Action] = []
            ties: list[TieBreak] = []
            if left <= 0 or len(hopeful) <= left:
                self.elect_remaining(stage, hopeful, left, actions)
                return
            votes, excess, surplus, newly = self.iterate()
            tally_round = self._round(stage, votes, excess, actions, ties)
            if newly:
                self.elect_reaching_quota(newly, votes, actions)
            else:
                self.exclude_lowest(hopeful, votes, surplus, actions, ties)
            done = Round(
                tally_round.number,
                tally_round.tally,
                tuple(actions),
                tally_round.threshold,
                {},
                tuple(ties),
                tally_round.extra,
            )
            self.rounds.append(done)
            self.history.append(dict(done.tally))

    def elect_remaining(self, stage: int, hopeful: list[int], left: int, actions: list[Action]) -> None:
        """Hopefuls no more than the seats left are all elected."""
        votes, excess = self.engine.distribute(self.keep)
        self.quota = self.engine.quota(votes, self.seats)
        for c in _by_votes(hopeful, votes) if left > 0 else ():
            self.state[c] = ELECTED
            self.elected.append(c)
            actions.append(Action("elect", self.names[c], note="hopefuls no more than the seats left"))
        self.rounds.append(self._round(stage, votes, excess, actions, []))

    def iterate(self) -> tuple[list[Num], Num, Num, list[int]]:
        """Reference rule B.2: distribute, find the quota, and scale the keep values until someone
        reaches the quota, the total surplus is below omega, or it stops falling."""
        engine, keep, elected = self.engine, self.keep, self.elected
        last_surplus: Num | None = None
        for _ in range(self.max_iterations):
            votes, excess = engine.distribute(keep)
            self.quota = quota = engine.quota(votes, self.seats)
            newly = [c for c in range(self.n) if self.state[c] == HOPEFUL and engine.reached(votes[c], quota)]
            surplus = max(sum((votes[c] - quota for c in elected), 0), 0)
            if newly or surplus < self.omega_units or (last_surplus is not None and surplus >= last_surplus):
                return votes, excess, surplus, newly
            last_surplus = surplus
            for c in elected:
                keep[c] = engine.new_keep(keep[c], quota, votes[c])
        raise ValueError(f"Meek iteration did not settle in {self.max_iterations} steps")

    def elect_reaching_quota(self, newly: list[int], votes: list[Num], actions: list[Action]) -> None:
        """Reference rule B.2(e): the hopefuls at the quota are elected, highest vote first."""
        for c in _by_votes(newly, votes):
            self.state[c] = ELECTED
            self.elected.append(c)
            actions.append(Action("elect", self.names[c], note="reached the quota"))

    def exclude_lowest(
        self, hopeful: list[int], votes: list[Num], surplus: Num, actions: list[Action], ties: list[TieBreak]
    ) -> None:
        """Reference rule B.3: exclude the lowest hopeful; those within the total surplus of it are tied."""
        names = self.names
        low = min(votes[c] for c in hopeful)
        tied = [c for c in hopeful if votes[c] <= low + surplus]
        c = tied[0]
        if len(tied) > 1:
            t = self.tb.decide([names[x] for x in tied], "exclude", self.history)
            ties.append(t)
            c = names.index(t.chosen)
        self.state[c] = EXCLUDED
        self.keep[c] = 0
        actions.append(Action("exclude", names[c], note="lowest vote"))

    def _round(self, stage: int, votes: list[Num], excess: Num, actions: list[Action], ties: list[TieBreak]) -> Round:
        return _round(stage, self.names, self.state, votes, excess, self.quota, self.keep, self.engine, actions, ties)


def _by_votes(cands: Sequence[int], votes: Sequence[Num]) -> list[int]:
    # Candidates elected together are listed highest vote first, then in ballot-paper order.
    return sorted(cands, key=lambda c: (-votes[c], c))


def _round(
    stage: int,
    names: Sequence[str],
    state: Sequence[int],
    votes: Sequence[Num],
    excess: Num,
    quota: Num,
    keep: Sequence[Num],
    engine: _Distribution,
    actions: list[Action],
    ties: list[TieBreak],
) -> Round:
    tally = {names[c]: engine.votes(votes[c]) for c in range(len(names)) if state[c] != EXCLUDED}
    extra: dict[str, Votes] = {NON_TRANSFERABLE: engine.votes(excess)}
    for c in range(len(names)):
        if state[c] == ELECTED:
            extra[f"keep value {names[c]}"] = engine.votes(keep[c])
    return Round(stage, tally, tuple(actions), engine.votes(quota), {}, tuple(ties), extra)


class _Distribution:
    one: Num

    def units(self, x: Fraction) -> Num:
        raise NotImplementedError

    def votes(self, x: Num) -> Votes:
        raise NotImplementedError

    def distribute(self, keep: Sequence[Num]) -> tuple[list[Num], Num]:
        raise NotImplementedError

    def quota(self, votes: Sequence[Num], seats: int) -> Num:
        raise NotImplementedError

    def reached(self, vote: Num, quota: Num) -> bool:
        raise NotImplementedError

    def new_keep(self, keep: Num, quota: Num, vote: Num) -> Num:
        raise NotImplementedError


class _Exact(_Distribution):
    """Exact fractions: no rounding anywhere."""

    one = 1

    def __init__(self, sequences: list[tuple[int, ...]], weights: list[Weight], n: int) -> None:
        self.papers = list(zip(sequences, weights, strict=True))
        self.n = n

    def units(self, x: Fraction) -> Num:
        return x

    def votes(self, x: Num) -> Votes:
        return x if isinstance(x, int) or x.denominator != 1 else x.numerator

    def distribute(self, keep: Sequence[Num]) -> tuple[list[Num], Num]:
        votes: list[Num] = [0] * self.n
        excess: Num = 0
        for seq, m in self.papers:
            w: Num = Fraction(1)
            for c in seq:
                k = keep[c]
                if k:
                    votes[c] += w * k * m
                    w = w * (1 - k)
                    if not w:
                        break
            excess += w * m
        return votes, excess

    def quota(self, votes: Sequence[Num], seats: int) -> Num:
        return Fraction(sum(votes, 0)) / (seats + 1)

    def reached(self, vote: Num, quota: Num) -> bool:
        return vote > quota

    def new_keep(self, keep: Num, quota: Num, vote: Num) -> Num:
        return Fraction(keep) * quota / vote


Columns = list[tuple[npt.NDArray[np.int64], npt.NDArray[np.intp], npt.NDArray[np.intp], list[int]]]


class _Fixed(_Distribution):
    """Nine (or fewer) decimal places in int64 units, every paper at once.

    A paper's weight is used up entirely at the first candidate whose keep
    value is 1 and passes untouched over those whose keep value is 0, so
    only the marks before the first keep-1 candidate, less the keep-0 ones,
    matter.  Papers are compressed to those marks and merged whenever the set
    of keep-1 and keep-0 candidates changes (once a round), which leaves a
    few hundred distinct rows to iterate over instead of every paper.
    """

    def __init__(self, sequences: list[tuple[int, ...]], weights: list[Weight], n: int, places: int, nz: bool) -> None:
        self.one = self.places_one = 10**places
        self.places = places
        self.nz = nz
        self.n = n
        if not all(type(w) is int or w == int(w) for w in weights):
            raise ValueError("Meek's fixed-point count needs whole paper weights; use precision=None")
        depth = max((len(s) for s in sequences), default=0) or 1
        marks_dtype = np.int16 if n < 2**15 - 1 else np.int64
        lengths = np.fromiter(map(len, sequences), dtype=np.intp, count=len(sequences))
        flat = np.fromiter(chain.from_iterable(sequences), dtype=np.int64, count=int(lengths.sum())).astype(marks_dtype)
        marks = np.full((len(sequences), depth), n, dtype=marks_dtype)  # n: no candidate (keep 0)
        row_of = np.repeat(np.arange(len(sequences)), lengths)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        marks[row_of, np.arange(len(flat)) - starts] = flat
        self.marks = marks
        self.multiplicity = np.array([int(w) for w in weights], dtype=np.int64)
        if int(self.multiplicity.sum()) * self.one >= 2**62:
            raise ValueError("too many papers for a fixed-point Meek count in 64-bit units; use precision=None")
        self._signature: tuple[bytes, bytes] | None = None
        self._rows = self.multiplicity
        self._columns: Columns = []

    def _compress(self, whole: npt.NDArray[np.bool_], none: npt.NDArray[np.bool_]) -> None:
        n = self.n
        marks = self.marks
        depth = marks.shape[1]
        at_whole = whole[marks]
        first = np.where(at_whole.any(axis=1), at_whole.argmax(axis=1), depth - 1)
        # A mark matters if it is not after the first keep-1 mark and its keep value is not 0.
        matters = (np.arange(depth)[None, :] <= first[:, None]) & ~none[marks]
        width = int(matters.sum(axis=1).max(initial=0)) or 1
        base = n + 2  # digits 1..n+1 (mark + 1), so that keys of different lengths differ
        if width * np.log2(base) < 62:
            key = np.zeros(len(marks), dtype=np.int64)
            for j in range(depth):
                key = np.where(matters[:, j], key * base + marks[:, j] + 1, key)
            _, first_of, inverse = np.unique(key, return_index=True, return_inverse=True)
        else:
            packed = np.full(marks.shape, n, dtype=np.int64)
            for g in range(len(marks)):
                row = marks[g][matters[g]]
                packed[g, : len(row)] = row
            _, first_of, inverse = np.unique(packed, axis=0, return_index=True, return_inverse=True)
        distinct = np.full((len(first_of), width), n, dtype=np.int64)
        for r, g in enumerate(first_of.tolist()):
            row = marks[g][matters[g]]
            distinct[r, : len(row)] = row
        counts = np.zeros(len(distinct), dtype=np.int64)
        np.add.at(counts, inverse.ravel(), self.multiplicity)
        self._rows = counts
        self._columns = []
        for j in range(width):
            col = distinct[:, j]
            order_j = np.argsort(col, kind="stable")
            sorted_col = col[order_j]
            starts = np.flatnonzero(np.r_[True, sorted_col[1:] != sorted_col[:-1]])
            self._columns.append((col, order_j, starts, sorted_col[starts].tolist()))

    def units(self, x: Fraction) -> Num:
        return -((-x.numerator * self.one) // x.denominator)

    def votes(self, x: Num) -> Votes:
        return Decimal(int(x)).scaleb(-self.places)

    def distribute(self, keep: Sequence[Num]) -> tuple[list[Num], Num]:
        one = self.places_one
        k = np.array([int(x) for x in keep] + [0], dtype=np.int64)
        whole, none = k == one, k == 0
        signature = (whole.tobytes(), none.tobytes())
        if signature != self._signature:
            self._compress(whole, none)
            self._signature = signature
        multiplicity = self._rows
        w = np.full(len(multiplicity), one, dtype=np.int64)
        votes: list[Num] = [0] * (self.n + 1)
        for col, order, starts, cands in self._columns:
            kc = k[col]
            credit = (w * kc + (one - 1)) // one  # w x k to the places, rounded up
            # Reference rule: w less the credit; Schedule 1A cl. 10: w x (1 - k), rounded up.
            w = (w * (one - kc) + (one - 1)) // one if self.nz else w - credit
            sums = np.add.reduceat((credit * multiplicity)[order], starts)
            for c, v in zip(cands, sums.tolist(), strict=True):
                votes[c] += v
        excess = int((w * multiplicity).sum())
        return votes[: self.n], excess

    def quota(self, votes: Sequence[Num], seats: int) -> Num:
        return int(sum(votes)) // (seats + 1) + 1  # truncated to the places, plus one unit

    def reached(self, vote: Num, quota: Num) -> bool:
        return vote >= quota

    def new_keep(self, keep: Num, quota: Num, vote: Num) -> Num:
        one = self.one
        product = -((-int(keep) * int(quota)) // one)  # k x q, rounded up
        return -((-product * one) // int(vote))  # / v, rounded up
