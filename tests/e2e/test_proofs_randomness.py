"""The vector Schnorr proof of knowledge of every ciphertext's randomness (docs/e2e.md, "Ballots"):
it holds for the right witness, and fails for a wrong one, another context, another key, an
altered ciphertext (either component) and a truncated response list."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.e2e import group
from hustings.e2e.elgamal import Ciphertext, encrypt
from hustings.e2e.group import GroupError
from hustings.e2e.proofs import RandomnessProof, prove_randomness, verify_randomness

KEY = group.base(group.random_scalar(random.Random(7)))
DOMAIN = "ballot-ranks"


def vector(rng: random.Random, width: int) -> tuple[list[Ciphertext], list[int]]:
    rs = [group.random_scalar(rng) for _ in range(width)]
    return [encrypt(KEY, rng.randrange(4), r) for r in rs], rs


@settings(max_examples=20)
@given(st.integers(1, 6), st.integers(0, 2**32), st.data())
def test_the_proof_holds_for_its_statement_only(width: int, seed: int, data: st.DataObject) -> None:
    rng = random.Random(seed)
    cts, rs = vector(rng, width)
    proof = prove_randomness(DOMAIN, ["e-16", "x"], KEY, cts, rs, rng)
    assert verify_randomness(DOMAIN, ["e-16", "x"], KEY, cts, proof)
    assert RandomnessProof.from_json(json.loads(json.dumps(proof.to_json()))) == proof
    assert not verify_randomness(DOMAIN, ["e-17", "x"], KEY, cts, proof)
    assert not verify_randomness("ballot-mark", ["e-16", "x"], KEY, cts, proof)
    assert not verify_randomness(DOMAIN, ["e-16", "x"], group.base(5), cts, proof)
    j = data.draw(st.integers(0, width - 1))
    wrong = [*rs]
    wrong[j] = (wrong[j] + 1) % group.L
    assert not verify_randomness(
        DOMAIN, ["e-16", "x"], KEY, cts, prove_randomness(DOMAIN, ["e-16", "x"], KEY, cts, wrong, rng)
    )
    ct = cts[j]
    for new in (Ciphertext(group.add(ct.a, group.G), ct.b), Ciphertext(ct.a, group.add(ct.b, group.G))):
        assert not verify_randomness(DOMAIN, ["e-16", "x"], KEY, [*cts[:j], new, *cts[j + 1 :]], proof)
    assert not verify_randomness(DOMAIN, ["e-16", "x"], KEY, cts, RandomnessProof(proof.c, proof.s[:-1]))


def test_json_form_and_malformed_proofs() -> None:
    cts, rs = vector(random.Random(3), 2)
    proof = prove_randomness(DOMAIN, ["e-16"], KEY, cts, rs)
    data = proof.to_json()
    assert set(data) == {"c", "s"} and isinstance(data["s"], list) and len(data["s"]) == 2
    for bad in [None, {"c": data["c"]}, {**data, "s": data["c"]}, {**data, "s": ["ff" * 32]}, {**data, "x": 1}]:
        with pytest.raises(GroupError):
            RandomnessProof.from_json(bad)
    with pytest.raises(ValueError, match="one randomness per ciphertext"):
        prove_randomness(DOMAIN, ["e-16"], KEY, cts, rs[:1])
