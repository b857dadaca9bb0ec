"""The exhaustive ballot, as a branch or constituency meeting runs it.

The rule (Labour's model procedural rules for selections and for branch nominations, and the
usual standing orders of a meeting): the attending members vote for one candidate; if a
candidate has more than half of the votes cast in that round, they are elected; otherwise the
candidate with the fewest votes is eliminated and the meeting votes again among the rest, round
after round, until someone has a majority of that round's votes.

Choices the rule leaves open, and this module's:

* Each round is a fresh vote, so a round's majority is of the votes cast *in that round*: a
  member who votes in round 1 and abstains in round 2 is not counted in round 2's total.
* A ranked ballot (a `Profile`) stands for a member who votes each round for their highest
  continuing choice; `decide_round` takes a meeting's hand-counted tally when rounds are
  entered one by one (`hustings.services.processes` does so for a meeting).
* A round's vote for more than one continuing candidate is void (`overvotes`); a ballot with
  no continuing candidate left abstains (`exhausted_choices`).
* One candidate is eliminated per round. A tie for fewest votes is decided by
  `hustings.count.ties` (`TiePolicy`; the default draws lots from a seed, and the `forward`
  or `backward` modes consult the earlier rounds first) and recorded in the round.
* With two candidates left and equal votes there is no majority: the tie is broken to
  eliminate one, and the other is elected in the next round, as a meeting would vote again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hustings.count.by_score import options_record
from hustings.count.profile import OVERVOTE, Profile, Weight
from hustings.count.result import EXHAUSTED, OVERVOTES, Action, Result, Round, TieBreak, Votes
from hustings.count.ties import TieBreaker, TiePolicy


@dataclass(frozen=True)
class Options:
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def decide_round(
    number: int,
    tally: Mapping[str, Votes],
    history: Sequence[Mapping[str, Votes]],
    breaker: TieBreaker,
    inactive: Mapping[str, Votes] | None = None,
) -> Round:
    """One round of a meeting: elect whoever has more than half of `tally`'s votes, else
    eliminate the fewest (a tie decided by `breaker`, which may consult `history`)."""
    cast = sum(tally.values(), 0)
    standing = list(tally)
    if not standing:
        raise ValueError("a round needs at least one candidate")
    leader = max(standing, key=lambda c: tally[c])
    if len(standing) == 1 or 2 * tally[leader] > cast:
        return Round(number, dict(tally), (Action("elect", leader),), threshold=cast // 2 + 1, inactive=inactive or {})
    fewest = min(tally.values())
    tied = [c for c in standing if tally[c] == fewest]
    ties: tuple[TieBreak, ...] = ()
    if len(tied) > 1:
        decision = breaker.decide(tied, "exclude", history)
        ties = (decision,)
        loser = decision.chosen
    else:
        loser = tied[0]
    return Round(
        number,
        dict(tally),
        (Action("exclude", loser),),
        threshold=cast // 2 + 1,
        inactive=inactive or {},
        tie_breaks=ties,
    )


def count(profile: Profile, options: Options) -> Result:
    """Run the rounds of an exhaustive ballot over ranked ballots (each a member's round-by-round vote)."""
    breaker = TieBreaker(options.tie_break, profile.continuing)
    standing = list(profile.continuing)
    rounds: list[Round] = []
    history: list[Mapping[str, Votes]] = []
    elected: tuple[str, ...] = ()
    while standing:
        tally: dict[str, Weight] = dict.fromkeys(standing, 0)
        inactive: dict[str, Weight] = {}
        live = set(standing)
        for ranking, weight in profile:
            choice = _vote(ranking, live)
            if choice in live:
                tally[choice] += weight
            else:
                inactive[choice] = inactive.get(choice, 0) + weight
        rnd = decide_round(len(rounds) + 1, tally, history, breaker, inactive)
        rounds.append(rnd)
        history.append(rnd.tally)
        if rnd.elected:
            elected = rnd.elected
            break
        standing.remove(rnd.excluded[0])
    first = rounds[0] if rounds else None
    return Result(
        method="exhaustive",
        seats=1,
        candidates=profile.continuing,
        elected=elected,
        rounds=tuple(rounds),
        total=first.active if first is not None else 0,
        options=options_record(options),
    )


def _vote(ranking: Sequence[frozenset[str]], live: set[str]) -> str:
    """The member's vote this round: their first rank naming a continuing candidate, or why none."""
    for rank in ranking:
        marks = rank & live
        if len(marks) > 1 or (marks and OVERVOTE in rank):
            return OVERVOTES
        if marks:
            return next(iter(marks))
        if OVERVOTE in rank:
            return OVERVOTES
    return EXHAUSTED
