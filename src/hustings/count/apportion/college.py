"""Weighted electoral colleges counted by the alternative vote.

A college is a set of *sections* (MPs, members, affiliates...), each casting
preferential ballots.  Each round every section's ballots count for their
highest continuing preference; a candidate's college score is

* with weights: the sum over sections of ``weight × (section votes for the
  candidate / section's valid votes still in the count)``, the rule of the
  Labour Party's electoral college for leader and deputy until 2014
  (Labour Party Rule Book 2010, Chapter 4, election of leader and deputy
  leader: one third each to MPs and MEPs, individual members, and members of
  affiliated organisations) and of the
  Australian Labor Party's leadership ballot since 2013 (50 per cent to the
  parliamentary caucus, 50 per cent to the members);
* without weights: the plain sum of votes across sections, which is one
  member one vote with results *reported* by section, as in Labour's
  contests since 2015 (members, registered supporters, affiliated
  supporters).

A candidate with more than half of the college is elected; otherwise the
lowest is excluded in every section at once and its ballots pass on within
their own section.  Ties for exclusion go to the given tie-break policy.

Each section is read with :meth:`Profile.strict` (overvotes end a ballot),
and the exclusion is decided jointly on the college score; this cannot be
expressed as separate IRV counts per section, so it is counted here rather
than through :mod:`hustings.count.irv`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from hustings.count.profile import Profile, Weight
from hustings.count.result import EXHAUSTED, Action, Result, Round, TieBreak, Votes
from hustings.count.ties import TieBreaker, TiePolicy


@dataclass(frozen=True)
class Section:
    """One section of a college: its ballots and its share of the college."""

    name: str
    profile: Profile
    weight: Fraction | None = None
    """Share of the whole college (e.g. 1/3); ``None`` for one member one vote."""


@dataclass(frozen=True)
class Options:
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def count(sections: Sequence[Section], options: Options | None = None) -> Result:
    """Count a college; round tallies are percentages of the college when weighted, votes otherwise."""
    options = options or Options()
    weighted = _check_weights(sections)
    candidates: list[str] = []
    for s in sections:
        for c in s.profile.continuing:
            if c not in candidates:
                candidates.append(c)
    ballots = [list(s.profile.strict()) for s in sections]
    breaker = TieBreaker(options.tie_break, candidates)
    excluded: set[str] = set()
    rounds: list[Round] = []
    history: list[dict[str, Fraction]] = []
    elected: list[str] = []
    while not elected:
        continuing = [c for c in candidates if c not in excluded]
        per_section, exhausted = _section_tallies(ballots, continuing, excluded)
        score = _college_score(sections, per_section, continuing, weighted)
        extra: dict[str, Votes] = {}
        for s, tally in zip(sections, per_section, strict=True):
            for c in continuing:
                extra[f"{s.name}: {c}"] = tally[c]
        total = sum(score.values(), Fraction(0))
        actions: list[Action] = []
        ties: list[TieBreak] = []
        leader = max(continuing, key=lambda c: score[c])
        if 2 * score[leader] > total or len(continuing) == 1:
            elected.append(leader)
            actions.append(Action("elect", leader))
        else:
            loser = _lowest(continuing, score, breaker, history, ties)
            actions.append(Action("exclude", loser))
            excluded.add(loser)
        rounds.append(
            Round(
                number=len(rounds) + 1,
                tally=score,
                actions=tuple(actions),
                threshold=total / 2,
                inactive={EXHAUSTED: exhausted} if exhausted else {},
                tie_breaks=tuple(ties),
                extra=extra,
            )
        )
        history.append(score)
    return Result(
        method="weighted-college" if weighted else "college-one-member-one-vote",
        seats=1,
        candidates=tuple(candidates),
        elected=tuple(elected),
        rounds=tuple(rounds),
        options={"sections": [s.name for s in sections], "weights": [s.weight for s in sections]},
    )


def _check_weights(sections: Sequence[Section]) -> bool:
    """Every section weighted (positive shares adding up to 1) or none; True when weighted."""
    if not sections:
        raise ValueError("a college needs at least one section")
    weights = [s.weight for s in sections]
    weighted = weights[0] is not None
    if any((w is None) == weighted for w in weights):
        raise ValueError("give every section a weight, or none (one member one vote)")
    given = [w for w in weights if w is not None]
    if weighted and (any(w <= 0 for w in given) or sum(given) != 1):
        raise ValueError("section weights must be positive and add up to 1")
    return weighted


def _section_tallies(
    ballots: list[list[tuple[tuple[str, ...], Weight]]], continuing: list[str], excluded: set[str]
) -> tuple[list[dict[str, Weight]], Weight]:
    """Each section's ballots for their highest continuing preference; and the exhausted."""
    per_section: list[dict[str, Weight]] = []
    exhausted: Weight = 0
    for rows in ballots:
        tally: dict[str, Weight] = dict.fromkeys(continuing, 0)
        for order, w in rows:
            top = next((c for c in order if c not in excluded), None)
            if top is None:
                exhausted += w
            else:
                tally[top] += w
        per_section.append(tally)
    return per_section, exhausted


def _college_score(
    sections: Sequence[Section], per_section: list[dict[str, Weight]], continuing: list[str], weighted: bool
) -> dict[str, Fraction]:
    """Weighted: the sum of weight x the section's share of its valid votes still in the count, in
    per cent; otherwise the plain sum of votes."""
    score: dict[str, Fraction] = dict.fromkeys(continuing, Fraction(0))
    for s, tally in zip(sections, per_section, strict=True):
        active = sum(tally.values(), 0)
        for c in continuing:
            if weighted:
                assert s.weight is not None
                share = Fraction(tally[c]) / active if active else Fraction(0)
                score[c] += 100 * s.weight * share
            else:
                score[c] += tally[c]
    return score


def _lowest(
    continuing: list[str],
    score: dict[str, Fraction],
    breaker: TieBreaker,
    history: list[dict[str, Fraction]],
    ties: list[TieBreak],
) -> str:
    """The candidate to exclude: the lowest college score, ties to the tie-break policy."""
    low = min(score[c] for c in continuing)
    lowest = [c for c in continuing if score[c] == low]
    if len(lowest) > 1:
        tb = breaker.decide(lowest, "exclude", history)
        ties.append(tb)
        return tb.chosen
    return lowest[0]
