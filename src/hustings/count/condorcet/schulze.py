"""The Schulze method (beatpath): strongest paths through the pairwise defeats.

M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
Condorcet-consistent single-winner election method", Social Choice and
Welfare 36 (2011) 267–303.  d[a, b] is the weight of ballots preferring
a to b (:mod:`hustings.count.condorcet.pairwise`).  There is a link from a to
b when d[a, b] > d[b, a]; a path is as strong as its weakest link, p[a, b] is
the strength of the strongest path from a to b (0 when there is none), and
the potential winners are the candidates a with p[a, b] ≥ p[b, a] for every
other b.  Schulze proves the relation p[a, b] > p[b, a] transitive, so there
is always at least one potential winner.

Choices the paper leaves open, made explicit here:

``strength``
    The paper lets the strength of a link be measured in more than one
    way.  ``winning-votes`` (default; Schulze's own presentation of the
    method) measures the link from a to b by d[a, b]; ``margins`` by
    d[a, b] − d[b, a].  With complete strict rankings the two agree; with
    truncated or equal rankings they can differ.
Ties
    Several potential winners are decided by ``tie_break`` and recorded
    (the paper's own tie-breaking procedure, built from randomly drawn
    ballots, is not implemented).

The result's scores are the number of candidates each one beats by
strongest paths (the Schulze ranking: higher is better).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hustings.count.condorcet.pairwise import Matrix, condorcet_result, pairwise_matrix
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result, TieBreak, Votes
from hustings.count.ties import TieBreaker, TiePolicy

Strength = Literal["winning-votes", "margins"]


@dataclass(frozen=True)
class Options:
    strength: Strength = "winning-votes"
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def link_strength(matrix: Matrix, a: str, b: str, strength: Strength) -> Weight:
    """The strength of the link from ``a`` to ``b``; 0 when ``a`` does not beat ``b``."""
    won, lost = matrix[a][b], matrix[b][a]
    if won <= lost:
        return 0
    if strength == "winning-votes":
        return won
    if strength == "margins":
        return won - lost
    raise ValueError(f"unknown strength {strength!r}; choose winning-votes or margins")


def strongest_paths(matrix: Matrix, strength: Strength = "winning-votes") -> dict[str, dict[str, Weight]]:
    """p[a][b]: the strength of the strongest path from a to b (widest paths, Floyd–Warshall)."""
    names = list(matrix)
    p = {a: {b: link_strength(matrix, a, b, strength) for b in names if b != a} for a in names}
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


def count(profile: Profile, options: Options) -> Result:
    """Elect the potential winner by strongest paths (ties by policy)."""
    matrix = pairwise_matrix(profile)
    if not matrix:
        raise ValueError("no candidates standing")
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
