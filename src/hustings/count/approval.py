"""Approval voting: one point for every candidate a ballot marks.

Brams & Fishburn, "Approval voting", American Political Science Review 72
(1978): each voter may vote for as many candidates as they like, and the
candidate with the most votes wins; with ``seats`` = N the N candidates with
the most approvals are elected, which is also the block vote when each voter
marks at most N candidates.

A ranked ballot is read as approving every standing candidate it names at
any rank, once each, whatever the order: overvotes and equal rankings
approve all their candidates, repeats count once, withdrawn and unknown
names are passed over (:meth:`Profile.weak`).  Ties at the last seat are
decided by ``tie_break`` and recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hustings.count.by_score import elect_best, score_result
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result
from hustings.count.ties import TieBreaker, TiePolicy


@dataclass(frozen=True)
class Options:
    seats: int = 1
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def approvals(profile: Profile) -> dict[str, Weight]:
    """Approvals per continuing candidate, in ballot-paper order."""
    scores: dict[str, Weight] = dict.fromkeys(profile.continuing, 0)
    for ranks, w in profile.weak():
        for rank in ranks:
            for c in rank:
                scores[c] += w
    return scores


def count(profile: Profile, options: Options) -> Result:
    """Elect the ``seats`` candidates with the most approvals."""
    scores = approvals(profile)
    elected, ties = elect_best(scores, options.seats, TieBreaker(options.tie_break, profile.continuing))
    return score_result("approval", profile, options, scores, elected, ties, seats=options.seats)
