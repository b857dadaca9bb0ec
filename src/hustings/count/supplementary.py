"""The supplementary vote (SV), as used for elected mayors in England and Wales.

Rule text: Local Government Act 2000, Sch. 2, paras 2–3 (elected mayors), the
same rule as the Greater London Authority Act 1999, Sch. 2 (Mayor of London),
the Local Democracy, Economic Development and Construction Act 2009, Sch. 5B
paras 4–5 (combined-authority mayors) and the Police Reform and Social
Responsibility Act 2011, s. 57 (police and crime commissioners); the count itself
follows the Local Authorities (Mayoral Elections) (England and Wales)
Regulations 2007 (S.I. 2007/1024).  (The Elections Act 2022 replaced SV with
first past the post for these offices.)

Each voter has a first preference vote and, where there are three or more
candidates, a second preference vote.  A candidate with more than half of
all the first preference votes is elected.  Otherwise the two candidates
with the most first preference votes remain in the contest (all of them if
an equality of votes would otherwise leave more than two qualified: para
3(3)), the others are eliminated, and each remaining candidate adds the
second preference votes of the voters whose first preference went to an
eliminated candidate.  The remaining candidate with the greatest total is
elected; an equality is decided by lot.

How a ranked ballot is read (``ballot_reading``):

``columns`` (default)
    The ballot's first two ranks are the first and second preference
    columns and later ranks are ignored, as on the statutory ballot paper.
    The paper is void (rejected) without exactly one first preference for
    a standing candidate: a first rank with several marks is ``overvotes``,
    an empty first rank (even with a second preference) ``blank``.  A
    second preference with several marks, or for the first-preference
    candidate, is not a valid second preference (the first still counts).
``first-two-preferences``
    The first two usable preferences of :meth:`Profile.strict` (skipped
    ranks passed over): for asking what an election held under another
    ranked method would have given under SV.

Rounds are recorded as for IRV: round 1 holds the first preference votes
with one ``exclude`` action per eliminated candidate whose transfers are
that candidate's second preferences for the remaining candidates (the rest
under ``exhausted``); round 2 holds the totals.  The final equality "by lot"
is decided by ``tie_break`` (default: lot from a seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hustings.count.by_score import elect_best, options_record
from hustings.count.plurality import BLANK
from hustings.count.profile import OVERVOTE, Profile, Ranking, Weight
from hustings.count.result import EXHAUSTED, EXHAUSTED_TARGET, OVERVOTES, Action, Result, Round
from hustings.count.ties import TieBreaker, TiePolicy
from hustings.count.two_round import majority_threshold

BallotReading = Literal["columns", "first-two-preferences"]


@dataclass(frozen=True)
class Options:
    ballot_reading: BallotReading = "columns"
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def _single(rank: frozenset[str], known: frozenset[str]) -> str | Literal[False] | None:
    """The one standing candidate marked at ``rank``; None if none; False if several."""
    if OVERVOTE in rank:
        return False
    live = rank & known
    if len(live) > 1:
        return False
    return next(iter(live)) if live else None


def _columns(raw: Ranking, known: frozenset[str]) -> tuple[str | Literal[False] | None, str | None]:
    first = _single(raw[0], known) if raw else None
    second = _single(raw[1], known) if len(raw) > 1 else None
    if not second or second == first:
        second = None
    return first, second


def read_preferences(
    profile: Profile, reading: BallotReading
) -> tuple[dict[tuple[str, str | None], Weight], dict[str, Weight]]:
    """Valid ballots as ``(first, second or None) -> weight``, and void ballots by cause."""
    known = frozenset(profile.continuing)
    valid: dict[tuple[str, str | None], Weight] = {}
    void: dict[str, Weight] = {}
    if reading == "columns":
        for raw, w in profile.ballots.items():
            first, second = _columns(raw, known)
            if first is None or first is False:
                cause = OVERVOTES if first is False else BLANK
                void[cause] = void.get(cause, 0) + w
            else:
                valid[(first, second)] = valid.get((first, second), 0) + w
    elif reading == "first-two-preferences":
        for (raw, w), (order, _) in zip(profile.ballots.items(), profile.strict(), strict=True):
            if order:
                key = (order[0], order[1] if len(order) > 1 else None)
                valid[key] = valid.get(key, 0) + w
            else:
                cause = OVERVOTES if any(rank & known or OVERVOTE in rank for rank in raw) else BLANK
                void[cause] = void.get(cause, 0) + w
    else:
        raise ValueError(f"unknown ballot_reading {reading!r}; choose columns or first-two-preferences")
    return valid, void


def count(profile: Profile, options: Options) -> Result:
    """Count first preferences; failing a majority, add second preferences for the top two."""
    if not profile.continuing:
        raise ValueError("no candidates standing")
    valid, void = read_preferences(profile, options.ballot_reading)
    breaker = TieBreaker(options.tie_break, profile.continuing)
    record = options_record(options)
    first: dict[str, Weight] = dict.fromkeys(profile.continuing, 0)
    for (a, _), w in valid.items():
        first[a] += w
    poll = sum(first.values(), 0)
    leader = max(first, key=lambda c: first[c])
    if 2 * first[leader] > poll or len(first) == 1:
        only = Round(
            1,
            first,
            (Action("elect", leader, note="more than half of the first preference votes"),),
            threshold=majority_threshold(poll),
            inactive=void,
        )
        return Result("supplementary-vote", 1, profile.continuing, (leader,), (only,), total=poll, options=record)

    # Para 3(2)-(3): the top two remain, and every candidate tied for a place among them.
    second_highest = sorted(first.values(), reverse=True)[1]
    remaining = [c for c in first if first[c] >= second_highest]
    transfers: dict[str, dict[str, Weight]] = {c: {} for c in first if c not in remaining}
    totals: dict[str, Weight] = {c: first[c] for c in remaining}
    exhausted: Weight = 0
    for (a, b), w in valid.items():
        if a in remaining:
            continue
        to = b if b in totals else EXHAUSTED_TARGET
        transfers[a][to] = transfers[a].get(to, 0) + w
        if b in totals:
            totals[b] += w
        else:
            exhausted += w
    actions = tuple(
        Action("exclude", c, {k: transfers[c].get(k, 0) for k in (*remaining, EXHAUSTED_TARGET)}) for c in transfers
    )
    notes: tuple[str, ...] = ()
    if len(remaining) > 2:
        notes = (f"{', '.join(remaining)} remain in the contest: equality of first preference votes (para 3(3))",)
    round1 = Round(1, first, actions, threshold=majority_threshold(poll), inactive=void)
    winners, ties = elect_best(totals, 1, breaker, history=(first,))
    inactive2 = {**void, EXHAUSTED: exhausted} if exhausted else dict(void)
    round2 = Round(2, totals, (Action("elect", winners[0]),), inactive=inactive2, tie_breaks=ties)
    return Result(
        "supplementary-vote",
        1,
        profile.continuing,
        winners,
        (round1, round2),
        total=poll,
        options=record,
        notes=notes,
    )
