"""The independent verifier (written from docs/e2e.md alone) agrees with `hustings verify` (issue #16).

Honest boards of each kind verify in both; each forgery, made by an attacker who controls the
server and rewrites the board's head to match (docs/e2e.md, "The board", `head`), is refused by
both, and both name the same check as the first to fail. Only `independent_verifier` must not
import the prover; this test imports `hustings.e2e` to make boards and to ask the official verifier.
"""

from __future__ import annotations

import ast
import copy
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.e2e import independent_verifier as iv

from hustings.e2e.simulate import Settings, simulate
from hustings.e2e.verify import verify_board

Board = dict[str, Any]
ELECTIONS = {"plurality": 1, "irv": 1, "scottish-stv": 2}
ALWAYS = {"head", "signatures"}


@functools.cache
def _board(method: str) -> Board:
    settings = Settings(voters=9, candidates=4, method=method, seats=ELECTIONS[method], trustees=3, quorum=2, seed=16)
    return simulate(settings).board


def board(method: str) -> Board:
    return copy.deepcopy(_board(method))


def official(b: Board) -> list[str]:
    return [c.name for c in verify_board(b).failed]


@pytest.mark.parametrize("method", sorted(ELECTIONS))
def test_honest_boards_verify_in_both(method: str) -> None:
    b = board(method)
    assert iv.verify(b) == (True, [])
    assert official(b) == []
    statuses = {name: status for name, status, _ in iv.run(b)}
    expected = ["tally.counts"] if method == "plurality" else ["mix.shuffle", "mix.rankings"]
    assert all(statuses[name] == "ok" for name in [*expected, "recount", "result", "head", "signatures"])


def test_the_verifier_imports_nothing_of_the_prover() -> None:
    tree = ast.parse(Path(iv.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    hustings = {m for m in imported if m.startswith("hustings")}
    assert hustings == {"hustings.count", "hustings.formats"}, hustings


def _plus_g(hex_point: str) -> str:
    return iv.add(iv.point(hex_point), iv.G).hex()


def _swap(items: list[Any], i: int, j: int) -> None:
    items[i], items[j] = items[j], items[i]


def _ciphertext(b: Board) -> None:
    b["ballots"][0]["ciphertexts"][0][1] = _plus_g(b["ballots"][0]["ciphertexts"][0][1])


def _ballot_proof(b: Board) -> None:
    proof = b["ballots"][1]["proof"]
    target = proof["marks"][0] if "marks" in proof else proof
    responses = target["s"]
    responses[0] = ((iv.scalar(responses[0]) + 1) % iv.L).to_bytes(32, "little").hex()


def _alias(b: Board) -> None:
    """The top-bit rule: the same point spelt with bit 255 set (libsodium alone would accept it)."""
    a = bytearray(bytes.fromhex(b["ballots"][0]["ciphertexts"][0][0]))
    a[31] |= 0x80
    b["ballots"][0]["ciphertexts"][0][0] = a.hex()


def _shuffled_row(b: Board) -> None:
    row = b["mix"]["shuffles"][0]["rows"][0]
    row[0][1] = _plus_g(row[0][1])


def _swapped_rows(b: Board) -> None:
    _swap(b["mix"]["shuffles"][-1]["rows"], 0, 1)


def _share(b: Board) -> None:
    section = b["tally"] if "tally" in b else b["mix"]
    shares = section["partials"][0]["shares"]
    shares[0] = _plus_g(shares[0])


def _first_commitment(b: Board) -> None:
    commitments = b["ceremony"]["dealings"][1]["commitments"]
    commitments[0] = _plus_g(commitments[0])


def _drop(b: Board) -> None:
    del b["ballots"][2]


def _duplicate(b: Board) -> None:
    b["ballots"].insert(3, copy.deepcopy(b["ballots"][3]))


def _ranking(b: Board) -> None:
    rankings = b["mix"]["rankings"]
    i = next(i for i, r in enumerate(rankings) if r)
    rankings[i] = list(reversed(rankings[i])) if len(rankings[i]) > 1 else [rankings[i][0] % 4 + 1]


def _counts(b: Board) -> None:
    counts = b["tally"]["counts"]
    i = counts.index(max(counts))
    counts[i] -= 1
    counts[(i + 1) % len(counts)] += 1


def _export(b: Board) -> None:
    lines = b["export"].split("\n")
    lines[1] = "1" + lines[1]  # one more digit on the first ballot line's weight
    b["export"] = "\n".join(lines)


def _result(b: Board) -> None:
    b["result"]["elected"] = [b["election"]["candidates"][-1]]


def _audit(b: Board) -> None:
    b["audited"][0]["plaintext"] = b["audited"][1]["plaintext"][::-1] if "mix" in b else [1, 0, 0, 0][::-1]


FORGERIES: dict[str, tuple[Callable[[Board], None], tuple[str, ...], str]] = {
    # name: (forgery, the boards it applies to, the check docs/e2e.md says must catch it)
    "a ciphertext": (_ciphertext, ("plurality", "irv"), "ballots.proofs"),
    "a ballot proof": (_ballot_proof, ("plurality", "irv"), "ballots.proofs"),
    "a point spelt with the top bit set": (_alias, ("plurality", "irv"), "ballots"),  # malformed
    "a shuffle output row": (_shuffled_row, ("irv", "scottish-stv"), "mix.shuffle"),
    "two shuffled rows swapped": (_swapped_rows, ("irv", "scottish-stv"), "mix.shuffle"),
    "a partial decryption share (tally)": (_share, ("plurality",), "tally.decryption"),
    "a partial decryption share (mix)": (_share, ("irv",), "mix.decryption"),
    "the first commitment of a dealing": (_first_commitment, ("plurality", "irv"), "ceremony.dealings"),
    "a dropped ballot (tally)": (_drop, ("plurality",), "tally.aggregate"),
    "a dropped ballot (mix)": (_drop, ("irv",), "mix.shuffle"),
    "a duplicated ballot": (_duplicate, ("plurality", "irv"), "ballots.unique"),
    "a ranking": (_ranking, ("irv", "scottish-stv"), "mix.rankings"),
    "the counts": (_counts, ("plurality",), "tally.counts"),
    "the export": (_export, ("plurality", "irv", "scottish-stv"), "export"),
    "the result": (_result, ("plurality", "irv", "scottish-stv"), "result"),
    "an audited ballot's plaintext": (_audit, ("plurality", "irv"), "audited"),
}
CASES = [(name, method) for name, (_, methods, _) in FORGERIES.items() for method in methods]


@pytest.mark.parametrize(("forgery", "method"), CASES, ids=[f"{n} ({m})" for n, m in CASES])
def test_both_verifiers_refuse_a_forgery_at_the_same_check(forgery: str, method: str) -> None:
    forge, _, expected = FORGERIES[forgery]
    b = board(method)
    forge(b)
    b["head"] = iv.head_of(b)  # the attacker rewrites the head to match
    verified, mine = iv.verify(b)
    theirs = official(b)
    assert not verified and theirs
    first_mine = [n for n in mine if n not in ALWAYS]
    first_theirs = [n for n in theirs if n not in ALWAYS]
    assert first_mine == first_theirs == [expected], (mine, theirs)
    assert set(mine) == set(theirs)  # the signatures of the old head fail in both


def test_an_unaltered_head_is_refused_by_both() -> None:
    b = board("irv")
    b["result"]["elected"] = ["Candidate 4"]
    assert "head" in iv.verify(b)[1] and "head" in official(b)


def test_a_decrypted_board_without_signatures_fails_in_both() -> None:
    b = board("plurality")
    b["signatures"] = []
    assert iv.verify(b) == (False, ["signatures"])
    assert official(b) == ["signatures"]


def test_no_signatures_are_only_warned_about_when_nothing_was_decrypted() -> None:
    b = board("plurality")
    _share(b)
    b["signatures"] = []
    b["head"] = iv.head_of(b)
    assert iv.verify(b) == (False, ["tally.decryption"])
    assert ("signatures", "warning") in {(name, status) for name, status, _ in iv.run(b)}
    assert official(b) == ["tally.decryption"]
    assert "warning" in [c.status for c in verify_board(b).checks if c.name == "signatures"]


def test_a_decrypting_trustee_who_did_not_sign_is_refused_by_both() -> None:
    b = board("irv")
    decrypted = b["mix"]["partials"][0]["trustee"]
    b["signatures"] = [s for s in b["signatures"] if s["trustee"] != decrypted]
    assert iv.verify(b) == (False, ["signatures"])
    assert official(b) == ["signatures"]


def test_a_ranked_board_with_no_ballot_cast_verifies_in_both_and_a_filled_mix_fails_both() -> None:
    """docs/e2e.md, "Verifying a board", 5: with no ballot cast the mix is empty, and nobody decrypted."""
    from hustings.count import registry
    from hustings.count.profile import Profile
    from hustings.e2e import board as boards
    from hustings.formats import blt

    b = board("irv")
    e = b["election"]
    b["ballots"], b["mix"], b["signatures"] = [], {"shuffles": [], "partials": [], "rankings": []}, []
    empty = Profile.from_lists(e["candidates"], [], title=e["title"], seats=e["seats"])
    b["export"] = blt.dumps(empty)
    b["result"] = {"title": e["title"], **registry.run(e["method"], empty, seats=e["seats"]).to_dict()}
    b["head"] = boards.head(b)
    assert official(b) == []
    assert iv.verify(b) == (True, [])
    filled = copy.deepcopy(b)
    filled["mix"]["rankings"] = [[1]]
    filled["head"] = boards.head(filled)
    assert official(filled) == ["mix.shuffle"]
    assert iv.verify(filled) == (False, ["mix.shuffle"])
