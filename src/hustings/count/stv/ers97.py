"""ERS97: the Electoral Reform Society's "How to conduct an election by the Single Transferable Vote", 3rd ed. (1997).

Section 5 of the rules, as implemented here:

- 5.1.6 quota: valid votes / (places + 1) to two decimal places; if not exact,
  the remainder is ignored and 0.01 added (753 / 7 gives 107.58);
- 5.1.7, 5.3.13, 5.4.9: deemed elected on reaching (a) the quota or (b) the
  total active vote / (places not yet filled + 1) where that is lower;
  candidates considered in descending order of votes;
- 5.2.2 deferral: the surpluses are not transferred (and are reconsidered at
  the next stage) while their total does not exceed (a) the difference
  between the two lowest continuing candidates or (b) the difference between
  the total of the lowest candidates that 5.2.5 could exclude together and
  the candidate next above;
- 5.2.3 the largest surplus first; equal surpluses by the greatest vote "at
  the first stage or at the earliest point in the count ... where they had
  unequal votes", then by lot;
- 5.3 a surplus arising at the first stage is taken from all the candidate's
  papers; a later one only from "the last received batch of papers, which
  gave rise to the surplus"; if the transferable papers are worth more than
  the surplus, each passes at surplus / number of transferable papers, to two
  decimal places, remainder ignored (5.3.7); otherwise at its present value.
  The neglected remainder is recorded as loss by fractions (the ERS result
  sheet adds it to the non-transferable row);
- 5.2.5 exclusion: as many of the lowest candidates together as possible,
  provided enough remain to fill the places and their votes, with any
  deferred surpluses, do not exceed the vote of the candidate next above;
  equal lowest: the fewest votes at the earliest point where they differed,
  then by lot;
- 5.4 an excluded candidate's papers pass in batches of equal value, highest
  value first, at their present value; after each batch candidates reaching
  the quota are deemed elected and receive no further papers (5.4.10);
- 5.4.8 non-transferable papers before anyone is elected: the quota is
  recalculated on the remaining vote;
- 5.5.1 when an exclusion would leave as many continuing candidates as
  places, they are deemed elected; 5.5.2 when all places are filled the rest
  are excluded without further transfer.

A candidate deemed elected during a stage's transfers (after any batch of
an exclusion, 5.4.9) is recorded among that stage's actions, after the
transfer that elected them.

Choices the text leaves open: "points in the count" for ties are the stages
recorded here (a tie between batches of one exclusion looks at the stage
before it); 5.6.2's rule that equal candidates none of whom can be
separated are *not* deemed elected is replaced by the tie policy's lot.
All figures are held as whole hundredths (integers), as the rules prescribe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from hustings.count.profile import Profile
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
from hustings.count.stv.papers import check_seats, read_papers, withdrawn_names
from hustings.count.ties import TieBreaker, TiePolicy

CONTINUING, ELECTED, EXCLUDED = 0, 1, 2
HUNDRED = 100  # figures are held in hundredths of a vote
LAST_PLACES = "continuing candidates equal the places left (5.5.1)"


def quota_hundredths(valid_hundredths: int, seats: int) -> int:
    """Rule 5.1.6, in hundredths: exact, else remainder ignored plus 0.01."""
    q, r = divmod(valid_hundredths, seats + 1)
    return q if r == 0 else q + 1


@dataclass(frozen=True)
class Options:
    seats: int = 1
    withdrawn: tuple[str, ...] = ()
    tie_break: TiePolicy = field(default_factory=lambda: TiePolicy(mode="forward"))
    defer_surpluses: bool = True
    """Rule 5.2.2; False transfers every surplus at once."""
    bulk_exclusion: bool = True
    """Rule 5.2.5's exclusion of several candidates together; False excludes one at a time."""


@dataclass
class _Batch:
    value: int  # hundredths, per paper
    groups: list[int]
    papers: int


def count(profile: Profile, options: Options) -> Result:
    """Count ``profile`` by the ERS97 rules (see the module docstring)."""
    papers = read_papers(profile, options.withdrawn)
    check_seats(papers.candidates, options.seats)
    state = _Count(papers.candidates, papers.sequences(), _whole_papers(papers.weights), options)
    state.run()
    return Result(
        method="ers97",
        seats=state.seats,
        candidates=state.names,
        elected=tuple(state.names[c] for c in state.elected),
        rounds=tuple(state.rounds),
        quota=_fig(quota_hundredths(state.valid * HUNDRED, state.seats)),
        total=state.valid,
        options=_record(options),
        notes=papers.notes(),
    )


def _whole_papers(weights: Sequence[Votes]) -> list[int]:
    """ERS97 counts voting papers, never parts of one."""
    counts: list[int] = []
    for w in weights:
        if isinstance(w, Fraction) and w.denominator != 1:
            raise ValueError("ERS97 counts whole voting papers")
        counts.append(int(w))
    return counts


def _fig(x: int) -> Decimal:
    """A figure held in hundredths, as the result sheet shows it."""
    return Decimal(x).scaleb(-2)


class _Count:
    """One ERS97 count in progress: each method is a clause of section 5."""

    def __init__(
        self, names: tuple[str, ...], seqs: list[tuple[int, ...]], counts: list[int], options: Options
    ) -> None:
        self.names = names
        self.n = n = len(names)
        self.seats = options.seats
        self.options = options
        self.seqs = seqs
        self.counts = counts
        self.valid = sum(counts)
        self.tb = TieBreaker(options.tie_break, names)
        self.state = [CONTINUING] * n
        self.position = [0] * len(seqs)
        self.batches: list[list[_Batch]] = [[] for _ in range(n)]
        self.votes = [0] * n
        self.quota = quota_hundredths(self.valid * HUNDRED, self.seats)
        self.non_transferable = 0
        self.lost = 0
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected with a surplus not yet transferred
        self.rounds: list[Round] = []
        self.history: list[dict[str, Votes]] = []
        self.actions: list[Action] = []
        self.ties: list[TieBreak] = []
        self._first_preferences()

    def _first_preferences(self) -> None:
        """Rule 5.1: each paper to its first preference, at a value of one vote."""
        firsts: dict[int, list[int]] = {}
        for g, s in enumerate(self.seqs):
            firsts.setdefault(s[0], []).append(g)
        for c, gs in firsts.items():
            k = sum(self.counts[g] for g in gs)
            self.batches[c].append(_Batch(HUNDRED, gs, k))
            self.votes[c] = k * HUNDRED

    # -- the stages ---------------------------------------------------------------------------

    def run(self) -> None:
        """Stage after stage until the places are filled (5.5.1, 5.5.2)."""
        self.deem_elected()
        stage = 0
        while True:
            stage += 1
            t0 = self.tally()
            extra: dict[str, Votes] = {
                NON_TRANSFERABLE: _fig(self.non_transferable),
                LOSS_BY_FRACTIONS: _fig(self.lost),
            }
            finished = self.stage()
            self.rounds.append(Round(stage, t0, tuple(self.actions), _fig(self.quota), {}, tuple(self.ties), extra))
            if finished:
                return
            self.history.append(t0)
            self.actions, self.ties = [], []

    def stage(self) -> bool:
        """One stage: fill the last places, transfer a surplus (5.3) or exclude (5.2.5, 5.4).

        True when the count is over."""
        cont = self.continuing()
        unfilled = self.seats - len(self.elected)
        if unfilled <= 0 or not cont:
            return True
        if len(cont) <= unfilled:
            self.fill_last_places(cont)
            return True
        moved = [0] * self.n
        if self.pending and not self.defer_surpluses(cont):
            self.transfer_surplus(moved)
            return False
        return self.exclude(cont, unfilled, moved)

    def continuing(self) -> list[int]:
        return [c for c in range(self.n) if self.state[c] == CONTINUING]

    def tally(self) -> dict[str, Votes]:
        return {self.names[c]: _fig(self.votes[c]) for c in range(self.n) if self.state[c] != EXCLUDED or self.votes[c]}

    def decide(self, tied: list[int], purpose: Literal["elect", "exclude"]) -> int:
        """Rules 5.2.3 / 5.2.5 / 5.6: the earliest stage where the tied differed, then lot."""
        t = self.tb.decide([self.names[c] for c in tied], purpose, self.history)
        self.ties.append(t)
        return self.names.index(t.chosen)

    def elect(self, c: int, note: str) -> None:
        self.state[c] = ELECTED
        self.elected.append(c)
        self.actions.append(Action("elect", self.names[c], note=note))

    # -- 5.1.7 / 5.3.13 / 5.4.9: deemed elected ------------------------------------------------

    def deem_elected(self) -> None:
        """Rules 5.1.7 / 5.3.13 / 5.4.9: the quota or the active vote's share, highest vote first."""
        votes = self.votes
        while len(self.elected) < self.seats:
            reach = self.reaching_threshold()
            if not reach:
                return
            top = max(votes[c] for c in reach)
            tied = [c for c in reach if votes[c] == top]
            c = tied[0] if len(tied) == 1 else self.decide(tied, "elect")
            if votes[c] > self.quota:
                self.pending.append(c)
            why = "reached the quota" if votes[c] >= self.quota else "reached the active vote / (places + 1) (5.1.7(b))"
            self.elect(c, why)

    def reaching_threshold(self) -> list[int]:
        """Continuing candidates at (a) the quota or (b) the active vote / (places unfilled + 1)."""
        votes, quota = self.votes, self.quota
        unfilled = self.seats - len(self.elected)
        # 5.6.1: the total valid vote less the quotas (or actual votes if less) of those
        # deemed elected and less the non-transferable vote.
        active = (
            self.valid * HUNDRED - self.non_transferable - self.lost - sum(min(votes[c], quota) for c in self.elected)
        )
        threshold_b = Fraction(active, unfilled + 1)
        return [c for c in self.continuing() if votes[c] >= quota or votes[c] >= threshold_b]

    # -- 5.5.1: filling the last places -------------------------------------------------------

    def fill_last_places(self, remaining: list[int]) -> None:
        """Rule 5.5.1: as many continuing candidates as places left are deemed elected."""
        for c in sorted(remaining, key=lambda c: -self.votes[c]):
            self.elect(c, LAST_PLACES)

    # -- 5.2.2: deferral of surpluses ----------------------------------------------------------

    def defer_surpluses(self, cont: list[int]) -> bool:
        """Rule 5.2.2: defer while the surpluses do not exceed (a) or (b)."""
        surpluses = sum(self.votes[c] - self.quota for c in self.pending)
        lowest = sorted(self.votes[c] for c in cont)
        gap_a = lowest[1] - lowest[0] if len(lowest) > 1 else 0
        # 5.2.2(b): the largest margin of any two or more lowest candidates 5.2.5 could exclude together.
        gap_b = max((margin for k, margin in self.exclusion_groups(0) if k > 1), default=-1)
        return self.options.defer_surpluses and (surpluses <= gap_a or surpluses <= gap_b)

    # -- 5.3: transfer of a surplus ------------------------------------------------------------

    def transfer_surplus(self, moved: list[int]) -> None:
        """Rule 5.3: the largest surplus (5.2.3), from its last batch, at 5.3.7's value."""
        votes, quota = self.votes, self.quota
        top = max(votes[c] for c in self.pending)
        tied = [c for c in self.pending if votes[c] == top]
        c = tied[0] if len(tied) == 1 else self.decide(tied, "elect")
        self.pending.remove(c)
        surplus = votes[c] - quota
        # 5.3.1: elected at the first stage, all papers (one batch); 5.3.2: else the last batch.
        source = self.batches[c][-1:]
        groups = [g for b in source for g in b.groups]
        present = source[-1].value
        transferable = self.transferable_papers(groups)
        # 5.3.7: surplus / transferable papers to two places, remainder ignored; or the present value.
        value = surplus // transferable if transferable * present > surplus else present
        self.move(groups, value, moved)
        credited = sum(moved)
        # 5.3.9: what is not credited is non-transferable -- papers with no next preference when
        # the papers pass at their present value, the neglected remainder when at a share.
        nt_value = surplus - credited if transferable * present <= surplus else 0
        remainder = surplus - credited - nt_value
        self.non_transferable += nt_value
        self.lost += remainder
        for b in source:
            self.batches[c].remove(b)
        votes[c] = quota
        out = {self.names[t]: _fig(v) for t, v in enumerate(moved) if v}
        if nt_value:
            out[EXHAUSTED_TARGET] = _fig(nt_value)
        note = f"surplus {_fig(surplus)} at {_fig(value)} a paper"
        if remainder:
            note += f"; {_fig(remainder)} neglected remainder"
        self.actions.append(Action("surplus", self.names[c], out, note))
        self.deem_elected()

    def move(self, groups: list[int], value: int, moved: list[int]) -> int:
        """Pass papers on at ``value`` each; returns the papers with no next available preference."""
        seqs, position, state, counts = self.seqs, self.position, self.state, self.counts
        dest: dict[int, list[int]] = {}
        nt = 0
        for g in groups:
            s = seqs[g]
            i = position[g] + 1
            while i < len(s) and state[s[i]] != CONTINUING:
                i += 1
            position[g] = i
            if i < len(s):
                dest.setdefault(s[i], []).append(g)
            else:
                nt += counts[g]
        for t, gs in dest.items():
            k = sum(counts[g] for g in gs)
            self.batches[t].append(_Batch(value, gs, k))
            self.votes[t] += k * value
            moved[t] += k * value
        return nt

    def transferable_papers(self, groups: list[int]) -> int:
        """Rule 5.3.5: the papers of ``groups`` showing a next available preference, without moving them."""
        seqs, position, state = self.seqs, self.position, self.state
        transferable = 0
        for g in groups:
            s = seqs[g]
            i = position[g] + 1
            while i < len(s) and state[s[i]] != CONTINUING:
                i += 1
            if i < len(s):
                transferable += self.counts[g]
        return transferable

    # -- 5.2.5 / 5.4: exclusion ----------------------------------------------------------------

    def exclusion_groups(self, deferred: int) -> list[tuple[int, int]]:
        """Rule 5.2.5: each k (lowest k candidates) that may be excluded together, with the margin
        by which the candidate next above exceeds their votes plus the deferred surpluses."""
        votes = self.votes
        cont = sorted(self.continuing(), key=lambda c: votes[c])
        unfilled = self.seats - len(self.elected)
        out: list[tuple[int, int]] = []
        total = 0
        for k in range(1, len(cont)):
            total += votes[cont[k - 1]]
            if len(cont) - k < unfilled:
                break
            margin = votes[cont[k]] - total - deferred
            if margin >= 0 and votes[cont[k]] != votes[cont[k - 1]]:
                out.append((k, margin))
        return out

    def lowest_candidates(self, cont: list[int]) -> list[int]:
        """Rule 5.2.5: as many of the lowest together as allowed, else the lowest (ties by 5.2.5/5.6)."""
        votes = self.votes
        deferred = sum(votes[c] - self.quota for c in self.pending) if self.pending else 0
        ranked = sorted(cont, key=lambda c: votes[c])
        groups = self.exclusion_groups(deferred) if self.options.bulk_exclusion else []
        group = ranked[: max((k for k, _ in groups), default=1)]
        if len(group) == 1:
            tied = [c for c in cont if votes[c] == votes[group[0]]]
            if len(tied) > 1:
                group = [self.decide(tied, "exclude")]
        return group

    def exclude(self, cont: list[int], unfilled: int, moved: list[int]) -> bool:
        """Rules 5.2.5 and 5.4: exclude the lowest and pass their papers on; True when 5.5.1 ends the count."""
        group = self.lowest_candidates(cont)
        remaining = [c for c in cont if c not in group]
        for c in group:
            self.state[c] = EXCLUDED
        if len(remaining) <= unfilled:
            # 5.5.1: the proposed exclusion leaves only as many as there are places.
            for c in group:
                self.actions.append(Action("exclude", self.names[c], note="fewest votes"))
            self.fill_last_places(remaining)
            return True
        at = len(self.actions)  # exclusions are listed before the elections their batches cause
        nt_value = self.transfer_excluded(group, moved)
        for c in group:
            last = c == group[-1]
            out = {self.names[t]: _fig(v) for t, v in enumerate(moved) if v} if last else {}
            if nt_value and last:
                out[EXHAUSTED_TARGET] = _fig(nt_value)
            note = "fewest votes" if len(group) == 1 else f"excluded together with {len(group) - 1} other(s)"
            self.actions.insert(at, Action("exclude", self.names[c], out, note))
            at += 1
        self.deem_elected()
        return False

    def transfer_excluded(self, group: list[int], moved: list[int]) -> int:
        """Rule 5.4: the excluded papers pass in batches of equal value, highest first; returns
        the non-transferable value."""
        nt_value = 0
        for value in sorted({b.value for c in group for b in self.batches[c]}, reverse=True):
            if len(self.elected) == self.seats:
                break  # 5.5.2: all places filled, no further transfers
            groups: list[int] = []
            for c in group:
                for b in [b for b in self.batches[c] if b.value == value]:
                    groups += b.groups
                    self.votes[c] -= b.papers * value
                    self.batches[c].remove(b)
            batch_nt = self.move(groups, value, moved) * value
            nt_value += batch_nt
            self.non_transferable += batch_nt  # the active vote of 5.4.9(b) falls at once
            if not self.elected and self.non_transferable:
                self.quota = quota_hundredths(self.valid * HUNDRED - self.non_transferable, self.seats)  # 5.4.8
            self.deem_elected()  # 5.4.9-5.4.10: the elected receive no more
        return nt_value


def _record(options: Options) -> dict[str, Any]:
    return {
        "seats": options.seats,
        "withdrawn": list(withdrawn_names(options.withdrawn)),
        "tie_break": options.tie_break.mode,
        "seed": options.tie_break.seed,
        "defer_surpluses": options.defer_surpluses,
        "bulk_exclusion": options.bulk_exclusion,
    }
