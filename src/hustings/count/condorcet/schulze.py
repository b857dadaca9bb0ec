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

Computation.  Only the order of link strengths matters to widest paths
(a path's strength is a minimum, the strongest a maximum), so the exact
strengths are replaced by their ranks among the distinct strengths (in the
smallest unsigned integer type that holds them) and Floyd–Warshall runs on
those, one numpy step per intermediate candidate: ``n³`` elementary steps
in ``n`` vectorised passes, exact whatever the size of the weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

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


def link_strengths(matrix: Matrix, strength: Strength) -> NDArray[Any]:
    """Every link's strength as scaled counts (0 where there is no link, and on the diagonal)."""
    won = matrix.counts
    lost = won.T
    if strength == "winning-votes":
        links = np.where(won > lost, won, 0)
    elif strength == "margins":
        links = np.where(won > lost, won - lost, 0)
    else:
        raise ValueError(f"unknown strength {strength!r}; choose winning-votes or margins")
    return links


def strongest_path_ranks(links: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any]]:
    """The strongest paths as ranks into the distinct link strengths, and those strengths.

    ``strengths[ranks[a, b]]`` is the strength of the strongest path from a
    to b; comparing ranks compares strengths.  The diagonal means nothing.
    """
    n = links.shape[0]
    strengths, inverse = np.unique(links, return_inverse=True)
    kind = np.uint8 if len(strengths) <= 1 << 8 else np.uint16 if len(strengths) <= 1 << 16 else np.uint32
    p = inverse.reshape(n, n).astype(kind)
    via = np.empty_like(p)
    for i in range(n):
        # A path through i is as strong as the weaker of its two halves.
        np.minimum(p[:, i : i + 1], p[i : i + 1, :], out=via)
        np.maximum(p, via, out=p)
    return p, strengths


def strongest_paths(
    matrix: Mapping[str, Mapping[str, Weight]], strength: Strength = "winning-votes"
) -> dict[str, dict[str, Weight]]:
    """p[a][b]: the strength of the strongest path from a to b (widest paths, Floyd–Warshall)."""
    m = Matrix.of(matrix)
    ranks, strengths = strongest_path_ranks(link_strengths(m, strength))
    names = m.names
    return {
        a: {b: m.weight(strengths[ranks[i, j]]) for j, b in enumerate(names) if j != i} for i, a in enumerate(names)
    }


def count(profile: Profile, options: Options) -> Result:
    """Elect the potential winner by strongest paths (ties by policy)."""
    matrix = pairwise_matrix(profile)
    if not matrix:
        raise ValueError("no candidates standing")
    p, _ = strongest_path_ranks(link_strengths(matrix, options.strength))
    names = matrix.names
    winners = [names[i] for i in np.flatnonzero(np.all(p >= p.T, axis=1))]
    beaten = np.count_nonzero(p > p.T, axis=1)
    scores: dict[str, Votes] = {a: int(beaten[i]) for i, a in enumerate(names)}
    ties: tuple[TieBreak, ...] = ()
    if len(winners) > 1:
        ties = (TieBreaker(options.tie_break, profile.continuing).decide(winners, "elect"),)
        elected: tuple[str, ...] = (ties[0].chosen,)
    else:
        elected = tuple(winners)
    note = f"score: candidates beaten by strongest paths ({options.strength})"
    return condorcet_result("schulze", profile, options, matrix, scores, elected, ties, (note,))
