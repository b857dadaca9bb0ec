"""Minimax (Simpson–Kramer): elect the candidate whose worst pairwise defeat is least bad.

P. B. Simpson, "On defining areas of voter choice", Quarterly Journal of
Economics 83 (1969); G. H. Kramer, "A dynamical model of political
equilibrium", Journal of Economic Theory 16 (1977).  Each candidate's worst
defeat is measured by ``strength``:

``winning-votes`` (default)
    the votes for the opponent who beats it by the most such votes;
``margins``
    the largest margin by which an opponent beats it;
``pairwise-opposition``
    the most votes any opponent gets against it, beaten or not (Kramer's
    measure; with truncated ballots it need not elect a Condorcet winner).

A candidate never beaten has a worst defeat of 0 under ``winning-votes`` and
``margins`` (as in ``pref_voting``'s ``minimax``).  The result's scores are
the worst defeats negated, so that higher is better as for other methods.
A tie is decided by ``tie_break`` and recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from hustings.count.by_score import elect_best
from hustings.count.condorcet.pairwise import Matrix, condorcet_result, pairwise_matrix
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result, Votes
from hustings.count.ties import TieBreaker, TiePolicy

Strength = Literal["winning-votes", "margins", "pairwise-opposition"]


@dataclass(frozen=True)
class Options:
    strength: Strength = "winning-votes"
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def worst_defeats(matrix: Mapping[str, Mapping[str, Weight]], strength: Strength) -> dict[str, Weight]:
    """Each candidate's worst pairwise defeat under ``strength`` (0 when never beaten)."""
    m = Matrix.of(matrix)
    against = m.counts.T  # against[c, b]: the weight preferring b to c
    in_favour = m.counts
    if strength == "winning-votes":
        values = np.where(against > in_favour, against, 0)
    elif strength == "margins":
        values = np.where(against > in_favour, against - in_favour, 0)
    elif strength == "pairwise-opposition":
        values = against
    else:
        raise ValueError(f"unknown strength {strength!r}")
    if not m.names:
        return {}
    # Every value is at least 0 and the diagonal is 0, so a row's maximum is the worst defeat.
    worst = values.max(axis=1)
    return {c: m.weight(worst[i]) for i, c in enumerate(m.names)}


def worst_defeat(matrix: Mapping[str, Mapping[str, Weight]], candidate: str, strength: Strength) -> Weight:
    """The strength of ``candidate``'s worst pairwise defeat under ``strength``."""
    return worst_defeats(matrix, strength)[candidate]


def count(profile: Profile, options: Options) -> Result:
    """Elect the candidate with the weakest worst defeat."""
    matrix = pairwise_matrix(profile)
    scores: dict[str, Votes] = {c: -w for c, w in worst_defeats(matrix, options.strength).items()}
    elected, ties = elect_best(scores, 1, TieBreaker(options.tie_break, profile.continuing))
    note = f"score: minus the {options.strength} strength of the candidate's worst defeat"
    return condorcet_result("minimax", profile, options, matrix, scores, elected, ties, (note,))
