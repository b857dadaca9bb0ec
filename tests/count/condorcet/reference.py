"""The Condorcet methods written the plain way, as the reference the fast counts are checked against.

Dictionaries of exact weights and loops that read as the papers do: the
matrix built ballot by ballot, Floyd–Warshall's widest paths pair by pair,
ranked pairs searching the locked defeats for a cycle before each lock.
Cubic or worse, so fine for the few candidates of a property test and
nothing more; ``tests/count/condorcet/test_fast_counts_match_the_reference.py``
asserts every record the fast counts return equals these.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from hustings.count.by_score import elect_best
from hustings.count.condorcet import copeland, minimax, ranked_pairs, schulze
from hustings.count.condorcet.pairwise import condorcet_result
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result, TieBreak, Votes, decimal_string
from hustings.count.ties import TieBreaker

Matrix = dict[str, dict[str, Weight]]


def pairwise_matrix(profile: Profile) -> Matrix:
    names = profile.continuing
    matrix: Matrix = {a: {b: 0 for b in names if b != a} for a in names}
    for ranks, w in profile.weak():
        below = set(names)
        for rank in ranks:
            below -= rank
            for a in rank:
                for b in below:
                    matrix[a][b] += w
    return matrix


def _exact(x: Weight) -> Weight:
    return x.numerator if isinstance(x, Fraction) and x.denominator == 1 else x


def copeland_count(profile: Profile, options: copeland.Options) -> Result:
    matrix = pairwise_matrix(profile)
    tie = Fraction(options.tie_score)
    scores: dict[str, Votes] = {}
    for a, row in matrix.items():
        s = sum((Fraction(1) if row[b] > matrix[b][a] else tie if row[b] == matrix[b][a] else Fraction(0)) for b in row)
        scores[a] = _exact(s)
    elected, ties = elect_best(scores, 1, TieBreaker(options.tie_break, profile.continuing))
    return condorcet_result("copeland", profile, options, matrix, scores, elected, ties)


def worst_defeat(matrix: Matrix, candidate: str, strength: str) -> Weight:
    worst: Weight = 0
    for b, row in matrix.items():
        if b == candidate:
            continue
        against, in_favour = row[candidate], matrix[candidate][b]
        if strength == "winning-votes":
            value: Weight = against if against > in_favour else 0
        elif strength == "margins":
            value = against - in_favour if against > in_favour else 0
        else:
            value = against
        worst = max(worst, value)
    return worst


def minimax_count(profile: Profile, options: minimax.Options) -> Result:
    matrix = pairwise_matrix(profile)
    scores: dict[str, Votes] = {c: _exact(-worst_defeat(matrix, c, options.strength)) for c in matrix}
    elected, ties = elect_best(scores, 1, TieBreaker(options.tie_break, profile.continuing))
    note = f"score: minus the {options.strength} strength of the candidate's worst defeat"
    return condorcet_result("minimax", profile, options, matrix, scores, elected, ties, (note,))


def strongest_paths(matrix: Matrix, strength: str) -> Matrix:
    names = list(matrix)

    def link(a: str, b: str) -> Weight:
        won, lost = matrix[a][b], matrix[b][a]
        if won <= lost:
            return 0
        return won if strength == "winning-votes" else won - lost

    p = {a: {b: link(a, b) for b in names if b != a} for a in names}
    for i in names:
        for j in names:
            if j == i:
                continue
            for k in names:
                if k in (i, j):
                    continue
                via = min(p[j][i], p[i][k])
                if via > p[j][k]:
                    p[j][k] = via
    return p


def schulze_count(profile: Profile, options: schulze.Options) -> Result:
    matrix = pairwise_matrix(profile)
    p = strongest_paths(matrix, options.strength)
    names = list(matrix)
    winners = [a for a in names if all(p[a][b] >= p[b][a] for b in names if b != a)]
    scores: dict[str, Votes] = {a: sum(1 for b in names if b != a and p[a][b] > p[b][a]) for a in names}
    ties: tuple[TieBreak, ...] = ()
    if len(winners) > 1:
        ties = (TieBreaker(options.tie_break, profile.continuing).decide(winners, "elect"),)
        elected: tuple[str, ...] = (ties[0].chosen,)
    else:
        elected = tuple(winners)
    note = f"score: candidates beaten by strongest paths ({options.strength})"
    return condorcet_result("schulze", profile, options, matrix, scores, elected, ties, (note,))


def _reaches(locked: dict[str, set[str]], start: str, goal: str) -> bool:
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


def ranked_pairs_count(profile: Profile, options: ranked_pairs.Options) -> Result:
    matrix = pairwise_matrix(profile)
    names = list(matrix)
    breaker = TieBreaker(options.tie_break, profile.continuing)
    defeats = [
        (a, b, _exact(matrix[a][b] - matrix[b][a]))
        for a in names
        for b in names
        if a != b and matrix[a][b] > matrix[b][a]
    ]
    locked: dict[str, set[str]] = {a: set() for a in names}
    ranking: list[str] | None = None
    ties: list[TieBreak] = []
    notes: list[str] = []
    for margin in sorted({m for _, _, m in defeats}, reverse=True):
        group = [(a, b) for a, b, m in defeats if m == margin]
        if len(group) > 1 and not _acyclic_with(locked, group):
            if ranking is None:
                ranking = []
                pool = list(names)
                while len(pool) > 1:
                    t = breaker.decide(pool, "elect")
                    reason = f"tie-breaking ranking of candidates: {t.reason}"
                    ties.append(dataclasses.replace(t, purpose="order", reason=reason))
                    ranking.append(t.chosen)
                    pool.remove(t.chosen)
                ranking += pool
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
