"""The verifiable mix of rows (hustings.e2e.shuffle; docs/e2e.md, "The mix-net")."""

from __future__ import annotations

import dataclasses
import json
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.e2e import independent_verifier

from hustings.e2e import elgamal, group
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.shuffle import (
    ShuffleProof,
    generator,
    rows_from_json,
    rows_to_json,
    shuffle,
    verify_shuffle,
)

CONTEXT = ["election-7", "mix", 1]
SECRET = 0x1234_5678_9ABC_DEF0
PUBLIC = group.base(SECRET)


def make_rows(n: int, width: int, seed: int = 3) -> list[tuple[Ciphertext, ...]]:
    rng = random.Random(seed)
    return [
        tuple(elgamal.encrypt(PUBLIC, rng.randrange(10), group.random_scalar(rng)) for _ in range(width))
        for _ in range(n)
    ]


def plaintexts(rows: list[tuple[Ciphertext, ...]]) -> Counter[tuple[int | None, ...]]:
    return Counter(tuple(elgamal.discrete_log(elgamal.decrypt_point(SECRET, ct), 10) for ct in row) for row in rows)


def mixed(n: int = 6, width: int = 2, seed: int = 1) -> tuple[list[tuple[Ciphertext, ...]], list, ShuffleProof]:
    rows = make_rows(n, width)
    out, proof = shuffle(CONTEXT, PUBLIC, rows, rng=random.Random(seed))
    return rows, out, proof


@pytest.mark.parametrize("width", [1, 2, 3, 5])
def test_a_shuffle_verifies(width: int) -> None:
    rows, out, proof = mixed(7, width)
    assert verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)


def test_a_single_row_shuffle_verifies() -> None:
    rows, out, proof = mixed(1, 3)
    assert verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)


def test_the_decrypted_rows_are_the_same_multiset_and_every_ciphertext_is_new() -> None:
    rows, out, _ = mixed(12, 3)
    assert plaintexts(out) == plaintexts(rows)
    assert not {ct for row in rows for ct in row} & {ct for row in out for ct in row}


def test_the_rows_are_permuted() -> None:
    rows = [(elgamal.encrypt(PUBLIC, m, 1 + m),) for m in range(10)]
    out, _ = shuffle(CONTEXT, PUBLIC, rows, rng=random.Random(2))
    order = [elgamal.discrete_log(elgamal.decrypt_point(SECRET, row[0]), 10) for row in out]
    assert sorted(order) == list(range(10)) and order != list(range(10))


def test_two_workers_give_the_same_mix_and_proof() -> None:
    rows = make_rows(9, 2)
    one = shuffle(CONTEXT, PUBLIC, rows, rng=random.Random(4), workers=1)
    two = shuffle(CONTEXT, PUBLIC, rows, rng=random.Random(4), workers=2)
    assert one == two
    assert verify_shuffle(CONTEXT, PUBLIC, rows, two[0], two[1], workers=2)
    bad = list(two[0])
    bad[0], bad[1] = bad[1], bad[0]
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, bad, two[1], workers=2)


@pytest.mark.parametrize(("row", "column", "part"), [(0, 0, "a"), (0, 1, "b"), (3, 1, "a"), (5, 0, "b")])
def test_an_altered_output_ciphertext_fails(row: int, column: int, part: str) -> None:
    rows, out, proof = mixed()
    changed = list(out[row])
    changed[column] = dataclasses.replace(changed[column], **{part: group.add(getattr(changed[column], part), group.G)})
    out[row] = tuple(changed)
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)


def test_an_altered_input_ciphertext_fails() -> None:
    rows, out, proof = mixed()
    rows[2] = (elgamal.reencrypt(PUBLIC, rows[2][0], 5), rows[2][1])
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)


def test_swapping_two_outputs_fails() -> None:
    rows, out, proof = mixed()
    out[1], out[4] = out[4], out[1]
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)


def test_swapping_two_ciphertexts_within_a_row_fails() -> None:
    rows, out, proof = mixed()
    out[2] = (out[2][1], out[2][0])
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)


def test_dropping_an_output_row_fails() -> None:
    rows, out, proof = mixed()
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out[:-1], proof)
    assert not verify_shuffle(CONTEXT, PUBLIC, rows[:-1], out[:-1], proof)


def test_duplicating_a_row_fails() -> None:
    rows, out, proof = mixed()
    out[3] = out[0]
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, [*out, out[0]], proof)


def test_a_dropped_column_fails() -> None:
    rows, out, proof = mixed()
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, [row[:1] for row in out], proof)


def _altered(proof: ShuffleProof, field: str) -> ShuffleProof:
    value = getattr(proof, field)
    if isinstance(value, int):
        return dataclasses.replace(proof, **{field: (value + 1) % group.L})
    items = list(value)
    items[-1] = (items[-1] + 1) % group.L if isinstance(items[-1], int) else group.add(items[-1], group.G)
    return dataclasses.replace(proof, **{field: tuple(items)})


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(ShuffleProof)])
def test_an_altered_proof_field_fails(field: str) -> None:
    rows, out, proof = mixed()
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, _altered(proof, field))


def test_swapped_permutation_commitments_fail() -> None:
    rows, out, proof = mixed()
    c = list(proof.commitments)
    c[0], c[1] = c[1], c[0]
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, dataclasses.replace(proof, commitments=tuple(c)))


@pytest.mark.parametrize("context", [["election-7", "mix", 2], ["election-8", "mix", 1], ["election-7"]])
def test_another_context_fails(context: list[str | int]) -> None:
    rows, out, proof = mixed()
    assert not verify_shuffle(context, PUBLIC, rows, out, proof)


def test_another_public_key_fails() -> None:
    rows, out, proof = mixed()
    assert not verify_shuffle(CONTEXT, group.base(SECRET + 1), rows, out, proof)


def test_a_mix_under_the_wrong_key_fails() -> None:
    """Re-encrypting under another key changes the plaintexts: the proof cannot show otherwise."""
    rows = make_rows(4, 2)
    out, proof = shuffle(CONTEXT, group.base(99), rows, rng=random.Random(3))
    assert verify_shuffle(CONTEXT, group.base(99), rows, out, proof)
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)


def test_the_output_of_another_mix_fails() -> None:
    rows, _, proof = mixed(seed=1)
    other, _ = shuffle(CONTEXT, PUBLIC, rows, rng=random.Random(2))
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, other, proof)


def test_nothing_or_ragged_rows_cannot_be_shuffled() -> None:
    with pytest.raises(ValueError):
        shuffle(CONTEXT, PUBLIC, [])
    with pytest.raises(ValueError):
        shuffle(CONTEXT, PUBLIC, [make_rows(1, 2)[0], make_rows(1, 1)[0]])
    with pytest.raises(ValueError):
        shuffle(CONTEXT, PUBLIC, [()])


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 5), width=st.integers(1, 3), seed=st.integers(0, 2**32), data=st.data())
def test_property_mixes_verify_and_any_altered_output_fails(n: int, width: int, seed: int, data: st.DataObject) -> None:
    rows = make_rows(n, width, seed)
    out, proof = shuffle(CONTEXT, PUBLIC, rows, rng=random.Random(seed))
    assert verify_shuffle(CONTEXT, PUBLIC, rows, out, proof)
    assert plaintexts(out) == plaintexts(rows)
    i, k = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, width - 1))
    bad = list(out)
    row = list(bad[i])
    row[k] = elgamal.reencrypt(PUBLIC, row[k], data.draw(st.integers(1, 2**64)))
    bad[i] = tuple(row)
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, bad, proof)


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(1, 4),
    width=st.integers(1, 3),
    seed=st.integers(0, 2**32),
    field=st.sampled_from([f.name for f in dataclasses.fields(ShuffleProof)]),
)
def test_property_any_altered_proof_field_fails(n: int, width: int, seed: int, field: str) -> None:
    rows = make_rows(n, width, seed)
    out, proof = shuffle(CONTEXT, PUBLIC, rows, rng=random.Random(seed))
    assert not verify_shuffle(CONTEXT, PUBLIC, rows, out, _altered(proof, field))
    assert not verify_shuffle([*CONTEXT[:2], 99], PUBLIC, rows, out, proof)


def test_proof_and_rows_round_trip_through_json() -> None:
    rows, out, proof = mixed(5, 3)
    text = json.dumps({"rows": rows_to_json(out), "proof": proof.to_json()})
    data = json.loads(text)
    again = ShuffleProof.from_json(data["proof"])
    assert again == proof
    assert rows_from_json(data["rows"]) == out
    assert verify_shuffle(CONTEXT, PUBLIC, rows, rows_from_json(data["rows"]), again)


def _malformed() -> list[object]:
    good = mixed(3, 1)[2].to_json()
    cases: list[object] = [None, [], "proof", {**good, "extra": "00"}]
    cases += [{k: v for k, v in good.items() if k != "s1"}]
    cases += [{**good, "challenge": "zz" * 32}, {**good, "s2": group.scalar_hex(1)[:-2]}]
    cases += [{**good, "s3": (group.L).to_bytes(32, "little").hex()}, {**good, "s4": "00" * 32}]
    cases += [{**good, "chain": [*good["chain"][:-1], "01" * 32]}, {**good, "commitments": {}}]
    cases += [{**good, "s_hat": [None]}, {**good, "s_prime": [group.scalar_hex(0xAB).upper()]}]
    return cases


@pytest.mark.parametrize("data", _malformed())
def test_malformed_proof_json_raises_group_error(data: object) -> None:
    with pytest.raises(group.GroupError):
        ShuffleProof.from_json(data)


@pytest.mark.parametrize(
    "data", [None, {}, [[]], [["00"]], [[["00" * 32, "01" * 32]]], [[["00" * 32, "00" * 32]], []], "rows"]
)
def test_malformed_rows_json_raises_group_error(data: object) -> None:
    with pytest.raises(group.GroupError):
        rows_from_json(data)


def _pairs(rows: list) -> list[list[tuple[bytes, bytes]]]:
    return [[(c.a, c.b) for c in row] for row in rows]


def test_the_documented_verifier_agrees() -> None:
    """The verifier written from docs/e2e.md alone (tests/e2e/independent_verifier.py) accepts a
    real proof of shuffle and refuses it once two outputs are swapped."""
    rows, out, proof = mixed(5, 2)
    assert independent_verifier.shuffle_holds(CONTEXT, PUBLIC, _pairs(rows), _pairs(out), proof.to_json())
    out[0], out[1] = out[1], out[0]
    assert not independent_verifier.shuffle_holds(CONTEXT, PUBLIC, _pairs(rows), _pairs(out), proof.to_json())


def test_the_documented_generators() -> None:
    assert generator("election-7", 3) == group.hash_to_point("shuffle-generator", ["election-7", 3])
