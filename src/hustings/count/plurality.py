"""First past the post (plurality), and its several-seat form, the single non-transferable vote.

Each ballot is one vote for its first preference; the candidate with the most
votes is elected (with ``seats`` = N: the N candidates with the most votes,
which is the single non-transferable vote).  For the UK rule see the
Parliamentary Elections Rules, Representation of the People Act 1983 Sch. 1,
rule 50 (the candidate with the most votes is declared elected) and
rule 49 (an equality of votes is decided by lot).  For the block vote (a voter marks up to N candidates and
each mark counts) use ``approval`` with the same seats.

Choices the rule leaves open, and how this module reads a ranked ballot:

* A ballot's first preference is the first mark left after
  :meth:`Profile.strict` has passed over skipped ranks and withdrawn or
  unknown names.  A ballot whose first usable rank holds more than one
  candidate (an overvote) is void for a single-mark vote and is recorded
  as inactive under ``overvotes``; a ballot with no usable mark is recorded
  under ``blank``.  Neither counts towards the valid poll.
* An equality of votes at the last seat is decided by ``tie_break`` and
  recorded (the statutory rule is lot: the default policy draws lots from
  a seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hustings.count.by_score import elect_best, options_record
from hustings.count.profile import OVERVOTE, Profile, Weight
from hustings.count.result import OVERVOTES, Action, Result, Round
from hustings.count.ties import TieBreaker, TiePolicy

BLANK = "blank"
"""Inactive cause: the ballot marks no standing candidate."""


@dataclass(frozen=True)
class Options:
    seats: int = 1
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def first_preferences(profile: Profile) -> tuple[dict[str, Weight], dict[str, Weight]]:
    """Votes per continuing candidate (ballot-paper order), and void ballots by cause."""
    tally: dict[str, Weight] = dict.fromkeys(profile.continuing, 0)
    void: dict[str, Weight] = {OVERVOTES: 0, BLANK: 0}
    known = set(profile.continuing)
    for (raw, w), (order, _) in zip(profile.ballots.items(), profile.strict(), strict=True):
        if order:
            tally[order[0]] += w
        elif any(rank & known for rank in raw):
            void[OVERVOTES] += w  # a usable mark exists, so reading stopped at an overvote
        elif any(OVERVOTE in rank for rank in raw):
            void[OVERVOTES] += w  # an overvote recorded without names
        else:
            void[BLANK] += w
    return tally, {k: v for k, v in void.items() if v}


def count(profile: Profile, options: Options) -> Result:
    """Elect the ``seats`` candidates with the most first preferences."""
    tally, void = first_preferences(profile)
    breaker = TieBreaker(options.tie_break, profile.continuing)
    elected, ties = elect_best(tally, options.seats, breaker)
    rnd = Round(
        number=1,
        tally=tally,
        actions=tuple(Action("elect", c) for c in elected),
        inactive=void,
        tie_breaks=ties,
    )
    return Result(
        method="plurality",
        seats=options.seats,
        candidates=profile.continuing,
        elected=elected,
        rounds=(rnd,),
        total=sum(tally.values(), 0),
        options=options_record(options),
    )
