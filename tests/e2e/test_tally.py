"""The homomorphic tally (docs/e2e.md, "Tally"): the per-option products of valid marks ballots
decrypt to the column sums of the marks, and the counts come back from the decrypted points."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.e2e import group
from hustings.e2e.ballots import BallotSpec, encrypt_marks, encrypt_ranking
from hustings.e2e.elgamal import decrypt_point, discrete_log
from hustings.e2e.group import GroupError
from hustings.e2e.tally import aggregate, counts_from_points

SECRET = group.random_scalar(random.Random(11))
KEY = group.base(SECRET)


@settings(max_examples=10)
@given(st.integers(1, 4), st.lists(st.integers(0, 2**16), max_size=6), st.integers(0, 2**32))
def test_the_decrypted_products_are_the_numbers_of_marks(k: int, picks: list[int], seed: int) -> None:
    spec = BallotSpec("e-16", "marks", k, k, 0, k)
    rng = random.Random(seed)
    votes = [[(p >> i) & 1 for i in range(k)] for p in picks]
    ballots = [encrypt_marks(spec, KEY, v, rng)[0] for v in votes]
    totals = aggregate(spec, ballots)
    points = [decrypt_point(SECRET, ct) for ct in totals]
    assert counts_from_points(points, len(ballots)) == [sum(v[i] for v in votes) for i in range(k)]
    assert len(totals) == k


def test_no_ballots_aggregate_to_zero() -> None:
    spec = BallotSpec("e-16", "marks", 3, 3)
    assert counts_from_points([decrypt_point(SECRET, ct) for ct in aggregate(spec, [])], 0) == [0, 0, 0]


def test_aggregate_refuses_ranked_ballots_and_wrong_widths() -> None:
    ranked = BallotSpec("e-16", "ranked", 3, 2)
    with pytest.raises(ValueError, match="mixed"):
        aggregate(ranked, [encrypt_ranking(ranked, KEY, [1])[0]])
    two = encrypt_marks(BallotSpec("e-16", "marks", 2, 2), KEY, [1, 0])[0]
    with pytest.raises(ValueError, match="3 ciphertexts, not 2"):
        aggregate(BallotSpec("e-16", "marks", 3, 3), [two])


@settings(max_examples=30)
@given(st.integers(0, 3000), st.data())
def test_counts_from_points_finds_every_count_up_to_the_bound(bound: int, data: st.DataObject) -> None:
    ms = data.draw(st.lists(st.integers(0, bound), min_size=1, max_size=4))
    assert counts_from_points([group.base(m) for m in ms], bound) == ms
    with pytest.raises(GroupError, match=f"no count of 0 to {bound}"):
        counts_from_points([group.base(bound + data.draw(st.integers(1, 10)))], bound)


def test_counts_agree_with_the_plain_walk_and_refuse_other_points() -> None:
    assert counts_from_points([group.base(m) for m in range(30)], 29) == [
        discrete_log(group.base(m), 29) for m in range(30)
    ]
    with pytest.raises(GroupError):
        counts_from_points([group.neg(group.G)], 100)  # g^(-1): a count of L-1
    with pytest.raises(GroupError):
        counts_from_points([group.hash_to_point("test", [1])], 100)
    with pytest.raises(ValueError, match="number of ballots"):
        counts_from_points([], -1)
