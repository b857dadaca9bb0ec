"""Pedersen's key ceremony with Feldman's commitments (hustings.e2e.ceremony)."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.e2e.trustees import run_ceremony

from hustings.e2e import ceremony, group
from hustings.e2e.ceremony import PublicDealing
from hustings.e2e.proofs import Proof

ELECTION = "e-2025"


def test_every_dealing_of_an_honest_ceremony_verifies_and_every_share_checks() -> None:
    c = run_ceremony(4, 3)
    assert all(ceremony.verify_dealing(ELECTION, p, 3) for p in c.publics)
    for dealing, public in zip(c.dealings, c.publics, strict=True):
        for m in range(1, 5):
            assert ceremony.check_share(public, m, ceremony.share_for(dealing, m))


def test_verification_keys_from_commitments_match_the_key_shares() -> None:
    c = run_ceremony(5, 3, seed=2)
    for m, x in c.key_shares.items():
        assert ceremony.verification_key(c.publics, m) == group.base(x)


def test_joint_key_is_the_product_of_constant_commitments_and_its_secret_is_interpolated_by_any_quorum() -> None:
    from hustings.e2e.decryption import lagrange

    c = run_ceremony(4, 3, seed=3)
    secret = sum(d.coefficients[0] for d in c.dealings) % group.L
    assert c.public_key == group.base(secret)
    for quorum in ([1, 2, 3], [2, 3, 4], [1, 3, 4]):
        weights = lagrange(quorum)
        assert sum(weights[i] * c.key_shares[i] for i in quorum) % group.L == secret


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), recipient=st.integers(1, 6), delta=st.integers(1, group.L - 1))
def test_a_wrong_share_is_caught(seed: int, recipient: int, delta: int) -> None:
    dealing, public = ceremony.deal(ELECTION, 1, 3, random.Random(seed))
    share = ceremony.share_for(dealing, recipient)
    assert ceremony.check_share(public, recipient, share)
    assert not ceremony.check_share(public, recipient, (share + delta) % group.L)
    other = recipient % 6 + 1
    assert not ceremony.check_share(public, other, share)


def test_a_share_out_of_range_or_for_trustee_zero_is_refused() -> None:
    dealing, public = ceremony.deal(ELECTION, 1, 2, random.Random(4))
    assert not ceremony.check_share(public, 1, ceremony.share_for(dealing, 1) + group.L)
    assert not ceremony.check_share(public, 0, dealing.coefficients[0])
    with pytest.raises(ValueError):
        ceremony.share_for(dealing, 0)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_a_dealing_verifies_only_in_its_own_election_place_and_quorum(seed: int) -> None:
    _, public = ceremony.deal(ELECTION, 2, 3, random.Random(seed))
    assert ceremony.verify_dealing(ELECTION, public, 3)
    assert not ceremony.verify_dealing("another", public, 3)
    assert not ceremony.verify_dealing(ELECTION, PublicDealing(3, public.commitments, public.proof), 3)
    assert not ceremony.verify_dealing(ELECTION, public, 2)
    assert not ceremony.verify_dealing(ELECTION, public, 4)


def test_a_dealer_who_does_not_know_its_constant_term_is_refused() -> None:
    """The rogue-key attack: the last dealer publishes C₀ = g^y / ∏ others, with no proof it can make."""
    c = run_ceremony(3, 2, seed=5)
    rogue_constant = group.sub(group.base(12345), group.total([p.commitments[0] for p in c.publics[:2]]))
    forged = PublicDealing(3, (rogue_constant, *c.publics[2].commitments[1:]), c.publics[2].proof)
    assert not ceremony.verify_dealing(ELECTION, forged, 2)
    altered_proof = PublicDealing(3, c.publics[2].commitments, Proof(c.publics[2].proof.c, c.publics[2].proof.s + 1))
    assert not ceremony.verify_dealing(ELECTION, altered_proof, 2)


def test_a_commitment_equal_to_the_identity_is_refused() -> None:
    _, public = ceremony.deal(ELECTION, 1, 3, random.Random(6))
    lowered = PublicDealing(1, (*public.commitments[:2], group.IDENTITY), public.proof)
    assert not ceremony.verify_dealing(ELECTION, lowered, 3)


def test_public_dealing_json_round_trip_and_malformed_input() -> None:
    _, public = ceremony.deal(ELECTION, 2, 3, random.Random(7))
    text = json.dumps(public.to_json())
    assert PublicDealing.from_json(json.loads(text)) == public
    good = public.to_json()
    for bad in (
        None,
        [],
        {**good, "extra": 1},
        {**good, "trustee": 0},
        {**good, "trustee": True},
        {**good, "trustee": "2"},
        {**good, "commitments": []},
        {**good, "commitments": ["00" * 31]},
        {**good, "commitments": ["ff" * 32]},
        {**good, "proof": {"c": "00" * 32}},
    ):
        with pytest.raises(group.GroupError):
            PublicDealing.from_json(bad)


def test_joint_key_needs_distinct_dealers() -> None:
    c = run_ceremony(2, 2, seed=8)
    with pytest.raises(ValueError):
        ceremony.joint_key([c.publics[0], c.publics[0]])
    with pytest.raises(ValueError):
        ceremony.verification_key([], 1)


def test_deal_refuses_a_zero_quorum() -> None:
    with pytest.raises(ValueError):
        ceremony.deal(ELECTION, 1, 0)
