"""Forging any part of an end-to-end board fails `hustings verify` and names the check that caught
it (docs/e2e.md, "Verifying a board"). Each test is an attacker who controls the server and
rewrites one kind of item of a published board: a ciphertext, a proof, a shuffle's output, a
partial decryption, a key commitment; or drops or duplicates a ballot. Each rewrites the board's
head too, as such an attacker would, so that only the cryptography stands in the way."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

import pytest

from hustings.e2e import group
from hustings.e2e.board import head
from hustings.e2e.simulate import Settings, simulate
from hustings.e2e.verify import verify_board


@functools.cache
def _board(method: str) -> dict[str, Any]:
    settings = Settings(voters=12, candidates=4, method=method, trustees=3, quorum=2, seed=7, audits=1)
    return simulate(settings).board


def ranked() -> dict[str, Any]:
    return copy.deepcopy(_board("irv"))


def marks() -> dict[str, Any]:
    return copy.deepcopy(_board("plurality"))


def _failed(board: dict[str, Any]) -> set[str]:
    board["head"] = head(board)  # the attacker rewrites the head to match
    return {c.name for c in verify_board(board).failed}


def _other_point(hex_point: str) -> str:
    return group.add(group.point_from_hex(hex_point), group.G).hex()


def test_honest_boards_verify() -> None:
    for board in (ranked(), marks()):
        verdict = verify_board(board)
        assert verdict.verified, verdict.problems
        assert verdict.recount is not None and verdict.recount["elected"]


def test_the_unaltered_head_is_checked() -> None:
    board = ranked()
    board["result"]["elected"] = ["Candidate 4"]
    assert "head" in {c.name for c in verify_board(board).failed}


FORGERIES: dict[str, tuple[Callable[[], dict[str, Any]], Callable[[dict[str, Any]], None], str]] = {}


def forgery(name: str, board: Callable[[], dict[str, Any]], check: str) -> Callable[..., Any]:
    def register(alter: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
        FORGERIES[name] = (board, alter, check)
        return alter

    return register


@forgery("a ciphertext", ranked, "ballots.proofs")
def _ciphertext(board: dict[str, Any]) -> None:
    ct = board["ballots"][3]["ciphertexts"][0]
    ct[1] = _other_point(ct[1])


@forgery("a ballot's proof", marks, "ballots.proofs")
def _ballot_proof(board: dict[str, Any]) -> None:
    board["ballots"][1]["proof"] = copy.deepcopy(board["ballots"][0]["proof"])


@forgery("a shuffle's output", ranked, "mix.shuffle")
def _shuffle_output(board: dict[str, Any]) -> None:
    row = board["mix"]["shuffles"][0]["rows"][2]
    row[0][0] = _other_point(row[0][0])


@forgery("two shuffled rows swapped after the proof", ranked, "mix.shuffle")
def _shuffle_swap(board: dict[str, Any]) -> None:
    rows = board["mix"]["shuffles"][-1]["rows"]
    rows[0], rows[1] = rows[1], rows[0]


@forgery("a partial decryption", ranked, "mix.decryption")
def _partial(board: dict[str, Any]) -> None:
    shares = board["mix"]["partials"][0]["shares"]
    shares[0] = _other_point(shares[0])


@forgery("a partial decryption of the tally", marks, "tally.decryption")
def _tally_partial(board: dict[str, Any]) -> None:
    shares = board["tally"]["partials"][-1]["shares"]
    shares[-1] = _other_point(shares[-1])


@forgery("a trustee's first key commitment", ranked, "ceremony.dealings")
def _first_commitment(board: dict[str, Any]) -> None:
    dealing = board["ceremony"]["dealings"][1]
    dealing["commitments"][0] = _other_point(dealing["commitments"][0])


# The proof of the constant term hashes every commitment, so a later one cannot be swapped either.
@forgery("a trustee's later key commitment", ranked, "ceremony.dealings")
def _later_commitment(board: dict[str, Any]) -> None:
    dealing = board["ceremony"]["dealings"][1]
    dealing["commitments"][1] = _other_point(dealing["commitments"][1])


@forgery("the joint public key", marks, "ceremony.public_key")
def _public_key(board: dict[str, Any]) -> None:
    board["ceremony"]["public_key"] = _other_point(board["ceremony"]["public_key"])


@forgery("a dropped ballot (mix)", ranked, "mix.shuffle")
def _dropped_ranked(board: dict[str, Any]) -> None:
    del board["ballots"][5]


@forgery("a dropped ballot (tally)", marks, "tally.aggregate")
def _dropped_marks(board: dict[str, Any]) -> None:
    del board["ballots"][5]


@forgery("a duplicated ballot", ranked, "ballots.unique")
def _duplicated(board: dict[str, Any]) -> None:
    board["ballots"].insert(4, copy.deepcopy(board["ballots"][4]))


@forgery("a decrypted ranking", ranked, "mix.rankings")
def _ranking(board: dict[str, Any]) -> None:
    rankings = board["mix"]["rankings"]
    rankings[0] = rankings[1] if rankings[0] != rankings[1] else [4, 3, 2, 1]


@forgery("the counts", marks, "tally.counts")
def _counts(board: dict[str, Any]) -> None:
    counts = board["tally"]["counts"]
    counts[0], counts[1] = counts[0] + 1, counts[1] - 1


@forgery("the export", ranked, "export")
def _export(board: dict[str, Any]) -> None:
    board["export"] = board["export"].replace("\n0\n", "\n1 1 0\n0\n", 1)  # one more ballot


@forgery("the result", ranked, "result")
def _result(board: dict[str, Any]) -> None:
    losers = [c for c in board["election"]["candidates"] if c not in board["result"]["elected"]]
    board["result"]["elected"] = losers[:1]


@forgery("a trustee's signature", ranked, "signatures")
def _signature(board: dict[str, Any]) -> None:
    board["signatures"][0]["trustee"] = 1 + board["signatures"][0]["trustee"] % 3


@forgery("an audited ballot's choice", ranked, "audited")
def _audited(board: dict[str, Any]) -> None:
    plaintext = board["audited"][0]["plaintext"]
    plaintext[0] = 1 + plaintext[0] % 4


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_forgery_is_caught_by_name(name: str) -> None:
    make, alter, check = FORGERIES[name]
    board = make()
    alter(board)
    failed = _failed(board)
    assert check in failed, f"{name}: failed {failed}"


def test_a_malformed_point_fails_a_check_instead_of_raising() -> None:
    board = ranked()
    board["ballots"][0]["ciphertexts"][0][0] = "zz" * 32
    assert "ballots" in _failed(board) or "ballots.proofs" in _failed(board)


@forgery("a shuffle credited to no trustee", ranked, "mix.shuffle")
def _mixer(board: dict[str, Any]) -> None:
    board["mix"]["shuffles"][0]["trustee"] = 9


@forgery("two shuffles credited to one trustee", ranked, "mix.shuffle")
def _mixer_twice(board: dict[str, Any]) -> None:
    board["mix"]["shuffles"][1]["trustee"] = board["mix"]["shuffles"][0]["trustee"]


@forgery("a count written as false", marks, "tally")
def _false_count(board: dict[str, Any]) -> None:
    counts = board["tally"]["counts"]
    zero = counts.index(0) if 0 in counts else None
    if zero is None:  # every option has votes: make one a boolean of the same truth
        counts[0] = True if counts[0] == 1 else counts[0]
    else:
        counts[zero] = False


@forgery("seats written as text", ranked, "election")
def _seats_text(board: dict[str, Any]) -> None:
    board["election"]["seats"] = str(board["election"]["seats"])


@forgery("a trustee listed out of place", marks, "election")
def _trustee_index(board: dict[str, Any]) -> None:
    board["election"]["trustees"][0]["index"] = 5


@forgery("the audited list removed", ranked, "audited")
def _no_audited(board: dict[str, Any]) -> None:
    del board["audited"]


@forgery("a partial decryption listed twice", ranked, "mix.decryption")
def _partial_twice(board: dict[str, Any]) -> None:
    board["mix"]["partials"][1] = copy.deepcopy(board["mix"]["partials"][0])
