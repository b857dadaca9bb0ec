"""Scrutineers' signatures: the exact signed message, keys, fingerprints, and checks that never raise."""

from __future__ import annotations

import json

import pytest

from hustings.board import signatures


def test_the_signed_message_is_domain_separated_and_names_ballot_stage_seq_and_head() -> None:
    head = "ab" * 32
    assert signatures.message("party/7", "closed", 3, head) == f"hustings-board/1|party/7|closed|3|{head}".encode()


def test_a_signature_verifies_only_for_what_was_signed() -> None:
    key = signatures.read_key(json.dumps(signatures.new_key()))
    public = signatures.public_of(key)
    record = signatures.sign(key, "party/7", "opened", 0, "cd" * 32)
    assert record["public_key"] == public and record["format"] == "hustings-signature/1"
    assert signatures.valid(public, "party/7", "opened", 0, "cd" * 32, record["signature"])
    for changed in (
        ("party/8", "opened", 0, "cd" * 32),
        ("party/7", "closed", 0, "cd" * 32),
        ("party/7", "opened", 1, "cd" * 32),
        ("party/7", "opened", 0, "ce" * 32),
    ):
        assert not signatures.valid(public, *changed, record["signature"])


@pytest.mark.parametrize("signature", [None, 7, "", "not base64!", "AAAA", "A" * 88, ["x"]])
def test_a_malformed_signature_is_invalid_not_an_error(signature: object) -> None:
    key = signatures.new_key()["public_key"]
    assert not signatures.valid(key, "party/7", "opened", 0, "00" * 32, signature)


@pytest.mark.parametrize("key", [None, 5, "", "AAAA", "=" * 44, "A" * 43 + "?"])
def test_a_malformed_public_key_is_refused(key: object) -> None:
    with pytest.raises(signatures.SignatureError):
        signatures.public_key(key)
    assert not signatures.valid(key, "party/7", "opened", 0, "00" * 32, "A" * 88)  # type: ignore[arg-type]


def test_fingerprint_is_five_groups_of_four_hex_digits_and_differs_by_key() -> None:
    one, two = signatures.new_key()["public_key"], signatures.new_key()["public_key"]
    assert len(signatures.fingerprint(one).split()) == 5 and signatures.fingerprint(one) != signatures.fingerprint(two)


@pytest.mark.parametrize(
    "text", ["", "{", "[]", '{"format": "other"}', '{"format": "hustings-scrutineer-key/1", "seed": "AAAA"}']
)
def test_a_key_file_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(signatures.SignatureError):
        signatures.read_key(text)


def test_a_key_file_whose_public_key_is_not_its_seeds_is_refused() -> None:
    key = signatures.new_key()
    key["public_key"] = signatures.new_key()["public_key"]
    with pytest.raises(signatures.SignatureError, match="not its seed's"):
        signatures.read_key(json.dumps(key))
