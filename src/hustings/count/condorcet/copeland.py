"""Copeland's method: elect the candidate who wins the most head-to-head contests.

A. H. Copeland, "A 'reasonable' social welfare function", Seminar on
Applications of Mathematics to the Social Sciences, University of Michigan
(1951): a candidate scores its pairwise wins minus its pairwise losses.
Here a win scores 1, a loss 0 and a pairwise tie ``tie_score`` (default 1/2,
which ranks candidates exactly as wins minus losses does; 1 gives Llull's
method, 0 counts wins only).  The pairwise contests are read from the
ballots as :mod:`hustings.count.condorcet.pairwise` describes.

Copeland scores tie often; a tie for the last seat is decided by
``tie_break`` and recorded (no second-order tie-break is applied).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from hustings.count.by_score import elect_best
from hustings.count.condorcet.pairwise import Matrix, condorcet_result, pairwise_matrix
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result, Votes
from hustings.count.ties import TieBreaker, TiePolicy


@dataclass(frozen=True)
class Options:
    tie_score: Fraction | int = Fraction(1, 2)
    tie_break: TiePolicy = field(default_factory=TiePolicy)


def copeland_scores(
    matrix: Mapping[str, Mapping[str, Weight]], tie_score: Fraction | int = Fraction(1, 2)
) -> dict[str, Votes]:
    """Each candidate's score: 1 per pairwise win, ``tie_score`` per pairwise tie."""
    m = Matrix.of(matrix)
    tie = Fraction(tie_score)
    wins = np.count_nonzero(m.counts > m.counts.T, axis=1)
    # The diagonal is a candidate's "tie" with itself: not a contest.
    drawn = np.count_nonzero(m.counts == m.counts.T, axis=1) - 1
    scores: dict[str, Votes] = {}
    for a, won, level in zip(m.names, wins.tolist(), drawn.tolist(), strict=True):
        s = won + tie * level
        scores[a] = s.numerator if s.denominator == 1 else s
    return scores


def count(profile: Profile, options: Options) -> Result:
    """Elect the candidate with the highest Copeland score."""
    matrix = pairwise_matrix(profile)
    scores = copeland_scores(matrix, options.tie_score)
    elected, ties = elect_best(scores, 1, TieBreaker(options.tie_break, profile.continuing))
    return condorcet_result("copeland", profile, options, matrix, scores, elected, ties)
