"""The two-round system (runoff), counted from ranked ballots.

Round 1 is a plurality count of first preferences; a candidate with more
than half of the valid votes is elected.  Otherwise the two candidates with
the most votes go to a second round between them, and the one more ballots
prefer is elected.  This is the rule for the French presidential election
(Constitution of 4 October 1958, art. 7: an absolute majority of votes cast
in the first round, otherwise a second round between the two candidates
with the most votes), here without the withdrawals a real second round allows.

Choices the rule leaves open, and how this module fills them:

* The ranked ballot stands in for the second-round vote: a ballot votes for
  whichever finalist it ranks higher, read as a weak order
  (:meth:`Profile.weak`, as pairwise methods read it), so a ballot void in
  round 1 (an overvote at its first usable rank) may still express a
  preference between the finalists, as a voter may vote again in a real
  second round.  A ballot ranking neither finalist, or both equally,
  expresses no preference and is recorded as ``no_preference``.
* First-round voids follow ``plurality`` (``overvotes``, ``blank``).
* A tie for a place in the runoff, and a tie in the runoff, are decided by
  ``tie_break`` (the runoff tie with round 1's votes as history).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hustings.count.by_score import elect_best, options_record
from hustings.count.plurality import first_preferences
from hustings.count.profile import Profile, Weight
from hustings.count.result import Action, Result, Round
from hustings.count.ties import TieBreaker, TiePolicy

NO_PREFERENCE = "no_preference"
"""Inactive cause: the ballot ranks neither finalist, or both equally."""


@dataclass(frozen=True)
class Options:
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def majority_threshold(poll: Weight) -> Weight | None:
    """The fewest whole votes that are more than half of ``poll`` (None for fractional weights)."""
    return poll // 2 + 1 if isinstance(poll, int) else None


def runoff(profile: Profile, a: str, b: str) -> tuple[dict[str, Weight], Weight]:
    """Votes for each of ``a`` and ``b`` by the ballots' preference between them, and the rest."""
    votes: dict[str, Weight] = {a: 0, b: 0}
    neither: Weight = 0
    for ranks, w in profile.weak():
        for rank in ranks:
            if a in rank or b in rank:
                if a in rank and b in rank:
                    neither += w
                else:
                    votes[a if a in rank else b] += w
                break
        else:
            neither += w
    return votes, neither


def count(profile: Profile, options: Options) -> Result:
    """Elect a first-round majority winner, or the winner of the runoff between the top two."""
    if not profile.continuing:
        raise ValueError("no candidates standing")
    tally, void = first_preferences(profile)
    breaker = TieBreaker(options.tie_break, profile.continuing)
    valid = sum(tally.values(), 0)
    record = options_record(options)
    leader = max(tally, key=lambda c: tally[c])
    if 2 * tally[leader] > valid or len(tally) == 1:
        first = Round(
            1,
            tally,
            (Action("elect", leader, note="majority of valid votes"),),
            threshold=majority_threshold(valid),
            inactive=void,
        )
        return Result("two-round", 1, profile.continuing, (leader,), (first,), total=valid, options=record)

    finalists, ties = elect_best(tally, 2, breaker)
    excluded = tuple(Action("exclude", c) for c in tally if c not in finalists)
    first = Round(1, tally, excluded, threshold=majority_threshold(valid), inactive=void, tie_breaks=ties)
    a, b = finalists
    votes, neither = runoff(profile, a, b)
    winners, final_ties = elect_best(votes, 1, breaker, history=(tally,))
    second = Round(
        2,
        votes,
        (Action("elect", winners[0]),),
        inactive={NO_PREFERENCE: neither} if neither else {},
        tie_breaks=final_ties,
    )
    return Result("two-round", 1, profile.continuing, winners, (first, second), total=valid, options=record)
