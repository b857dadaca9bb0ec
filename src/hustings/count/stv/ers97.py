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


def _quota(valid_hundredths: int, seats: int) -> int:
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
    names = papers.candidates
    n = len(names)
    seats = options.seats
    seqs = papers.sequences()
    counts: list[int] = []
    for w in papers.weights:
        if isinstance(w, Fraction) and w.denominator != 1:
            raise ValueError("ERS97 counts whole voting papers")
        counts.append(int(w))
    valid = sum(counts)
    tb = TieBreaker(options.tie_break, names)

    state = [CONTINUING] * n
    position = [0] * len(seqs)
    batches: list[list[_Batch]] = [[] for _ in range(n)]
    votes = [0] * n
    firsts: dict[int, list[int]] = {}
    for g, s in enumerate(seqs):
        firsts.setdefault(s[0], []).append(g)
    for c, gs in firsts.items():
        k = sum(counts[g] for g in gs)
        batches[c].append(_Batch(HUNDRED, gs, k))
        votes[c] = k * HUNDRED
    quota = _quota(valid * HUNDRED, seats)
    non_transferable = 0
    lost = 0
    elected: list[int] = []
    pending: list[int] = []  # elected with a surplus not yet transferred
    rounds: list[Round] = []
    history: list[dict[str, Votes]] = []
    stage = 0

    def fig(x: int) -> Decimal:
        return Decimal(x).scaleb(-2)

    def tally() -> dict[str, Votes]:
        return {names[c]: fig(votes[c]) for c in range(n) if state[c] != EXCLUDED or votes[c]}

    def decide(tied: list[int], purpose: Literal["elect", "exclude"], ties: list[TieBreak]) -> int:
        t = tb.decide([names[c] for c in tied], purpose, history)
        ties.append(t)
        return names.index(t.chosen)

    def deem_elected(actions: list[Action], ties: list[TieBreak]) -> None:
        # 5.1.7 / 5.3.13 / 5.4.9, highest vote first.
        while len(elected) < seats:
            unfilled = seats - len(elected)
            # 5.6.1: the total valid vote less the quotas (or actual votes if less) of those
            # deemed elected and less the non-transferable vote.
            active = valid * HUNDRED - non_transferable - lost - sum(min(votes[c], quota) for c in elected)
            threshold_b = Fraction(active, unfilled + 1)
            cont = [c for c in range(n) if state[c] == CONTINUING]
            reach = [c for c in cont if votes[c] >= quota or votes[c] >= threshold_b]
            if not reach:
                return
            top = max(votes[c] for c in reach)
            tied = [c for c in reach if votes[c] == top]
            c = tied[0] if len(tied) == 1 else decide(tied, "elect", ties)
            state[c] = ELECTED
            elected.append(c)
            if votes[c] > quota:
                pending.append(c)
            why = "reached the quota" if votes[c] >= quota else "reached the active vote / (places + 1) (5.1.7(b))"
            actions.append(Action("elect", names[c], note=why))

    def move(groups: list[int], value: int, moved: list[int]) -> int:
        """Pass papers on at ``value`` each; returns the papers with no next available preference."""
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
            batches[t].append(_Batch(value, gs, k))
            votes[t] += k * value
            moved[t] += k * value
        return nt

    def next_preferences(groups: list[int]) -> tuple[int, int]:
        """Transferable and non-transferable paper counts of ``groups``, without moving them."""
        transferable = 0
        for g in groups:
            s = seqs[g]
            i = position[g] + 1
            while i < len(s) and state[s[i]] != CONTINUING:
                i += 1
            if i < len(s):
                transferable += counts[g]
        return transferable, sum(counts[g] for g in groups) - transferable

    def exclusion_groups(deferred: int) -> list[tuple[int, int]]:
        """Rule 5.2.5: each k (lowest k candidates) that may be excluded together, with the margin
        by which the candidate next above exceeds their votes plus the deferred surpluses."""
        cont = sorted((c for c in range(n) if state[c] == CONTINUING), key=lambda c: votes[c])
        unfilled = seats - len(elected)
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

    def excludable(deferred: int) -> list[int]:
        """The lowest candidates to exclude: as many together as 5.2.5 allows, else the lowest."""
        cont = sorted((c for c in range(n) if state[c] == CONTINUING), key=lambda c: votes[c])
        groups = exclusion_groups(deferred) if options.bulk_exclusion else []
        return cont[: max((k for k, _ in groups), default=1)]

    actions: list[Action] = []
    ties: list[TieBreak] = []
    deem_elected(actions, ties)
    while True:
        stage += 1
        t0 = tally()
        extra: dict[str, Votes] = {NON_TRANSFERABLE: fig(non_transferable), LOSS_BY_FRACTIONS: fig(lost)}
        cont = [c for c in range(n) if state[c] == CONTINUING]
        unfilled = seats - len(elected)
        if unfilled <= 0 or not cont:
            rounds.append(Round(stage, t0, tuple(actions), fig(quota), {}, tuple(ties), extra))
            break
        if len(cont) <= unfilled:
            for c in sorted(cont, key=lambda c: -votes[c]):
                state[c] = ELECTED
                elected.append(c)
                actions.append(Action("elect", names[c], note=LAST_PLACES))
            rounds.append(Round(stage, t0, tuple(actions), fig(quota), {}, tuple(ties), extra))
            break
        surpluses = sum(votes[c] - quota for c in pending)
        lowest = sorted(votes[c] for c in cont)
        gap_a = lowest[1] - lowest[0] if len(lowest) > 1 else 0
        # 5.2.2(b): the largest margin of any two or more lowest candidates 5.2.5 could exclude together.
        gap_b = max((margin for k, margin in exclusion_groups(0) if k > 1), default=-1)
        defer = options.defer_surpluses and pending and (surpluses <= gap_a or surpluses <= gap_b)
        moved = [0] * n
        if pending and not defer:
            top = max(votes[c] for c in pending)
            tied = [c for c in pending if votes[c] == top]
            c = tied[0] if len(tied) == 1 else decide(tied, "elect", ties)
            pending.remove(c)
            surplus = votes[c] - quota
            # 5.3.1: elected at the first stage, all papers (one batch); 5.3.2: else the last batch.
            source = batches[c][-1:]
            groups = [g for b in source for g in b.groups]
            present = source[-1].value
            transferable, _ = next_preferences(groups)
            # 5.3.7: surplus / transferable papers to two places, remainder ignored; or the present value.
            value = surplus // transferable if transferable * present > surplus else present
            move(groups, value, moved)
            credited = sum(moved)
            # 5.3.9: what is not credited is non-transferable -- papers with no next preference when
            # the papers pass at their present value, the neglected remainder when at a share.
            nt_value = surplus - credited if transferable * present <= surplus else 0
            remainder = surplus - credited - nt_value
            non_transferable += nt_value
            lost += remainder
            for b in source:
                batches[c].remove(b)
            votes[c] = quota
            out = {names[t]: fig(v) for t, v in enumerate(moved) if v}
            if nt_value:
                out[EXHAUSTED_TARGET] = fig(nt_value)
            note = f"surplus {fig(surplus)} at {fig(value)} a paper"
            if remainder:
                note += f"; {fig(remainder)} neglected remainder"
            actions.append(Action("surplus", names[c], out, note))
            deem_elected(actions, ties)
        else:
            deferred = surpluses if pending else 0
            group = excludable(deferred)
            if len(group) == 1:
                low = votes[group[0]]
                tied = [c for c in cont if votes[c] == low]
                if len(tied) > 1:
                    group = [decide(tied, "exclude", ties)]
            remaining = [c for c in cont if c not in group]
            for c in group:
                state[c] = EXCLUDED
            if len(remaining) <= unfilled:
                # 5.5.1: the proposed exclusion leaves only as many as there are places.
                for c in group:
                    actions.append(Action("exclude", names[c], note="fewest votes"))
                for c in sorted(remaining, key=lambda c: -votes[c]):
                    state[c] = ELECTED
                    elected.append(c)
                    actions.append(
                        Action("elect", names[c], note="continuing candidates equal the places left (5.5.1)")
                    )
                rounds.append(Round(stage, t0, tuple(actions), fig(quota), {}, tuple(ties), extra))
                break
            at = len(actions)  # exclusions are listed before the elections their batches cause
            nt_value = 0
            for value in sorted({b.value for c in group for b in batches[c]}, reverse=True):
                if len(elected) == seats:
                    break  # 5.5.2: all places filled, no further transfers
                groups = []
                for c in group:
                    for b in [b for b in batches[c] if b.value == value]:
                        groups += b.groups
                        votes[c] -= b.papers * value
                        batches[c].remove(b)
                batch_nt = move(groups, value, moved) * value
                nt_value += batch_nt
                non_transferable += batch_nt  # the active vote of 5.4.9(b) falls at once
                if not elected and non_transferable:
                    quota = _quota(valid * HUNDRED - non_transferable, seats)  # 5.4.8
                deem_elected(actions, ties)  # 5.4.9-5.4.10: the elected receive no more
            for c in group:
                out = {names[t]: fig(v) for t, v in enumerate(moved) if v} if c == group[-1] else {}
                if nt_value and c == group[-1]:
                    out[EXHAUSTED_TARGET] = fig(nt_value)
                note = "fewest votes" if len(group) == 1 else f"excluded together with {len(group) - 1} other(s)"
                actions.insert(at, Action("exclude", names[c], out, note))
                at += 1
            deem_elected(actions, ties)
        rounds.append(Round(stage, t0, tuple(actions), fig(quota), {}, tuple(ties), extra))
        history.append(t0)
        actions, ties = [], []

    return Result(
        method="ers97",
        seats=seats,
        candidates=names,
        elected=tuple(names[c] for c in elected),
        rounds=tuple(rounds),
        quota=fig(_quota(valid * HUNDRED, seats)),
        total=valid,
        options=_record(options),
        notes=papers.notes(),
    )


def _record(options: Options) -> dict[str, Any]:
    return {
        "seats": options.seats,
        "withdrawn": list(withdrawn_names(options.withdrawn)),
        "tie_break": options.tie_break.mode,
        "seed": options.tie_break.seed,
        "defer_surpluses": options.defer_surpluses,
        "bulk_exclusion": options.bulk_exclusion,
    }
