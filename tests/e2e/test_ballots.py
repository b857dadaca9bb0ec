"""Encrypted ballots (docs/e2e.md, "Ballots"): a valid ballot verifies and decrypts to what was
cast; a ballot encrypting something else, a proof moved to another ballot or election, and an
altered ciphertext all fail; audits reveal the plaintext and catch wrong randomness."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.e2e import group
from hustings.e2e.ballots import (
    MARK_DOMAIN,
    TOTAL_DOMAIN,
    BallotSpec,
    EncryptedBallot,
    MarksProof,
    audit_ballot,
    ballot_digest,
    ballot_fingerprints,
    check_audit,
    decode_ranking,
    encrypt_marks,
    encrypt_ranking,
    plaintext_table,
    tracking_code,
    verify_ballot,
)
from hustings.e2e.elgamal import Ciphertext, decrypt_point, encrypt
from hustings.e2e.group import GroupError
from hustings.e2e.proofs import prove_one_of

SECRET = group.random_scalar(random.Random(16))
KEY = group.base(SECRET)
EXAMPLES = settings(max_examples=15)


@st.composite
def marks_cases(draw: st.DrawFn) -> tuple[BallotSpec, list[int]]:
    """A marks spec and a valid vote for it."""
    k = draw(st.integers(1, 5))
    lo = draw(st.integers(0, k))
    hi = draw(st.integers(lo, k))
    n = draw(st.integers(lo, hi))
    chosen = draw(st.permutations(range(k)))[:n]
    return BallotSpec("e-16", "marks", k, k, lo, hi), [int(i in chosen) for i in range(k)]


@st.composite
def ranked_cases(draw: st.DrawFn) -> tuple[BallotSpec, list[int]]:
    """A ranked spec and a valid ranking for it."""
    k = draw(st.integers(1, 6))
    width = draw(st.integers(1, k))
    n = draw(st.integers(1, width))
    return BallotSpec("e-16", "ranked", k, width), list(draw(st.permutations(range(1, k + 1))))[:n]


def seeded(seed: int) -> random.Random:
    return random.Random(seed)


def decrypt(ballot: EncryptedBallot, spec: BallotSpec) -> list[int]:
    table = plaintext_table(spec)
    return [table[decrypt_point(SECRET, ct)] for ct in ballot.ciphertexts]


def forge_marks(spec: BallotSpec, marks: Sequence[int], rng: random.Random) -> EncryptedBallot:
    """A cheating device: it encrypts `marks` as given, whatever they are, and proves each
    ciphertext (and the total) with the nearest allowed value as its claimed branch."""
    rs = [group.random_scalar(rng) for _ in marks]
    cts = tuple(encrypt(KEY, m, r) for m, r in zip(marks, rs, strict=True))
    digest = hashlib.sha256(group.hash_input("ballot", ["e-16", *[p for ct in cts for p in ct.items()]])).hexdigest()
    proofs = tuple(
        prove_one_of(MARK_DOMAIN, ["e-16", digest, j], KEY, ct, r, min(max(m, 0), 1), (0, 1), rng)
        for j, (ct, r, m) in enumerate(zip(cts, rs, marks, strict=True), start=1)
    )
    product = Ciphertext(group.total([ct.a for ct in cts]), group.total([ct.b for ct in cts]))
    allowed = range(spec.min_marks, spec.max_marks + 1)
    claimed = min(max(sum(marks), spec.min_marks), spec.max_marks)
    total = prove_one_of(TOTAL_DOMAIN, ["e-16", digest], KEY, product, sum(rs) % group.L, claimed, allowed, rng)
    return EncryptedBallot(cts, MarksProof(proofs, total))


# --- the spec ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("e", "marks", 0, 0), "at least 1 option"),
        (("e", "ranked", 3, 0), "width must be between 1 and the 3 options"),
        (("e", "ranked", 3, 4), "width must be between 1 and the 3 options"),
        (("e", "marks", 3, 2), "one ciphertext per option"),
        (("e", "marks", 3, 3, 2, 1), "0 <= min_marks <= max_marks <= options"),
        (("e", "marks", 3, 3, -1, 1), "0 <= min_marks <= max_marks <= options"),
        (("e", "marks", 3, 3, 1, 4), "0 <= min_marks <= max_marks <= options"),
        (("e", "stv", 3, 3), "ballot kind must be 'marks' or 'ranked'"),
        (("", "marks", 3, 3), "election id"),
        (("e", "marks", True, 1), "options must be a whole number"),
    ],
)
def test_spec_refuses_impossible_limits_with_a_message(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BallotSpec(*args)  # type: ignore[arg-type]


def test_spec_json_round_trip_and_malformed_specs_are_group_errors() -> None:
    spec = BallotSpec("e-16", "marks", 4, 4, 0, 2)
    assert BallotSpec.from_json(json.loads(json.dumps(spec.to_json()))) == spec
    assert spec.to_json() == {
        "election": "e-16",
        "kind": "marks",
        "options": 4,
        "width": 4,
        "min_marks": 0,
        "max_marks": 2,
    }
    for bad in [
        [],
        {**spec.to_json(), "extra": 1},
        {**spec.to_json(), "max_marks": 5},
        {**spec.to_json(), "width": "4"},
    ]:
        with pytest.raises(GroupError):
            BallotSpec.from_json(bad)


# --- marks ballots ---------------------------------------------------------------------------


@EXAMPLES
@given(marks_cases(), st.integers(0, 2**32))
def test_a_valid_marks_ballot_verifies_decrypts_and_survives_json(
    case: tuple[BallotSpec, list[int]], seed: int
) -> None:
    spec, marks = case
    ballot, rs = encrypt_marks(spec, KEY, marks, seeded(seed))
    assert len(rs) == spec.width
    assert verify_ballot(spec, KEY, ballot)
    assert decrypt(ballot, spec) == marks
    again = EncryptedBallot.from_json(json.loads(json.dumps(ballot.to_json())), spec)
    assert again == ballot and verify_ballot(spec, KEY, again)


@EXAMPLES
@given(marks_cases(), st.data())
def test_a_ballot_with_a_wrong_mark_fails(case: tuple[BallotSpec, list[int]], data: st.DataObject) -> None:
    spec, marks = case
    j = data.draw(st.integers(0, spec.width - 1))
    marks[j] = data.draw(st.sampled_from([2, -1, 7]))
    ballot = forge_marks(spec, marks, seeded(j))
    assert not verify_ballot(spec, KEY, ballot)


@EXAMPLES
@given(st.integers(2, 5), st.data())
def test_a_ballot_with_too_many_or_too_few_marks_fails(k: int, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, k - 1))
    hi = data.draw(st.integers(lo, k - 1))
    spec = BallotSpec("e-16", "marks", k, k, lo, hi)
    n = data.draw(st.sampled_from([v for v in range(k + 1) if not lo <= v <= hi]))
    ballot = forge_marks(spec, [1] * n + [0] * (k - n), seeded(n))
    assert not verify_ballot(spec, KEY, ballot)
    with pytest.raises(ValueError, match="marks"):
        encrypt_marks(spec, KEY, [1] * n + [0] * (k - n))


def test_the_forger_is_honest_about_valid_votes() -> None:
    # The forging device above proves exactly as an honest one when the vote is valid, so the
    # failures above come from the wrong marks, not from the forger.
    spec = BallotSpec("e-16", "marks", 3, 3, 1, 2)
    assert verify_ballot(spec, KEY, forge_marks(spec, [1, 0, 1], seeded(1)))


@pytest.mark.parametrize(
    ("marks", "message"),
    [([1, 0], "one mark per option"), ([1, 0, 2], "0 or 1"), ([1, 1, 0], "1 to 1 marks"), ([True, 0, 0], "0 or 1")],
)
def test_encrypt_marks_refuses_an_invalid_vote(marks: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        encrypt_marks(BallotSpec("e-16", "marks", 3, 3), KEY, marks)


@EXAMPLES
@given(marks_cases(), st.integers(0, 2**32))
def test_proofs_moved_to_another_election_or_ballot_fail(case: tuple[BallotSpec, list[int]], seed: int) -> None:
    spec, marks = case
    rng = seeded(seed)
    ballot, _ = encrypt_marks(spec, KEY, marks, rng)
    other, _ = encrypt_marks(spec, KEY, marks, rng)
    assert not verify_ballot(dataclasses.replace(spec, election="e-17"), KEY, ballot)
    assert not verify_ballot(spec, KEY, EncryptedBallot(ballot.ciphertexts, other.proof))
    assert isinstance(ballot.proof, MarksProof) and isinstance(other.proof, MarksProof)
    moved_total = MarksProof(ballot.proof.marks, other.proof.total)
    assert not verify_ballot(spec, KEY, EncryptedBallot(ballot.ciphertexts, moved_total))
    # The same ciphertext with its own proof, moved into another ballot, fails too: the proof
    # hashes the whole ballot's digest.
    moved = EncryptedBallot(
        (ballot.ciphertexts[0], *other.ciphertexts[1:]),
        MarksProof((ballot.proof.marks[0], *other.proof.marks[1:]), other.proof.total),
    )
    assert not verify_ballot(spec, KEY, moved)


@EXAMPLES
@given(marks_cases(), st.integers(0, 2**32), st.data())
def test_an_altered_ciphertext_fails(case: tuple[BallotSpec, list[int]], seed: int, data: st.DataObject) -> None:
    spec, marks = case
    ballot, _ = encrypt_marks(spec, KEY, marks, seeded(seed))
    assert not verify_ballot(spec, KEY, altered(ballot, data))


def altered(ballot: EncryptedBallot, data: st.DataObject) -> EncryptedBallot:
    """One ciphertext's a or b multiplied by g^d, d != 0."""
    j = data.draw(st.integers(0, len(ballot.ciphertexts) - 1))
    shift = group.base(data.draw(st.integers(1, 5)))
    ct = ballot.ciphertexts[j]
    new = (
        Ciphertext(group.add(ct.a, shift), ct.b)
        if data.draw(st.booleans())
        else Ciphertext(ct.a, group.add(ct.b, shift))
    )
    return EncryptedBallot((*ballot.ciphertexts[:j], new, *ballot.ciphertexts[j + 1 :]), ballot.proof)


def test_a_ballot_with_zero_or_shared_randomness_is_refused_though_its_proofs_hold() -> None:
    # Randomness 0 leaves g^m in the clear, and shared randomness shows whether two marks are
    # equal: either lets a voter prove their vote to a coercer.
    spec = BallotSpec("e-16", "marks", 2, 2)
    for rs in ([0, 5], [5, 5]):
        cts = (encrypt(KEY, 1, rs[0]), encrypt(KEY, 0, rs[1]))
        digest = hashlib.sha256(
            group.hash_input("ballot", ["e-16", *[p for ct in cts for p in ct.items()]])
        ).hexdigest()
        proofs = tuple(
            prove_one_of(MARK_DOMAIN, ["e-16", digest, j], KEY, ct, r, m, (0, 1))
            for j, (ct, r, m) in enumerate(zip(cts, rs, [1, 0], strict=True), start=1)
        )
        total = prove_one_of(TOTAL_DOMAIN, ["e-16", digest], KEY, cts[0] * cts[1], sum(rs), 1, range(1, 2))
        assert not verify_ballot(spec, KEY, EncryptedBallot(cts, MarksProof(proofs, total)))
    # ...and the same construction with distinct non-zero randomness verifies.
    cts = (encrypt(KEY, 1, 7), encrypt(KEY, 0, 6))
    digest = hashlib.sha256(group.hash_input("ballot", ["e-16", *[p for ct in cts for p in ct.items()]])).hexdigest()
    proofs = (
        prove_one_of(MARK_DOMAIN, ["e-16", digest, 1], KEY, cts[0], 7, 1, (0, 1)),
        prove_one_of(MARK_DOMAIN, ["e-16", digest, 2], KEY, cts[1], 6, 0, (0, 1)),
    )
    total = prove_one_of(TOTAL_DOMAIN, ["e-16", digest], KEY, cts[0] * cts[1], 13, 1, range(1, 2))
    assert verify_ballot(spec, KEY, EncryptedBallot(cts, MarksProof(proofs, total)))


def test_a_ranked_proof_does_not_verify_a_marks_ballot_nor_the_reverse() -> None:
    marks = BallotSpec("e-16", "marks", 3, 3)
    ranked = BallotSpec("e-16", "ranked", 3, 3)
    m, _ = encrypt_marks(marks, KEY, [0, 1, 0])
    r, _ = encrypt_ranking(ranked, KEY, [2, 3])
    assert not verify_ballot(ranked, KEY, m)
    assert not verify_ballot(marks, KEY, r)
    with pytest.raises(GroupError):
        EncryptedBallot.from_json(m.to_json(), ranked)
    with pytest.raises(GroupError):
        EncryptedBallot.from_json(r.to_json(), marks)


def test_malformed_ballot_json_is_a_group_error() -> None:
    spec = BallotSpec("e-16", "marks", 3, 3, 0, 2)
    good = encrypt_marks(spec, KEY, [1, 0, 0])[0].to_json()
    proof = good["proof"]
    assert isinstance(proof, dict)
    cts = good["ciphertexts"]
    assert isinstance(cts, list)
    bad_point = [["00" * 31 + "01", cts[0][1]], *cts[1:]]
    for bad in [
        None,
        {"ciphertexts": cts},
        {**good, "ciphertexts": cts[:2]},
        {**good, "ciphertexts": bad_point},
        {**good, "proof": {**proof, "marks": proof["marks"][:2]}},
        {**good, "proof": {**proof, "total": proof["marks"][0]}},  # 2 branches where 0..2 needs 3
        {**good, "proof": {"c": "00", "s": []}},
    ]:
        with pytest.raises(GroupError):
            EncryptedBallot.from_json(bad, spec)


# --- ranked ballots --------------------------------------------------------------------------


@EXAMPLES
@given(ranked_cases(), st.integers(0, 2**32))
def test_a_valid_ranked_ballot_verifies_and_decodes_to_its_ranking(
    case: tuple[BallotSpec, list[int]], seed: int
) -> None:
    spec, ranking = case
    ballot, rs = encrypt_ranking(spec, KEY, ranking, seeded(seed))
    assert len(rs) == spec.width and verify_ballot(spec, KEY, ballot)
    values = decrypt(ballot, spec)
    assert values == ranking + [0] * (spec.width - len(ranking))
    assert decode_ranking(spec, values) == tuple(ranking)
    again = EncryptedBallot.from_json(json.loads(json.dumps(ballot.to_json())), spec)
    assert again == ballot and verify_ballot(spec, KEY, again)


@EXAMPLES
@given(ranked_cases(), st.integers(0, 2**32), st.data())
def test_a_ranked_ballot_altered_or_moved_fails(
    case: tuple[BallotSpec, list[int]], seed: int, data: st.DataObject
) -> None:
    spec, ranking = case
    rng = seeded(seed)
    ballot, _ = encrypt_ranking(spec, KEY, ranking, rng)
    other, _ = encrypt_ranking(spec, KEY, ranking, rng)
    assert not verify_ballot(spec, KEY, altered(ballot, data))
    assert not verify_ballot(spec, KEY, EncryptedBallot(ballot.ciphertexts, other.proof))
    assert not verify_ballot(dataclasses.replace(spec, election="e-17"), KEY, ballot)
    assert not verify_ballot(spec, group.base(SECRET + 1), ballot)


@pytest.mark.parametrize(
    ("ranking", "message"),
    [
        ([], "1 to 3 candidates"),
        ([1, 2, 3, 4], "1 to 3 candidates"),
        ([1, 1], "at most once"),
        ([0], "numbered 1 to 4"),
        ([5], "numbered 1 to 4"),
    ],
)
def test_encrypt_ranking_refuses_an_invalid_ranking(ranking: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        encrypt_ranking(BallotSpec("e-16", "ranked", 4, 3), KEY, ranking)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3, 1, 0], (3, 1)),
        ([4, 0, 0], (4,)),
        ([2, 4, 1], (2, 4, 1)),
        ([0, 0, 0], None),  # nobody ranked
        ([1, 0, 2], None),  # a gap
        ([1, 1, 0], None),  # a repeat
        ([5, 0, 0], None),  # no candidate 5
        ([1, 2], None),  # wrong width
    ],
)
def test_decode_ranking(values: list[int], expected: tuple[int, ...] | None) -> None:
    assert decode_ranking(BallotSpec("e-16", "ranked", 4, 3), values) == expected


def test_plaintext_table_maps_every_candidate_number_and_zero() -> None:
    table = plaintext_table(BallotSpec("e-16", "ranked", 4, 2))
    assert table == {group.base(m): m for m in range(5)} and len(table) == 5 and table[group.IDENTITY] == 0


# --- digest, tracking code, fingerprints -----------------------------------------------------


def test_digest_is_sha256_of_the_documented_hash_input() -> None:
    spec = BallotSpec("e-16", "ranked", 3, 2)
    ballot, _ = encrypt_ranking(spec, KEY, [2])
    points = [ballot.ciphertexts[0].a, ballot.ciphertexts[0].b, ballot.ciphertexts[1].a, ballot.ciphertexts[1].b]
    text = '["hustings-e2e/1","ballot","e-16",' + ",".join(f'"{p.hex()}"' for p in points) + "]"
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert ballot_digest(spec, ballot) == digest
    code = tracking_code(digest)
    assert code == "-".join(digest[i : i + 4].upper() for i in range(0, 16, 4))
    assert len(code) == 19


def test_tracking_code_refuses_what_is_not_a_digest() -> None:
    for bad in ["abc", "z" * 64, ""]:
        with pytest.raises(ValueError, match="not a ballot digest"):
            tracking_code(bad)


def test_fingerprints_are_the_first_components_and_catch_a_replayed_ciphertext() -> None:
    spec = BallotSpec("e-16", "marks", 3, 3)
    one, _ = encrypt_marks(spec, KEY, [1, 0, 0])
    two, _ = encrypt_marks(spec, KEY, [1, 0, 0])
    assert ballot_fingerprints(one) == [ct.a.hex() for ct in one.ciphertexts]
    assert not set(ballot_fingerprints(one)) & set(ballot_fingerprints(two))
    # A ballot built around a copy of someone else's ciphertext shares its fingerprint.
    copy = EncryptedBallot((one.ciphertexts[0], *two.ciphertexts[1:]), two.proof)
    assert set(ballot_fingerprints(one)) & set(ballot_fingerprints(copy))


# --- audits ----------------------------------------------------------------------------------


@EXAMPLES
@given(st.one_of(marks_cases(), ranked_cases()), st.integers(0, 2**32), st.data())
def test_audit_reveals_the_plaintext_and_wrong_randomness_fails(
    case: tuple[BallotSpec, list[int]], seed: int, data: st.DataObject
) -> None:
    spec, vote = case
    rng = seeded(seed)
    ballot, rs = (encrypt_marks if spec.kind == "marks" else encrypt_ranking)(spec, KEY, vote, rng)
    audited = json.loads(json.dumps(audit_ballot(spec, KEY, ballot, rs)))
    expected = vote + [0] * (spec.width - len(vote))
    assert audited["plaintext"] == expected
    assert check_audit(spec, KEY, audited) == expected
    j = data.draw(st.integers(0, spec.width - 1))
    wrong = [*rs]
    wrong[j] = (wrong[j] + data.draw(st.integers(1, 2**64))) % group.L
    with pytest.raises(ValueError, match="does not open"):
        audit_ballot(spec, KEY, ballot, wrong)
    forged = {**audited, "randomness": [group.scalar_hex(r) for r in wrong]}
    assert check_audit(spec, KEY, forged) is None
    lied = [*expected]
    lied[j] = expected[j] + 1
    assert check_audit(spec, KEY, {**audited, "plaintext": lied}) is None


def test_check_audit_refuses_a_ballot_whose_proofs_fail() -> None:
    # The randomness opens the ciphertexts, but the device's proofs are another ballot's.
    spec = BallotSpec("e-16", "ranked", 3, 2)
    ballot, rs = encrypt_ranking(spec, KEY, [3, 1])
    other, _ = encrypt_ranking(spec, KEY, [3, 1])
    audited = audit_ballot(spec, KEY, EncryptedBallot(ballot.ciphertexts, other.proof), rs)
    assert audited["plaintext"] == [3, 1]
    assert check_audit(spec, KEY, audited) is None


def test_malformed_audits_are_group_errors() -> None:
    spec = BallotSpec("e-16", "marks", 2, 2)
    ballot, rs = encrypt_marks(spec, KEY, [0, 1])
    audited = audit_ballot(spec, KEY, ballot, rs)
    for bad in [
        [],
        {k: v for k, v in audited.items() if k != "plaintext"},
        {**audited, "randomness": ["zz"] * 2},
        {**audited, "randomness": [group.scalar_hex(rs[0])]},
        {**audited, "plaintext": [0, True]},
        {**audited, "plaintext": [0]},
    ]:
        with pytest.raises(GroupError):
            check_audit(spec, KEY, bad)
