"""The chain's arithmetic: an entry's hash covers the one before, tracking codes are a hash's first 64 bits."""

from __future__ import annotations

from hustings.board.chain import GENESIS, ballots_digest, entry_digest, tracking_code


def test_an_entry_hash_covers_the_previous_hash_and_its_content() -> None:
    one = entry_digest(GENESIS, 0, "opened", {"a": 1})
    assert one != entry_digest("1" * 64, 0, "opened", {"a": 1})
    assert one != entry_digest(GENESIS, 1, "opened", {"a": 1})
    assert one != entry_digest(GENESIS, 0, "opened", {"a": 2})
    assert one == entry_digest(GENESIS, 0, "opened", {"a": 1})


def test_tracking_code_and_set_digest() -> None:
    assert tracking_code("0123456789abcdef" + "0" * 48) == "0123-4567-89AB-CDEF"
    assert ballots_digest(["b", "a"]) == ballots_digest(["a", "b"])
