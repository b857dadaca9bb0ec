"""The proofs of `hustings.e2e.proofs` (docs/e2e.md, "ElGamal and proofs"): each holds for its
witness and fails for a wrong witness, another statement, or another context."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.e2e import elgamal, group, proofs

scalars = st.integers(min_value=1, max_value=group.L - 1)
seeds = st.integers(min_value=0, max_value=2**32)


@settings(max_examples=25, deadline=None)
@given(x=scalars, wrong=scalars, seed=seeds)
def test_schnorr_holds_for_the_witness_only(x: int, wrong: int, seed: int) -> None:
    rng = random.Random(seed)
    power = group.base(x)
    proof = proofs.prove_dlog("t", ["E"], group.G, x, rng)
    assert proofs.verify_dlog("t", ["E"], group.G, power, proof)
    assert not proofs.verify_dlog("t", ["F"], group.G, power, proof)
    assert not proofs.verify_dlog("u", ["E"], group.G, power, proof)
    if wrong != x:
        forged = proofs.prove_dlog("t", ["E"], group.G, wrong, rng)  # a prover who knows another logarithm
        assert not proofs.verify_dlog("t", ["E"], group.G, power, forged)


@settings(max_examples=25, deadline=None)
@given(x=scalars, wrong=scalars, seed=seeds)
def test_chaum_pedersen_holds_only_when_both_logarithms_are_equal(x: int, wrong: int, seed: int) -> None:
    rng = random.Random(seed)
    other = group.hash_to_point("test-base", [seed])
    bases = (group.G, other)
    proof = proofs.prove_equal("cp", ["E"], bases, x, rng)
    assert proofs.verify_equal("cp", ["E"], bases, (group.base(x), group.mul(x, other)), proof)
    assert not proofs.verify_equal("cp", ["E", 1], bases, (group.base(x), group.mul(x, other)), proof)
    if wrong != x:
        unequal = (group.base(x), group.mul(wrong, other))
        assert not proofs.verify_equal("cp", ["E"], bases, unequal, proof)
        assert not proofs.verify_equal("cp", ["E"], bases, unequal, proofs.prove_equal("cp", ["E"], bases, x, rng))


@settings(max_examples=20, deadline=None)
@given(secret=scalars, r=scalars, m=st.integers(min_value=0, max_value=4), seed=seeds)
def test_disjunctive_proof_holds_only_for_an_allowed_plaintext(secret: int, r: int, m: int, seed: int) -> None:
    rng = random.Random(seed)
    key = group.base(secret)
    ct = elgamal.encrypt(key, m, r)
    allowed = [0, 1, 2, 3, 4]
    proof = proofs.prove_one_of("b", ["E"], key, ct, r, m, allowed, rng)
    assert proofs.verify_one_of("b", ["E"], key, ct, allowed, proof)
    assert not proofs.verify_one_of("b", ["E", 2], key, ct, allowed, proof)
    # A voter who encrypts 5 and proves it "one of 0..4" with any real branch fails.
    outside = elgamal.encrypt(key, 5, r)
    lying = proofs.prove_one_of("b", ["E"], key, outside, r, m, allowed, rng)
    assert not proofs.verify_one_of("b", ["E"], key, outside, allowed, lying)
    # Wrong randomness as the witness fails too.
    wrong_r = proofs.prove_one_of("b", ["E"], key, ct, (r + 1) % group.L or 1, m, allowed, rng)
    assert not proofs.verify_one_of("b", ["E"], key, ct, allowed, wrong_r)


def test_proof_json_round_trips_and_refuses_malformed_input() -> None:
    rng = random.Random(3)
    proof = proofs.prove_dlog("t", ["E"], group.G, 7, rng)
    assert proofs.Proof.from_json(proof.to_json()) == proof
    for bad in ({"c": "00"}, {"c": proof.to_json()["c"], "s": "zz" * 32}, [1, 2], {"c": "ff" * 32, "s": "00" * 32}):
        try:
            proofs.Proof.from_json(bad)
        except group.GroupError:
            continue
        raise AssertionError(f"accepted {bad!r}")
