"""Ranked pairs (Tideman): lock in the pairwise defeats from the largest margin down.

T. N. Tideman, "Independence of clones as a criterion for voting rules",
Social Choice and Welfare 4 (1987) 185–206.  For every pair of candidates
whose margin (ballots preferring a to b minus those preferring b to a; see
:mod:`hustings.count.condorcet.pairwise`) is positive, the defeat a > b is
considered in order of decreasing margin and locked in unless it would
complete a cycle with defeats already locked; the winner is the candidate no
locked defeat points at.

Choices the text leaves open, made explicit here:

Equal margins
    When several defeats have the same margin and locking all of them
    would complete a cycle, the order among them matters.  They are then
    ordered by a tie-breaking ranking of the candidates, as Zavist & Tideman
    ("Complete independence of clones in the ranked pairs rule", Social
    Choice and Welfare 6 (1989) 167–173) prescribe: the defeat whose winner
    ranks higher comes first, and for the same winner the one whose loser
    ranks lower.  The ranking is drawn with ``tie_break`` (one candidate
    at a time) the first time it is needed, and each draw is recorded.
    When locking all of a group completes no cycle, the order is immaterial
    and no ranking is drawn.
Zero margins
    A pair with equal support either way is not a defeat and is never
    locked; if that leaves several candidates undefeated, the winner among
    them is decided by ``tie_break`` and recorded.

The result's scores are the number of candidates each one is locked above
(directly or through other locked defeats); the notes list every defeat in
the order considered, locked or skipped.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from hustings.count.condorcet.pairwise import condorcet_result, pairwise_matrix
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result, TieBreak, Votes, decimal_string
from hustings.count.ties import TieBreaker, TiePolicy


@dataclass(frozen=True)
class Options:
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def _reaches(locked: dict[str, set[str]], start: str, goal: str) -> bool:
    """Whether locked defeats lead from ``start`` to ``goal``."""
    seen = {start}
    stack = [start]
    while stack:
        x = stack.pop()
        if x == goal:
            return True
        for y in locked[x] - seen:
            seen.add(y)
            stack.append(y)
    return False


def _acyclic_with(locked: dict[str, set[str]], group: list[tuple[str, str]]) -> bool:
    trial = {a: set(bs) for a, bs in locked.items()}
    for a, b in group:
        if _reaches(trial, b, a):
            return False
        trial[a].add(b)
    return True


def _tie_breaking_ranking(breaker: TieBreaker, names: list[str]) -> tuple[list[str], list[TieBreak]]:
    ranking: list[str] = []
    draws: list[TieBreak] = []
    pool = list(names)
    while len(pool) > 1:
        t = breaker.decide(pool, "elect")
        draws.append(dataclasses.replace(t, purpose="order", reason=f"tie-breaking ranking of candidates: {t.reason}"))
        ranking.append(t.chosen)
        pool.remove(t.chosen)
    return ranking + pool, draws


def count(profile: Profile, options: Options) -> Result:
    """Lock defeats by decreasing margin, skipping those that complete a cycle."""
    matrix = pairwise_matrix(profile)
    if not matrix:
        raise ValueError("no candidates standing")
    names = list(matrix)
    breaker = TieBreaker(options.tie_break, profile.continuing)
    defeats: list[tuple[str, str, Weight]] = [
        (a, b, matrix[a][b] - matrix[b][a]) for a in names for b in names if a != b and matrix[a][b] > matrix[b][a]
    ]
    locked: dict[str, set[str]] = {a: set() for a in names}
    ranking: list[str] | None = None
    ties: list[TieBreak] = []
    notes: list[str] = []
    for margin in sorted({m for _, _, m in defeats}, reverse=True):
        group = [(a, b) for a, b, m in defeats if m == margin]
        if len(group) > 1 and not _acyclic_with(locked, group):
            if ranking is None:
                ranking, draws = _tie_breaking_ranking(breaker, names)
                ties.extend(draws)
            tbrc = ranking
            group.sort(key=lambda ab: (tbrc.index(ab[0]), -tbrc.index(ab[1])))
        for a, b in group:
            if _reaches(locked, b, a):
                notes.append(f"skipped {a} > {b} (margin {decimal_string(margin)}): it would complete a cycle")
            else:
                locked[a].add(b)
                notes.append(f"locked {a} > {b} (margin {decimal_string(margin)})")
    undefeated = [c for c in names if not any(c in locked[x] for x in names)]
    if len(undefeated) > 1:
        tie = breaker.decide(undefeated, "elect")
        ties.append(tie)
        elected: tuple[str, ...] = (tie.chosen,)
    else:
        elected = tuple(undefeated)
    scores: dict[str, Votes] = {a: sum(1 for b in names if b != a and _reaches(locked, a, b)) for a in names}
    return condorcet_result("ranked-pairs", profile, options, matrix, scores, elected, ties, notes)
