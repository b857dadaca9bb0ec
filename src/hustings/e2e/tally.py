"""The homomorphic tally of marks ballots (docs/e2e.md, "Tally").

The product of the ballots' ciphertexts for an option encrypts g^(its number of marks) (Cramer,
Gennaro and Schoenmakers, EUROCRYPT '97, section 2.3; Adida, Helios, USENIX Security 2008): the
trustees decrypt only those products, never a ballot, and the count is the small discrete
logarithm of each decrypted point, found by baby-step giant-step (Shanks, 1971) in about
2·√bound group operations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from hustings.e2e import group
from hustings.e2e.ballots import BallotSpec, EncryptedBallot
from hustings.e2e.elgamal import ZERO, Ciphertext
from hustings.e2e.group import GroupError, Point


def aggregate(spec: BallotSpec, ballots: Sequence[EncryptedBallot]) -> list[Ciphertext]:
    """Per option, the product of every ballot's ciphertext for it (the trivial encryption of 0 when
    there are no ballots). The ballots must have been verified and weeded when cast."""
    if spec.kind != "marks":
        raise ValueError("only marks ballots are tallied homomorphically; ranked ballots are mixed")
    totals = [ZERO] * spec.options
    for ballot in ballots:
        if len(ballot.ciphertexts) != spec.options:
            raise ValueError(f"a ballot of this election has {spec.options} ciphertexts, not {len(ballot.ciphertexts)}")
        totals = [t * ct for t, ct in zip(totals, ballot.ciphertexts, strict=True)]
    return totals


def counts_from_points(points: Sequence[Point], bound: int) -> list[int]:
    """The m in 0..bound with g^m = point, for each point; `GroupError` if a point has none (a
    wrong decryption: no count of at most `bound` ballots gives it)."""
    if bound < 0:
        raise ValueError(f"the bound is a number of ballots, not {bound}")
    step = math.isqrt(bound) + 1  # step² > bound, so m = i·step + j with 0 <= i, j < step
    baby: dict[Point, int] = {}
    acc = group.IDENTITY
    for j in range(step):
        baby.setdefault(acc, j)
        acc = group.add(acc, group.G)
    giant = group.neg(acc)  # g^(−step)
    return [_log(point, bound, step, baby, giant) for point in points]


def _log(point: Point, bound: int, step: int, baby: dict[Point, int], giant: Point) -> int:
    y = point
    for i in range(step):
        j = baby.get(y)
        if j is not None:  # the logarithm is unique mod L: no other step can match
            if i * step + j <= bound:
                return i * step + j
            break
        y = group.add(y, giant)
    raise GroupError(f"no count of 0 to {bound} decrypts to {point.hex()}")
