"""Instant-runoff voting (the alternative vote), with every RCTab option.

The count follows RCTab, the Universal RCV Tabulator certified in several US
states (``BrightSpots/rcv``, v2.0), as its configuration documentation
(``config_file_documentation.txt``) describes each rule and as its tabulator
applies it; the regression suite in ``tests/data/rctab`` is reproduced round
by round.  In outline:

* Each round, a ballot counts for the first *continuing* candidate it ranks.
  The ranking is read from the top each time: a rank with more than one mark
  is an overvote (``overvoteRule``: exhaust the ballot, skip the rank, or
  exhaust only if two marked candidates are still continuing); more than
  ``maxSkippedRanksAllowed`` empty ranks before the next mark exhaust it
  ("skipped rankings"); with ``exhaustOnDuplicateCandidate`` a repeated
  candidate exhausts it ("repeated rankings"); a ballot whose ranks run out
  is "exhausted choices".  A ballot ranking nobody is an undervote.
* Threshold: single winner, ``floor(V / 2) + 1`` of the votes held by
  continuing candidates, recomputed every round unless
  ``doesFirstRoundDetermineThreshold`` (or, with
  ``continueUntilTwoCandidatesRemain``, once a winner is found);
  multi-winner, ``floor(V / (S + 1)) + 1`` of the first round (Droop), or
  ``V / (S + 1)`` truncated to ``decimalPlacesForVoteArithmetic`` places plus
  ``10^-d`` with ``nonIntegerWinningThreshold``, or ``ceil(V / S)`` with
  ``hareQuota``; bottoms-up with percentage: ``V * p / 100``.
* A candidate at or over the threshold is elected (all of them at once, or
  the top one per round with ``multiWinnerAllowOnlyOneWinnerPerRound``).
  In multi-winner counts each of a winner's ballots moves on in the next
  round carrying the surplus fraction ``(tally - threshold) / tally`` of its
  value; the fraction and each ballot's new value are *truncated* to ``d``
  places (RCTab ``divide`` and ``multiply`` round DOWN), and what truncation
  strands is "residual surplus".
  After the last seat is filled one more round shows the final surpluses
  leaving the count ("final round surplus").
* Otherwise (a round never both elects and eliminates) candidates are
  eliminated, in this order of precedence:
  undeclared write-ins (whenever they hold votes), candidates under the
  ``minimumVoteThreshold`` (RCTab 1.x), with ``cutoffElimination`` everyone
  under the bottoms-up threshold, with ``batchElimination`` every candidate
  whose votes together could not overtake the next one, else the last.
* Ties (for last place, or for a single winner when one must be chosen) are
  broken by ``tiebreakMode``: ``random`` (tied names sorted, ``java.util.Random``
  from ``randomSeed``), ``useCandidateOrder`` (``candidate-order``: elect
  the earliest, eliminate the latest), ``generatePermutation`` (names
  sorted and shuffled once with the seed), ``previousRoundCountsThenRandom``
  (``previous-round-then-random``: the most — or fewest — votes in the latest
  earlier round that separates them, then by lot; as RCTab, the remaining
  tied names are then in ``java.util.HashSet`` order).  ``stopCountingAndAsk``
  and ``previousRoundCountsThenAsk`` (``ask``, ``previous-round-then-ask``)
  leave the tie to an operator: the count stops with :class:`TieError`.
  ``forward`` and ``backward`` (not RCTab's) are decided by :class:`TieBreaker`.
* ``multiPassIrv`` fills each seat with a fresh single-winner count from
  which earlier winners are excluded: :func:`count_sequential`.

Choices RCTab leaves to code rather than text, and made here as RCTab's code
makes them: the majority threshold counts only votes held by continuing
candidates; an overvote at the last rank under "skip to next rank" is an
exhausted ballot, not an overvote; the percentage threshold must be
*exceeded*; ``Result.elected`` lists winners of one round by tally (the URCVT
summary, like RCTab, by name).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_DOWN, Context, Decimal, localcontext
from fractions import Fraction
from typing import Literal, TypeAlias

from hustings.count import irv_fast
from hustings.count.irv_options import NO_RANKINGS as NO_RANKINGS
from hustings.count.irv_options import Options as Options
from hustings.count.irv_options import OvervoteRule as OvervoteRule
from hustings.count.irv_options import WinnerMode as WinnerMode
from hustings.count.irv_options import options_record as options_record
from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN, Profile
from hustings.count.result import (
    EXHAUSTED,
    EXHAUSTED_TARGET,
    OVERVOTES,
    REPEATED_RANKINGS,
    SKIPPED_RANKINGS,
    Action,
    Result,
    Round,
    TieBreak,
)
from hustings.count.ties import TieBreaker

FINAL_ROUND_SURPLUS = "final_round_surplus"
"""``Round.extra`` key: value of winners' ballots set aside after the last seat is filled."""
RESIDUAL_TARGET = "residual surplus"
"""Key in an elected candidate's transfers: surplus stranded by truncation."""


def _check_places(options: Options) -> None:
    """RCTab's range for ``decimalPlacesForVoteArithmetic`` (1 to 20); a billion places would never finish."""
    if not 1 <= options.decimal_places <= 20:
        raise ValueError(f"decimal_places must be from 1 to 20, as in RCTab, not {options.decimal_places}")


def count(profile: Profile, options: Options) -> Result:
    """Count ``profile`` by instant runoff under ``options``.

    For ``multi-pass`` the passes of :func:`count_sequential` are joined into
    one record: rounds numbered on, each pass's winner elected in order.
    """
    _check_places(options)
    if options.winner_mode != "multi-pass":
        return irv_fast.attempt(profile, options) or _Count(profile, options).run()  # plain single-winner: faster
    return joined(count_sequential(profile, options), options)


def joined(passes: list[Result], options: Options) -> Result:
    """The passes of :func:`count_sequential` as one record: rounds numbered on, each pass's winner
    elected in order, a note saying which rounds were which seat's."""
    rounds: list[Round] = []
    notes: list[str] = []
    for i, res in enumerate(passes, 1):
        start = len(rounds) + 1
        rounds.extend(dataclasses.replace(r, number=len(rounds) + 1) for r in res.rounds)
        notes.append(f"seat {i}: rounds {start}-{len(rounds)}, elected {', '.join(res.elected)}")
    elected = tuple(w for res in passes for w in res.elected)
    last = passes[-1]
    return dataclasses.replace(last, seats=options.seats, elected=elected, rounds=tuple(rounds), notes=tuple(notes))


def count_sequential(profile: Profile, options: Options) -> list[Result]:
    """Multi-pass IRV (RCTab ``multiPassIrv``): one single-winner count per seat.

    Each pass counts every ballot afresh with one seat to fill, the winners of
    earlier passes excluded; the lot restarts from the seed in every pass.
    """
    _check_places(options)
    if options.seats < 1:
        raise ValueError("multi-pass IRV needs at least one seat")
    single = dataclasses.replace(options, seats=1, winner_mode="single-winner-majority")
    results: list[Result] = []
    winners: list[str] = []
    for _ in range(options.seats):
        pass_profile = dataclasses.replace(profile, withdrawn=profile.withdrawn | frozenset(winners))
        res = _Count(pass_profile, single, method="irv multi-pass").run()
        if len(res.elected) != 1:
            raise ValueError(f"multi-pass IRV: expected one new winner, found {len(res.elected)}")
        winners.append(res.elected[0])
        results.append(res)
    return results


_CONTEXT = Context(prec=200, rounding=ROUND_DOWN)
"""Enough digits for every sum and product of a count to be exact."""

_Num: TypeAlias = int | Decimal
"""Votes as RCTab's BigDecimal holds them: whole numbers stay ``int`` until a fraction appears."""


def _number(w: object) -> _Num:
    """A ballot weight as an exact ``int`` or ``Decimal``."""
    if isinstance(w, bool):
        raise TypeError("a ballot weight cannot be a bool")
    if isinstance(w, (int, Decimal)):
        return w
    if isinstance(w, Fraction):
        if w.denominator == 1:
            return w.numerator
        d = w.denominator
        while d % 2 == 0:
            d //= 2
        while d % 5 == 0:
            d //= 5
        if d == 1:
            with localcontext(_CONTEXT):
                return Decimal(w.numerator) / Decimal(w.denominator)
    raise ValueError(f"instant runoff needs whole or decimal ballot weights, got {w!r}")


def _scaled(numerator: Fraction, places: int, up: bool) -> Decimal:
    """``numerator`` to ``places`` decimals, truncated (or rounded up): Java's DOWN / UP."""
    x = numerator * 10**places
    units = math.ceil(x) if up else math.floor(x)
    return Decimal(units).scaleb(-places)


def _truncate(x: Decimal, places: int) -> Decimal:
    """``setScale(places, RoundingMode.DOWN)``."""
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def _check_rules(options: Options) -> None:
    """The combinations of rules RCTab refuses (``ContestConfig.validateRules``)."""
    mode = options.winner_mode
    if mode == "multi-pass":
        raise ValueError("use count_sequential for multi-pass IRV")
    if mode == "bottoms-up-percentage":
        if options.bottoms_up_percentage is None:
            raise ValueError("bottoms-up with a percentage threshold needs bottoms_up_percentage")
    elif options.seats < 1:
        raise ValueError(f"seats must be at least 1, got {options.seats}")
    if options.seats > 1:
        # RCTab refuses these in a multi-seat contest (ContestConfig.validateRules).
        for flag, rule in (
            (options.batch_elimination, "batch elimination"),
            (options.continue_until_two_remain, "continuing until two candidates remain"),
            (options.first_round_determines_threshold, "a threshold set by the first round"),
        ):
            if flag:
                raise ValueError(f"{rule} needs a single seat (or multi-pass IRV)")


class _Count:
    """One RCTab tabulation: ballots grouped by distinct ranking, moved only when their candidate leaves."""

    def __init__(self, profile: Profile, options: Options, method: str = "irv") -> None:
        self.o = options
        self.method = method
        _check_rules(options)
        mode = options.winner_mode
        self.percentage = mode == "bottoms-up-percentage"
        self.bottoms_up = mode == "bottoms-up"
        self.surpluses = options.seats > 1 and not self.bottoms_up
        self.places = options.decimal_places
        uwi, overvote_marks = self._read_ballots(profile)
        self.pos: list[int] = [0] * len(self.plain)
        self.value: list[_Num] = [1] * len(self.plain)
        self.total: _Num = sum(self.weight, 0)
        if options.overvote_rule == "exhaust-if-multiple-continuing" and overvote_marks:
            raise ValueError("the overvote rule 'exhaust if multiple continuing' cannot read ballots marked 'overvote'")
        names = list(profile.candidates)
        if uwi and UNDECLARED_WRITE_IN not in names:
            names.append(UNDECLARED_WRITE_IN)
        self.uwi = uwi
        self.names: tuple[str, ...] = tuple(names)
        self.withdrawn = profile.withdrawn
        self.num_declared = len(names) - (1 if uwi else 0)
        self.num_candidates = len(names) - len([c for c in names if c in profile.withdrawn])
        if self.num_candidates < 1:
            raise ValueError("no candidate is standing")
        self.ties = TieBreaker(options.tie_break, [c for c in profile.candidates if c != UNDECLARED_WRITE_IN])

    # -- reading the ballots -----------------------------------------------------------------
    def _read_ballots(self, profile: Profile) -> tuple[bool, bool]:
        """Distinct ballots; returns whether any marks an undeclared write-in, and any an overvote.

        A "plain" ballot (one mark per rank, no rank skipped, no overvote marker, no repeat when
        repeats exhaust) is a sequence of names read on from where it stopped; any other ballot keeps
        its marked ranks with their numbers and is read from the top, as RCTab reads all.
        """
        self.plain: list[tuple[str, ...] | None] = []
        self.ranks: list[tuple[tuple[int, tuple[str, ...]], ...]] = []
        self.weight: list[_Num] = []
        self._cache: dict[frozenset[str], tuple[str, ...]] = {}
        self._uwi = UNDECLARED_WRITE_IN in profile.candidates
        self._overvote_marks = False
        self._singles: dict[frozenset[str], str] = {}  # a rank holding one candidate's mark -> the name
        limit = self.o.max_rankings
        strict_repeats = self.o.exhaust_on_duplicate
        singles = self._singles
        for rk, w in profile.ballots.items():
            self.weight.append(_number(w))
            end = len(rk)
            while end and not rk[end - 1]:
                end -= 1
            seq: tuple[str, ...] | None
            try:
                seq = tuple([singles[rank] for rank in rk[:end]]) if end else None
            except KeyError:
                seq = None
            if seq is not None and (not strict_repeats or len(set(seq)) == len(seq)):
                if limit is not None and end > limit:
                    raise ValueError(f"a ballot ranks beyond the {limit} rankings allowed")
                self.plain.append(seq)
                self.ranks.append(())
                continue
            self._read_marked(rk[:end])
        return self._uwi, self._overvote_marks

    def _read_marked(self, ranks: tuple[frozenset[str], ...]) -> None:
        """A ballot read rank by rank: plain after all, or its marked ranks with their numbers."""
        limit = self.o.max_rankings
        cache = self._cache
        marked: list[tuple[int, tuple[str, ...]]] = []
        for i, rank in enumerate(ranks, 1):
            if not rank:
                continue
            marks = cache.get(rank)
            if marks is None:
                marks = cache[rank] = tuple(sorted(rank))
                self._uwi = self._uwi or UNDECLARED_WRITE_IN in rank
                self._overvote_marks = self._overvote_marks or OVERVOTE in rank
                if len(marks) == 1 and marks[0] != OVERVOTE:
                    self._singles[rank] = marks[0]
            marked.append((i, marks))
        if limit is not None and marked and marked[-1][0] > limit:
            raise ValueError(f"a ballot ranks beyond the {limit} rankings allowed")
        seq = self._plain_sequence(marked)
        self.plain.append(seq)
        self.ranks.append(() if seq is not None else tuple(marked))

    def _plain_sequence(self, marked: list[tuple[int, tuple[str, ...]]]) -> tuple[str, ...] | None:
        """The names of a ballot with one mark at each rank from the first, none repeated where repeats exhaust."""
        plain = all(len(m) == 1 and m[0] != OVERVOTE and i == n for n, (i, m) in enumerate(marked, 1))
        seq = tuple(m[0] for _, m in marked) if plain and marked else None
        if seq is not None and self.o.exhaust_on_duplicate and len(set(seq)) != len(seq):
            seq = None
        return seq

    # -- the state of the count --------------------------------------------------------------
    def _setup(self) -> None:
        self.live: set[str] = {c for c in self.names if c not in self.withdrawn}
        """Candidates a ballot can count for: continuing ones (and, continuing until two remain, winners)."""
        self.winners: dict[str, int] = {}
        self.eliminated: dict[str, int] = {}
        self.tally: dict[str, _Num] = {}
        self.winner_tally: dict[str, _Num] = {}
        self.allocated: dict[str, _Num] = {}
        self.piles: dict[str, list[int]] = {}
        self.inactive: dict[str, _Num] = {
            c: 0 for c in (OVERVOTES, SKIPPED_RANKINGS, EXHAUSTED, REPEATED_RANKINGS, NO_RANKINGS)
        }
        self.final_surplus: _Num = 0
        self.history: list[dict[str, _Num]] = []

    def run(self) -> Result:
        with localcontext(_CONTEXT):
            return self._run()

    def _run(self) -> Result:
        self._setup()
        rounds: list[Round] = []
        pending: list[Action] = []  # actions of the previous round, completed by this round's transfers
        previous: list[tuple[str, Literal["elect", "exclude"]]] = []
        r = 0
        threshold: _Num = 0
        while self._should_continue(r):
            r += 1
            transfers = self._transfer(r, previous)
            current = {c: self.tally[c] for c in self.names if c in self.live}
            if self._recompute_threshold(r):
                threshold = self._threshold(sum(current.values(), 0))
            tie_breaks: list[TieBreak] = []
            decided = self._decide(r, current, threshold, tie_breaks)
            shown: dict[str, _Num] = dict(current)
            if self.o.seats > 1:
                self._update_winner_tallies(r, threshold, transfers)
                shown.update(self.winner_tally)
            # This round's movements complete the previous round's actions.
            if rounds:
                rounds[-1] = _with_transfers(rounds[-1], pending, transfers)
            pending = [Action(kind, c) for c, kind in decided]
            self.history.append(current)
            rounds.append(
                Round(
                    r,
                    {c: shown[c] for c in self.names if c in shown},
                    tuple(pending),
                    threshold,
                    dict(self.inactive),
                    tuple(tie_breaks),
                )
            )
            for c, _ in decided:
                if c not in self.live:
                    self.tally.pop(c, None)
            previous = decided
        return self._result(rounds, threshold)

    def _transfer(self, r: int, previous: list[tuple[str, Literal["elect", "exclude"]]]) -> dict[str, dict[str, _Num]]:
        """Round 1 reads every ballot; later rounds move the ballots of the candidates who left."""
        for c in self.names:
            if c in self.live and c not in self.tally:
                self.tally[c] = 0
        transfers: dict[str, dict[str, _Num]] = {}
        if r == 1:
            self._move(range(len(self.plain)), None, transfers)
        else:
            for c, _ in previous:
                if c not in self.live:
                    self._move(self.piles.pop(c, []), c, transfers)
        return transfers

    def _decide(
        self, r: int, current: dict[str, _Num], threshold: _Num, tie_breaks: list[TieBreak]
    ) -> list[tuple[str, Literal["elect", "exclude"]]]:
        """The round's winners, or else (a round never does both) its eliminations."""
        decided: list[tuple[str, Literal["elect", "exclude"]]] = []
        winners = self._winners(current, threshold, tie_breaks)
        if winners:
            for w in winners:
                self.winners[w] = r
                if not self.o.continue_until_two_remain:
                    self.live.discard(w)
                decided.append((w, "elect"))
                if self.surpluses:
                    self._set_surplus(w, current[w], threshold)
        elif self._eliminating():
            losers = self._losers(current, threshold, tie_breaks)
            if not losers:
                raise ValueError(f"round {r}: no candidate could be eliminated")
            for c in losers:
                self.eliminated[c] = r
                self.live.discard(c)
                decided.append((c, "exclude"))
        return decided

    def _eliminating(self) -> bool:
        """Seats to fill, or (``continueUntilTwoCandidatesRemain``) more than two left, or bottoms-up by percentage."""
        return (
            len(self.winners) < self.o.seats
            or (self.o.continue_until_two_remain and len(self.eliminated) < self.num_candidates - 2)
            or self.percentage
        )

    def _result(self, rounds: list[Round], threshold: _Num) -> Result:
        if rounds and self.surpluses:
            rounds[-1] = dataclasses.replace(rounds[-1], extra={FINAL_ROUND_SURPLUS: self.final_surplus})
        elected = sorted(self.winners, key=lambda c: (self.winners[c], -rounds[self.winners[c] - 1].tally[c]))
        return Result(
            method=self.method,
            seats=self.o.seats,
            candidates=self.names,
            elected=tuple(elected),
            rounds=tuple(rounds),
            quota=threshold if rounds else None,
            total=self.total,
            options=options_record(self.o),
        )

    # -- ballots ---------------------------------------------------------------------------------
    def _move(self, groups: Iterable[int], source: str | None, transfers: dict[str, dict[str, _Num]]) -> None:
        """Find the candidate of each ballot in ``groups`` this round (all of them in round 1)."""
        plain, pos, ranks, weight, value = self.plain, self.pos, self.ranks, self.weight, self.value
        live, tally, piles, inactive = self.live, self.tally, self.piles, self.inactive
        final = self.surpluses and len(self.winners) == self.o.seats
        row: dict[str, _Num] = {}
        for g in groups:
            seq = plain[g]
            target: str | None = None
            cause = EXHAUSTED
            if final and (seq or ranks[g]):
                cause = FINAL_ROUND_SURPLUS
            elif seq is not None:
                # Names before the resume point are no longer continuing: reading on equals reading from the top.
                i = pos[g]
                n = len(seq)
                while i < n and seq[i] not in live:
                    i += 1
                pos[g] = i
                if i < n:
                    target = seq[i]
            else:
                target, cause = self._choose(g)
            v = value[g]
            moved = weight[g] * v
            if target is not None:
                tally[target] += moved
                pile = piles.get(target)
                if pile is None:
                    piles[target] = [g]
                else:
                    pile.append(g)
            elif cause == FINAL_ROUND_SURPLUS:
                self.final_surplus += moved
            else:
                inactive[cause] += moved
            if source is not None and v > 0:
                key = target if target is not None else EXHAUSTED_TARGET
                row[key] = row.get(key, 0) + moved
        if row:
            transfers[source or ""] = row

    def _choose(self, g: int) -> tuple[str | None, str]:
        """Read ballot ``g`` from the top, as RCTab's ``computeTalliesForRound`` does."""
        marked = self.ranks[g]
        if not marked:
            return None, NO_RANKINGS
        o = self.o
        live = self.live
        last_rank = marked[-1][0]
        last_seen = 0
        seen: set[str] = set()
        for rank, marks in marked:
            if o.max_skipped_ranks is not None and rank - last_seen > o.max_skipped_ranks + 1:
                return None, SKIPPED_RANKINGS
            last_seen = rank
            if o.exhaust_on_duplicate:
                for c in marks:
                    if c in seen:
                        return None, REPEATED_RANKINGS
                    seen.add(c)
            decision = self._overvote(marks)
            if decision == "exhaust":
                return None, OVERVOTES
            if decision == "skip":
                if rank == last_rank:
                    return None, EXHAUSTED
                continue
            for c in marks:
                if c in live:
                    return c, ""
        return None, EXHAUSTED

    def _overvote(self, marks: tuple[str, ...]) -> str:
        rule = self.o.overvote_rule
        if OVERVOTE in marks:
            return "exhaust" if rule == "exhaust-immediately" else "skip"
        if len(marks) <= 1:
            return ""
        if rule == "exhaust-immediately":
            return "exhaust"
        if rule == "always-skip-to-next-rank":
            return "skip"
        return "exhaust" if sum(1 for c in marks if c in self.live) > 1 else ""

    # -- thresholds ---------------------------------------------------------------------------------
    def _recompute_threshold(self, r: int) -> bool:
        if self.o.seats > 1:
            return r == 1
        if r == 1:
            return True
        if self.o.first_round_determines_threshold:
            return False
        if self.o.continue_until_two_remain:
            return not self.winners
        return True

    def _threshold(self, votes: _Num) -> _Num:
        o = self.o
        if self.percentage:
            assert o.bottoms_up_percentage is not None
            return Decimal(votes) * _percentage(o.bottoms_up_percentage)
        divisor = o.seats if o.hare_quota else o.seats + 1
        places = self.places if o.non_integer_threshold else 0
        threshold: _Num
        if o.hare_quota:
            threshold = _scaled(Fraction(votes) / divisor, places, up=True)
        else:
            threshold = _scaled(Fraction(votes) / divisor, places, up=False) + Decimal(1).scaleb(-places)
        minimum = o.minimum_vote_threshold
        if minimum > 0 and minimum > threshold:
            threshold = Decimal(minimum)
        return threshold

    # -- winners --------------------------------------------------------------------------------------
    def _winners(self, current: dict[str, _Num], threshold: _Num, tie_breaks: list[TieBreak]) -> list[str]:
        o = self.o
        if current.get(UNDECLARED_WRITE_IN, 0) != 0:
            return []  # no one is elected while undeclared write-ins hold votes
        if self.percentage:
            if all(v > threshold for v in current.values()):
                return self._by_tally(list(current), current)
            return []
        unfilled = o.seats - len(self.winners)
        selected = self._over_threshold(current, threshold, unfilled)
        if self._one_winner_only(selected, current, unfilled):
            top = max(current.values())
            selected = [c for c in current if current[c] == top]
            if len(selected) > 1:
                tie = self.ties.decide(selected, "elect", self.history)
                tie_breaks.append(tie)
                selected = [tie.chosen]
        return self._by_tally(selected, current)

    def _over_threshold(self, current: dict[str, _Num], threshold: _Num, unfilled: int) -> list[str]:
        """Those at or over the threshold; every continuing one when they no more than fill the seats."""
        o = self.o
        if unfilled <= 0:
            return []
        if len(current) <= unfilled:
            return list(current)
        if o.first_round_determines_threshold and len(current) - 1 == o.seats:
            top = max(current.values())
            return [c for c in current if current[c] == top]
        if not self.bottoms_up:
            return [c for c in current if current[c] >= threshold and c != UNDECLARED_WRITE_IN]
        return []

    def _one_winner_only(self, selected: list[str], current: dict[str, _Num], unfilled: int) -> bool:
        """``multiWinnerAllowOnlyOneWinnerPerRound`` (or a first-round threshold) with several over it, or
        the last two of a single-winner count, neither over it: the top one wins."""
        o = self.o
        one_only = len(selected) > 1 and (
            o.winner_mode == "multi-winner-one-per-round" or o.first_round_determines_threshold
        )
        none_yet = (
            o.seats == 1
            and not selected
            and len(current) == 2
            and unfilled == 1
            and all(v >= o.minimum_vote_threshold for v in current.values())
        )
        return one_only or none_yet

    def _by_tally(self, names: list[str], current: Mapping[str, _Num]) -> list[str]:
        order = {c: i for i, c in enumerate(self.names)}
        return sorted(names, key=lambda c: (-current[c], order[c]))

    def _set_surplus(self, winner: str, votes: _Num, threshold: _Num) -> None:
        """Keep for ``winner`` the share of each of its ballots that the threshold needs."""
        extra = votes - threshold
        fraction = _scaled(Fraction(extra) / Fraction(votes), self.places, up=False) if extra > 0 else Decimal(0)
        kept: _Num = 0
        for g in self.piles.get(winner, []):
            moving = _truncate(self.value[g] * fraction, self.places)
            kept += self.weight[g] * (self.value[g] - moving)
            self.value[g] = moving
        self.allocated[winner] = kept

    def _update_winner_tallies(self, r: int, threshold: _Num, transfers: dict[str, dict[str, _Num]]) -> None:
        for w, won in self.winners.items():
            if won == r - 1:
                votes = self.allocated.get(w, 0)
                residual = votes - threshold
                if residual > 0:
                    transfers.setdefault(w, {})[RESIDUAL_TARGET] = residual
                    votes = threshold
                self.winner_tally[w] = votes

    # -- eliminations ---------------------------------------------------------------------------------
    def _losers(self, current: dict[str, _Num], threshold: _Num, tie_breaks: list[TieBreak]) -> list[str]:
        o = self.o
        if not current:
            raise ValueError(f"no candidate is left to eliminate, with {len(self.winners)} of {o.seats} seats filled")
        if current.get(UNDECLARED_WRITE_IN, 0) > 0:
            return [UNDECLARED_WRITE_IN]
        if o.minimum_vote_threshold > 0:
            below = [c for c in current if current[c] < o.minimum_vote_threshold]
            if below and len(below) == self.num_declared:
                raise ValueError("every declared candidate is below the minimum vote threshold")
            if below:
                return self._by_tally(below, current)[::-1]
        if o.cutoff_elimination:
            below = [c for c in current if current[c] < threshold]
            if below:
                return self._by_tally(below, current)[::-1]
        if o.batch_elimination:
            batch = self._batch(current)
            if len(batch) > 1:
                return batch
        low = min(current.values())
        last = [c for c in current if current[c] == low]
        if len(last) == 1:
            return last
        tie = self.ties.decide(last, "exclude", self.history)
        tie_breaks.append(tie)
        return [tie.chosen]

    def _batch(self, current: dict[str, _Num]) -> list[str]:
        """Everyone whose votes together cannot reach the next candidate's (RCTab batch elimination)."""
        levels = sorted(set(current.values()))
        running: _Num = 0
        seen: list[str] = []
        out: list[str] = []
        before: list[str] = []
        for v in levels:
            if running < v and len(seen) > len(out):
                before = list(out)
                out = list(seen)
            group = self._by_tally([c for c in current if current[c] == v], current)
            running += v * len(group)
            seen.extend(group)
        if self.o.continue_until_two_remain and len(out) + len(self.eliminated) == self.num_candidates - 1:
            out = before
        return out

    def _should_continue(self, r: int) -> bool:
        o = self.o
        if o.stop_after_round is not None and r >= o.stop_after_round:
            return False
        if len(self.winners) == self.num_declared and o.seats > self.num_candidates:
            return False
        if o.continue_until_two_remain:
            return len(self.eliminated) + len(self.winners) + 1 < self.num_candidates or r in self.eliminated.values()
        if self.percentage:
            return not self.winners
        return len(self.winners) < o.seats or (self.surpluses and r in self.winners.values())


def _percentage(p: Fraction | Decimal) -> Decimal:
    """The bottoms-up share as RCTab holds it: the percentage / 100, with at least two places."""
    if isinstance(p, Decimal):
        return p
    exact = Decimal(_number(p))
    places = max(2, -int(exact.as_tuple().exponent))
    return _scaled(p, places, up=False)


def _with_transfers(last: Round, pending: list[Action], transfers: dict[str, dict[str, _Num]]) -> Round:
    """The previous round, its actions completed by the movements of this round."""
    return dataclasses.replace(
        last,
        actions=tuple(dataclasses.replace(a, transfers=dict(transfers.get(a.candidate, {}))) for a in pending),
    )
