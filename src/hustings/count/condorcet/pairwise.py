"""The pairwise matrix: for each ordered pair (a, b), the weight of ballots preferring a to b.

A ballot is read as a weak order with :meth:`Profile.weak`: candidates at
earlier ranks are preferred to those at later ranks, any ranked candidate is
preferred to every unranked one, and candidates at the same rank (an equal
ranking or an overvote) or both unranked contribute nothing to their pair.
This is the usual reading of truncated ballots for Condorcet methods (a
voter prefers every candidate ranked to every candidate left unranked, and is
indifferent among those left unranked); ``pref_voting`` calls it "extended
strict preference".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hustings.count.by_score import score_result
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result, TieBreak, Votes

Matrix = dict[str, dict[str, Weight]]
"""``matrix[a][b]``: the weight of ballots preferring ``a`` to ``b`` (no diagonal)."""


def pairwise_matrix(profile: Profile) -> Matrix:
    """The pairwise matrix of the continuing candidates, in ballot-paper order."""
    names = profile.continuing
    matrix: Matrix = {a: {b: 0 for b in names if b != a} for a in names}
    for ranks, w in profile.weak():
        below = set(names)
        for rank in ranks:
            below -= rank
            for a in rank:
                row = matrix[a]
                for b in below:
                    row[b] += w
    return matrix


def beats(matrix: Mapping[str, Mapping[str, Weight]], a: str, b: str) -> bool:
    """More ballots prefer ``a`` to ``b`` than ``b`` to ``a``."""
    return matrix[a][b] > matrix[b][a]


def condorcet_winner(matrix: Mapping[str, Mapping[str, Weight]]) -> str | None:
    """The candidate who beats every other, if there is one."""
    for a in matrix:
        if all(beats(matrix, a, b) for b in matrix if b != a):
            return a
    return None


def condorcet_result(
    method: str,
    profile: Profile,
    options: Any,
    matrix: Matrix,
    scores: Mapping[str, Votes],
    elected: tuple[str, ...],
    ties: Sequence[TieBreak],
    notes: Sequence[str] = (),
) -> Result:
    """The record every pairwise method returns: scores, the matrix, and whether a Condorcet winner exists."""
    cw = condorcet_winner(matrix)
    notes = (*notes, f"Condorcet winner: {cw}" if cw else "no Condorcet winner")
    return score_result(method, profile, options, scores, elected, ties, pairwise=matrix, notes=notes)
