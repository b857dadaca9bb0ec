"""Threshold decryption with a batched Chaum–Pedersen proof (hustings.e2e.decryption)."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.e2e.trustees import Ceremony, run_ceremony

from hustings.e2e import elgamal, group
from hustings.e2e.decryption import PartialDecryption, combine, lagrange, partial_decrypt, verify_partial
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.proofs import Proof

CONTEXT = ["e-2025", "tally"]
CEREMONY = run_ceremony(4, 3, seed=11)


def encrypt_all(c: Ceremony, values: list[int], seed: int) -> list[Ciphertext]:
    rng = random.Random(seed)
    return [elgamal.encrypt(c.public_key, v, group.random_scalar(rng)) for v in values]


def partials_of(c: Ceremony, trustees: list[int], cts: list[Ciphertext], seed: int = 0) -> list[PartialDecryption]:
    rng = random.Random(seed)
    return [partial_decrypt(CONTEXT, i, c.key_shares[i], cts, rng) for i in trustees]


def numbers(points: list[bytes]) -> list[int | None]:
    return [elgamal.discrete_log(p, 50) for p in points]


def test_any_quorum_of_three_of_four_decrypts_the_same() -> None:
    values = [0, 1, 7, 42, 3]
    cts = encrypt_all(CEREMONY, values, seed=1)
    for quorum in itertools.combinations(range(1, 5), 3):
        partials = partials_of(CEREMONY, list(quorum), cts)
        assert all(verify_partial(CONTEXT, CEREMONY.verification_key(p.trustee), cts, p) for p in partials)
        assert numbers(combine(cts, partials, quorum=3)) == values
    all_four = partials_of(CEREMONY, [4, 2, 1, 3], cts)
    assert numbers(combine(cts, all_four, quorum=3)) == values


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    shape=st.sampled_from([(2, 1), (3, 2), (4, 3), (5, 3), (5, 5)]),
    values=st.lists(st.integers(0, 20), min_size=1, max_size=4),
    data=st.data(),
)
def test_any_quorum_decrypts_the_same(
    seed: int, shape: tuple[int, int], values: list[int], data: st.DataObject
) -> None:
    n, k = shape
    c = run_ceremony(n, k, seed=seed)
    cts = encrypt_all(c, values, seed)
    quorum = data.draw(st.lists(st.integers(1, n), min_size=k, max_size=n, unique=True))
    assert numbers(combine(cts, partials_of(c, quorum, cts, seed), quorum=k)) == values


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32), data=st.data())
def test_fewer_than_the_quorum_cannot_combine(seed: int, data: st.DataObject) -> None:
    values = [5, 9]
    cts = encrypt_all(CEREMONY, values, seed)
    two = data.draw(st.lists(st.integers(1, 4), min_size=2, max_size=2, unique=True))
    partials = partials_of(CEREMONY, two, cts, seed)
    with pytest.raises(ValueError):
        combine(cts, partials, quorum=3)
    # And the arithmetic does not help them: interpolating two points of a degree-2 polynomial misses.
    weights = lagrange(two)
    guess = [
        group.sub(ct.b, group.power_product([(weights[p.trustee], p.shares[j]) for p in partials]))
        for j, ct in enumerate(cts)
    ]
    assert numbers(guess) != values


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32), trustee=st.integers(1, 4), wrong=st.integers(1, group.L - 1))
def test_a_partial_decryption_with_a_wrong_key_fails(seed: int, trustee: int, wrong: int) -> None:
    cts = encrypt_all(CEREMONY, [1, 2, 3], seed)
    bad_key = (CEREMONY.key_shares[trustee] + wrong) % group.L
    partial = partial_decrypt(CONTEXT, trustee, bad_key, cts, random.Random(seed))
    assert not verify_partial(CONTEXT, CEREMONY.verification_key(trustee), cts, partial)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32), trustee=st.integers(1, 4), index=st.integers(0, 3), delta=st.integers(1, 1000))
def test_a_partial_decryption_with_an_altered_share_fails(seed: int, trustee: int, index: int, delta: int) -> None:
    cts = encrypt_all(CEREMONY, [1, 0, 4, 2], seed)
    partial = partial_decrypt(CONTEXT, trustee, CEREMONY.key_shares[trustee], cts, random.Random(seed))
    key = CEREMONY.verification_key(trustee)
    assert verify_partial(CONTEXT, key, cts, partial)
    shares = list(partial.shares)
    shares[index] = group.add(shares[index], group.base(delta))
    assert not verify_partial(CONTEXT, key, cts, PartialDecryption(trustee, tuple(shares), partial.proof))


def test_a_partial_decryption_fails_for_another_context_trustee_list_or_proof() -> None:
    cts = encrypt_all(CEREMONY, [1, 2, 3], seed=3)
    partial = partial_decrypt(CONTEXT, 2, CEREMONY.key_shares[2], cts, random.Random(3))
    key = CEREMONY.verification_key(2)
    assert verify_partial(CONTEXT, key, cts, partial)
    assert not verify_partial(["e-2026", "tally"], key, cts, partial)
    assert not verify_partial(CONTEXT, CEREMONY.verification_key(3), cts, partial)
    assert not verify_partial(CONTEXT, key, cts, PartialDecryption(3, partial.shares, partial.proof))
    assert not verify_partial(CONTEXT, key, list(reversed(cts)), partial)
    assert not verify_partial(CONTEXT, key, cts[:2], partial)
    swapped = PartialDecryption(2, (partial.shares[1], partial.shares[0], partial.shares[2]), partial.proof)
    assert not verify_partial(CONTEXT, key, cts, swapped)
    assert not verify_partial(CONTEXT, key, cts, PartialDecryption(2, partial.shares, Proof(partial.proof.c, 1)))
    other_ct = elgamal.reencrypt(CEREMONY.public_key, cts[0], 99)
    assert not verify_partial(CONTEXT, key, [other_ct, *cts[1:]], partial)


def test_two_wrong_shares_that_cancel_in_an_unweighted_product_are_still_caught() -> None:
    """Multiplying d₀·g and d₁/g keeps ∏ dⱼ, which only the random coefficients zⱼ expose."""
    cts = encrypt_all(CEREMONY, [1, 2], seed=4)
    partial = partial_decrypt(CONTEXT, 1, CEREMONY.key_shares[1], cts, random.Random(4))
    shifted = (group.add(partial.shares[0], group.G), group.sub(partial.shares[1], group.G))
    assert not verify_partial(CONTEXT, CEREMONY.verification_key(1), cts, PartialDecryption(1, shifted, partial.proof))


def test_an_empty_list_and_the_trivial_ciphertext_decrypt() -> None:
    partial = partial_decrypt(CONTEXT, 1, CEREMONY.key_shares[1], [], random.Random(5))
    assert verify_partial(CONTEXT, CEREMONY.verification_key(1), [], partial)
    cts = [elgamal.ZERO, *encrypt_all(CEREMONY, [3], seed=5)]
    partials = partials_of(CEREMONY, [1, 2, 3], cts)
    assert all(verify_partial(CONTEXT, CEREMONY.verification_key(p.trustee), cts, p) for p in partials)
    assert numbers(combine(cts, partials, quorum=3)) == [0, 3]


def test_combine_refuses_duplicates_and_short_lists() -> None:
    cts = encrypt_all(CEREMONY, [1, 2], seed=6)
    p1, p2, p3 = partials_of(CEREMONY, [1, 2, 3], cts)
    with pytest.raises(ValueError):
        combine(cts, [p1, p2, p1], quorum=3)
    with pytest.raises(ValueError):
        combine(cts, [p1, p2, PartialDecryption(3, p3.shares[:1], p3.proof)], quorum=3)


def test_lagrange_coefficients_interpolate_a_line_and_refuse_repeats() -> None:
    weights = lagrange([1, 2])
    assert weights == {1: 2, 2: group.L - 1}  # f(0) = 2·f(1) − f(2)
    with pytest.raises(ValueError):
        lagrange([1, 1])
    with pytest.raises(ValueError):
        lagrange([0, 1])


def test_partial_decryption_json_round_trip_and_malformed_input() -> None:
    cts = encrypt_all(CEREMONY, [1, 2], seed=7)
    partial = partial_decrypt(CONTEXT, 4, CEREMONY.key_shares[4], cts, random.Random(7))
    assert PartialDecryption.from_json(json.loads(json.dumps(partial.to_json()))) == partial
    good = partial.to_json()
    for bad in (
        "x",
        {**good, "extra": 0},
        {**good, "trustee": 0},
        {**good, "trustee": 1.5},
        {**good, "shares": "00"},
        {**good, "shares": ["zz" * 32]},
        {**good, "proof": {"c": good["proof"]["c"], "s": "ff" * 32}},  # type: ignore[index]
    ):
        with pytest.raises(group.GroupError):
            PartialDecryption.from_json(bad)
