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
    n = len(names)
    prefs = papers.prefs
    weights = papers.weights
    one = arithmetic.one
    quota_units: Units = quota * one
    tb = TieBreaker(tie_policy, names)

    marks = papers.marks
    # status of each mark: a candidate's status, or PASSED for marks no
    # candidate stands behind; the transfer loop skips every non-zero mark.
    state = [CONTINUING] * n
    status: dict[Any, int] = {m: (PASSED if c is None else CONTINUING) for m, c in marks.items()}
    marks_of: list[list[Any]] = [[] for _ in range(n)]
    for m, c in marks.items():
        if c is not None:
            marks_of[c].append(m)

    def set_state(c: int, s: int) -> None:
        state[c] = s
        for m in marks_of[c]:
            status[m] = s

    votes: list[Units] = [0] * n
    weight_of = weights.__getitem__
    # parcels[c][value] = the paper groups c holds at that value; a group's
    # papers are identical, so they always move together and one position
    # per group (the mark it now counts for) suffices.
    parcels: list[dict[Units, list[int]]] = [{} for _ in range(n)]
    position = list(papers.first)
    ends = list(map(len, prefs))
    for mark, groups in papers.piles.items():
        c = marks[mark]
        assert c is not None
        parcels[c].setdefault(one, []).extend(groups)
    for c in range(n):
        if parcels[c]:
            votes[c] = arithmetic.whole(sum(map(weight_of, parcels[c][one])))

    non_transferable: Units = 0
    lost: Units = 0
    elected: list[int] = []
    pending: list[int] = []  # elected, surplus not yet transferred
    rounds: list[Round] = []
    history: list[Mapping[str, Votes]] = []

    def transfer(c: int, surplus: Units | None) -> tuple[list[Units], Units]:
        """Move all of c's papers to their next continuing preference.

        With ``surplus``, each paper's new value is surplus x value / votes[c]
        (rule 48(3)); without, it keeps its value (rule 50(4)).
        """
        moved: list[Units] = [0] * n
        nt: Units = 0
        total = votes[c]
        for value, groups in parcels[c].items():
            new = value if surplus is None else arithmetic.share(surplus, value, total)
            buckets: dict[int, list[int]] = {t: [] for t in range(n) if state[t] == CONTINUING}
            exhausted: list[int] = []
            # Each mark routes a paper to its candidate's bucket, or (None) passes it over.
            route = {m: (None if t is None or status[m] else buckets[t].append) for m, t in marks.items()}
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

    def decide(tied: list[int], purpose: Literal["elect", "exclude"]) -> tuple[int, TieBreak]:
        t = tb.decide([names[c] for c in tied], purpose, history)
        return names.index(t.chosen), t

    stage = 0
    while True:
        stage += 1
        ties: list[TieBreak] = []
        actions: list[Action] = []
        tally = {names[c]: arithmetic.votes(votes[c]) for c in range(n)}
        extra: dict[str, Votes] = {
            NON_TRANSFERABLE: arithmetic.votes(non_transferable),
            LOSS_BY_FRACTIONS: arithmetic.votes(lost),
        }

        # Rule 47: deemed elected on reaching the quota, highest vote first.
        reached = [c for c in range(n) if state[c] == CONTINUING and votes[c] >= quota_units]
        if reached and len(elected) < seats:
            for c in _by_votes(reached, votes, decide, ties):
                if len(elected) == seats:
                    break
                set_state(c, ELECTED)
                elected.append(c)
                if votes[c] > quota_units:
                    pending.append(c)
                actions.append(Action("elect", names[c], note="reached the quota"))

        continuing = [c for c in range(n) if state[c] == CONTINUING]
        vacancies = seats - len(elected)
        if vacancies and len(continuing) <= vacancies:
            # Rule 52: the last vacancies are filled without further transfer.
            for c in _by_votes(continuing, votes, decide, ties):
                set_state(c, ELECTED)
                elected.append(c)
                actions.append(Action("elect", names[c], note="continuing candidates equal the vacancies (rule 52)"))
            vacancies = 0
        if not vacancies:
            rounds.append(Round(stage, tally, tuple(actions), quota, {}, tuple(ties), extra))
            break

        if pending:
            top = max(votes[c] for c in pending)
            tied = [c for c in pending if votes[c] == top]
            c = tied[0]
            if len(tied) > 1:
                c, t = decide(tied, "elect")
                ties.append(t)
            pending.remove(c)
            surplus = votes[c] - quota_units
            moved, nt = transfer(c, surplus)
            loss = surplus - sum(moved) - nt
            votes[c] = quota_units
            non_transferable += nt
            lost += loss
            note = f"surplus {arithmetic.votes(surplus)} of {arithmetic.votes(surplus + quota_units)}"
            if loss:
                note += f"; {arithmetic.votes(loss)} lost to fractions"
            actions.append(Action("surplus", names[c], _moves(names, moved, nt, arithmetic), note))
        else:
            low = min(votes[c] for c in continuing)
            tied = [c for c in continuing if votes[c] == low]
            c = tied[0]
            if len(tied) > 1:
                c, t = decide(tied, "exclude")
                ties.append(t)
            set_state(c, EXCLUDED)
            moved, nt = transfer(c, None)
            votes[c] = 0
            non_transferable += nt
            actions.append(Action("exclude", names[c], _moves(names, moved, nt, arithmetic), "fewest votes"))
        round_ = Round(stage, tally, tuple(actions), quota, {}, tuple(ties), extra)
        rounds.append(round_)
        history.append(tally)

    total = papers.total
    if len(elected) < seats:
        notes = (*notes, f"only {len(elected)} of {seats} seats could be filled")
    return Result(
        method=method,
        seats=seats,
        candidates=names,
        elected=tuple(names[c] for c in elected),
        rounds=tuple(rounds),
        quota=quota,
        total=total if isinstance(total, int) else Fraction(total),
        options=options,
        notes=(*papers.notes(), *notes),
    )


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
