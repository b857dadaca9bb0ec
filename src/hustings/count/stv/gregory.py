"""The weighted inclusive Gregory count shared by the Scottish rules and WIGM.

"Inclusive": a surplus is transferred from *all* the elected candidate's
papers, each at the value surplus x the paper's value / the candidate's
votes (SSI 2007/42, Sch. 1, rule 48(3)); "weighted": a paper keeps the value
it arrived with.  The stage structure is that of rules 45-52:

1. first preferences; the quota; candidates at or above it are deemed
   elected (rules 45-47);
2. while vacancies remain and more candidates continue than vacancies: if a
   surplus is untransferred, transfer the highest one (rule 49(1)); ties by
   the preceding stages, then by lot (rule 49(2)-(3)); otherwise exclude the
   continuing candidate with fewest votes and transfer all their papers at
   the value they hold (rule 50); ties likewise (rule 51);
3. candidates reaching the quota at the end of a stage are deemed elected;
4. when the continuing candidates equal the vacancies, they are deemed
   elected and no further transfer is made (rule 52).

Numbers live in *units*: with ``places`` decimals, a whole vote is
``10**places`` units and every figure is an ``int``, so the truncation the
rule prescribes ("to five decimal places, any remainder being ignored") is
exact integer floor division.  With ``places=None`` units are whole votes and
transfer values exact fractions.  Each stage records the running totals of
non-transferable papers and of value lost to truncation, so that every
round's candidates + non-transferable + loss equals the valid poll.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from hustings.count.profile import Weight
from hustings.count.result import (
    EXHAUSTED_TARGET,
    LOSS_BY_FRACTIONS,
    NON_TRANSFERABLE,
    Action,
    Result,
    Round,
    TieBreak,
    Votes,
)
from hustings.count.stv.papers import Papers
from hustings.count.ties import TieBreaker, TiePolicy

Units = int | Fraction

CONTINUING, ELECTED, EXCLUDED, PASSED = 0, 1, 2, 3


@dataclass(frozen=True)
class Arithmetic:
    """Fixed-point with ``places`` decimals truncated, or exact (``places=None``)."""

    places: int | None

    @property
    def one(self) -> int:
        return 1 if self.places is None else 10**self.places

    def share(self, surplus: Units, value: Units, total: Units) -> Units:
        """surplus x value / total, truncated to the precision (rule 48(3))."""
        if self.places is None:
            return Fraction(surplus) * value / total
        return surplus * value // total

    def votes(self, units: Units) -> Votes:
        """Units as an exact figure for the record."""
        if self.places is None:
            return units if isinstance(units, int) or units.denominator != 1 else units.numerator
        return Decimal(int(units)).scaleb(-self.places)

    def whole(self, weight: Weight) -> Units:
        """A number of whole papers in units."""
        units = weight * self.one
        if self.places is not None:
            if isinstance(units, Fraction) and units.denominator != 1:
                raise ValueError(f"a paper weight of {weight} cannot be held to {self.places} decimal places")
            return int(units)
        return units


def count(
    papers: Papers,
    *,
    seats: int,
    quota: int,
    arithmetic: Arithmetic,
    tie_policy: TiePolicy,
    method: str,
    options: Mapping[str, Any],
    notes: Sequence[str] = (),
) -> Result:
    """Run the stages of rules 45-52 on ``papers`` (see the module docstring)."""
    names = papers.candidates
    state = _Count(papers, seats, quota, arithmetic, TieBreaker(tie_policy, names))
    state.run()
    elected = state.elected
    total = papers.total
    if len(elected) < seats:
        notes = (*notes, f"only {len(elected)} of {seats} seats could be filled")
    return Result(
        method=method,
        seats=seats,
        candidates=names,
        elected=tuple(names[c] for c in elected),
        rounds=tuple(state.rounds),
        quota=quota,
        total=total if isinstance(total, int) else Fraction(total),
        options=options,
        notes=(*papers.notes(), *notes),
    )


class _Count:
    """One count under rules 45-52 in progress: each method is one of the rules."""

    def __init__(self, papers: Papers, seats: int, quota: int, arithmetic: Arithmetic, tb: TieBreaker) -> None:
        self.names = names = papers.candidates
        self.n = n = len(names)
        self.prefs = papers.prefs
        self.weights = papers.weights
        self.seats = seats
        self.quota = quota
        self.arithmetic = arithmetic
        self.quota_units: Units = quota * arithmetic.one
        self.tb = tb
        self.marks = marks = papers.marks
        # status of each mark: a candidate's status, or PASSED for marks no
        # candidate stands behind; the transfer loop skips every non-zero mark.
        self.state = [CONTINUING] * n
        self.status: dict[Any, int] = {m: (PASSED if c is None else CONTINUING) for m, c in marks.items()}
        self.marks_of: list[list[Any]] = [[] for _ in range(n)]
        for m, c in marks.items():
            if c is not None:
                self.marks_of[c].append(m)
        self.votes: list[Units] = [0] * n
        # parcels[c][value] = the paper groups c holds at that value; a group's
        # papers are identical, so they always move together and one position
        # per group (the mark it now counts for) suffices.
        self.parcels: list[dict[Units, list[int]]] = [{} for _ in range(n)]
        self.position = list(papers.first)
        self.ends = list(map(len, self.prefs))
        self.non_transferable: Units = 0
        self.lost: Units = 0
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.rounds: list[Round] = []
        self.history: list[Mapping[str, Votes]] = []
        self.ties: list[TieBreak] = []
        self.actions: list[Action] = []
        self._first_preferences(papers)

    def _first_preferences(self, papers: Papers) -> None:
        """Rules 45-46: each paper is credited at one vote to its first preference."""
        one = self.arithmetic.one
        for mark, groups in papers.piles.items():
            c = self.marks[mark]
            assert c is not None
            self.parcels[c].setdefault(one, []).extend(groups)
        weight_of = self.weights.__getitem__
        for c in range(self.n):
            if self.parcels[c]:
                self.votes[c] = self.arithmetic.whole(sum(map(weight_of, self.parcels[c][one])))

    def set_state(self, c: int, s: int) -> None:
        self.state[c] = s
        for m in self.marks_of[c]:
            self.status[m] = s

    def elect(self, c: int, note: str) -> None:
        self.set_state(c, ELECTED)
        self.elected.append(c)
        self.actions.append(Action("elect", self.names[c], note=note))

    def decide(self, tied: list[int], purpose: Literal["elect", "exclude"]) -> tuple[int, TieBreak]:
        """Rules 49(2)-(3) and 51: the preceding stages where the tied differed, then lot."""
        t = self.tb.decide([self.names[c] for c in tied], purpose, self.history)
        return self.names.index(t.chosen), t

    def run(self) -> None:
        """Stage after stage until every vacancy is filled (rule 52)."""
        stage = 0
        while True:
            stage += 1
            self.ties, self.actions = [], []
            votes = self.arithmetic.votes
            tally = {self.names[c]: votes(self.votes[c]) for c in range(self.n)}
            extra: dict[str, Votes] = {
                NON_TRANSFERABLE: votes(self.non_transferable),
                LOSS_BY_FRACTIONS: votes(self.lost),
            }
            self.deem_elected()
            finished = self.fill_last_vacancies()
            if not finished:
                if self.pending:
                    self.transfer_surplus()
                else:
                    self.exclude()
            self.rounds.append(Round(stage, tally, tuple(self.actions), self.quota, {}, tuple(self.ties), extra))
            if finished:
                return
            self.history.append(tally)

    def deem_elected(self) -> None:
        """Rule 47: deemed elected on reaching the quota, highest vote first."""
        votes = self.votes
        reached = [c for c in range(self.n) if self.state[c] == CONTINUING and votes[c] >= self.quota_units]
        if reached and len(self.elected) < self.seats:
            for c in _by_votes(reached, votes, self.decide, self.ties):
                if len(self.elected) == self.seats:
                    break
                if votes[c] > self.quota_units:
                    self.pending.append(c)
                self.elect(c, "reached the quota")

    def fill_last_vacancies(self) -> bool:
        """Rule 52: the last vacancies are filled without further transfer; True when none are left."""
        continuing = [c for c in range(self.n) if self.state[c] == CONTINUING]
        vacancies = self.seats - len(self.elected)
        if vacancies and len(continuing) <= vacancies:
            for c in _by_votes(continuing, self.votes, self.decide, self.ties):
                self.elect(c, "continuing candidates equal the vacancies (rule 52)")
            vacancies = 0
        return not vacancies

    def transfer_surplus(self) -> None:
        """Rules 48-49: the largest surplus, each paper at surplus x value / total (rule 48(3))."""
        votes, quota_units, arithmetic = self.votes, self.quota_units, self.arithmetic
        top = max(votes[c] for c in self.pending)
        tied = [c for c in self.pending if votes[c] == top]
        c = tied[0]
        if len(tied) > 1:
            c, t = self.decide(tied, "elect")
            self.ties.append(t)
        self.pending.remove(c)
        surplus = votes[c] - quota_units
        moved, nt = self.transfer(c, surplus)
        loss = surplus - sum(moved) - nt
        votes[c] = quota_units
        self.non_transferable += nt
        self.lost += loss
        note = f"surplus {arithmetic.votes(surplus)} of {arithmetic.votes(surplus + quota_units)}"
        if loss:
            note += f"; {arithmetic.votes(loss)} lost to fractions"
        self.actions.append(Action("surplus", self.names[c], _moves(self.names, moved, nt, arithmetic), note))

    def exclude(self) -> None:
        """Rules 50-51: exclude the candidate with the fewest votes, papers at their present value (rule 50(4))."""
        votes = self.votes
        continuing = [c for c in range(self.n) if self.state[c] == CONTINUING]
        low = min(votes[c] for c in continuing)
        tied = [c for c in continuing if votes[c] == low]
        c = tied[0]
        if len(tied) > 1:
            c, t = self.decide(tied, "exclude")
            self.ties.append(t)
        self.set_state(c, EXCLUDED)
        moved, nt = self.transfer(c, None)
        votes[c] = 0
        self.non_transferable += nt
        self.actions.append(
            Action("exclude", self.names[c], _moves(self.names, moved, nt, self.arithmetic), "fewest votes")
        )

    def transfer(self, c: int, surplus: Units | None) -> tuple[list[Units], Units]:
        """Move all of c's papers to their next continuing preference.

        With ``surplus``, each paper's new value is surplus x value / votes[c]
        (rule 48(3)); without, it keeps its value (rule 50(4)).
        """
        n, votes, parcels = self.n, self.votes, self.parcels
        moved: list[Units] = [0] * n
        nt: Units = 0
        total = votes[c]
        for value, groups in parcels[c].items():
            new = value if surplus is None else self.arithmetic.share(surplus, value, total)
            buckets, exhausted = self._route(groups)
            weight_of = self.weights.__getitem__
            for t, its in buckets.items():
                if not its:
                    continue
                w = sum(map(weight_of, its))
                dest = parcels[t].get(new)
                if dest is None:
                    parcels[t][new] = its
                else:
                    dest.extend(its)
                moved[t] += new * w
            if exhausted:
                nt += new * sum(map(weight_of, exhausted))
        parcels[c] = {}
        for t in range(n):
            if moved[t]:
                votes[t] += moved[t]
        return moved, nt

    def _route(self, groups: list[int]) -> tuple[dict[int, list[int]], list[int]]:
        """Each group's next available preference (rule 48(2)): continuing candidates' groups, and the exhausted."""
        state, status, prefs, ends, position = self.state, self.status, self.prefs, self.ends, self.position
        buckets: dict[int, list[int]] = {t: [] for t in range(self.n) if state[t] == CONTINUING}
        exhausted: list[int] = []
        # Each mark routes a paper to its candidate's bucket, or (None) passes it over.
        route = {m: (None if t is None or status[m] else buckets[t].append) for m, t in self.marks.items()}
        for g in groups:
            p = prefs[g]
            end = ends[g]
            i = position[g] + 1
            while i < end:
                add = route[p[i]]
                if add is not None:
                    add(g)
                    break
                i += 1
            else:
                exhausted.append(g)
            position[g] = i
        return buckets, exhausted


def _by_votes(
    cands: list[int],
    votes: list[Units],
    decide: Any,
    ties: list[TieBreak],
) -> list[int]:
    """Candidates by votes, highest first; equal votes ordered by the tie rule."""
    out: list[int] = []
    rest = sorted(cands, key=lambda c: votes[c], reverse=True)
    while rest:
        top = votes[rest[0]]
        tied = [c for c in rest if votes[c] == top]
        while len(tied) > 1:
            c, t = decide(tied, "elect")
            ties.append(t)
            out.append(c)
            tied.remove(c)
        out.extend(tied)
        rest = [c for c in rest if votes[c] != top]
    return out


def _moves(names: Sequence[str], moved: list[Units], nt: Units, arithmetic: Arithmetic) -> dict[str, Votes]:
    out: dict[str, Votes] = {names[t]: arithmetic.votes(v) for t, v in enumerate(moved) if v}
    if nt:
        out[EXHAUSTED_TARGET] = arithmetic.votes(nt)
    return out
