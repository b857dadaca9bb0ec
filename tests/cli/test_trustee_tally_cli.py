"""A ranked ballot's tally entirely through ``hustings trustee``: a 2-of-3 key ceremony, two
trustees mixing in turn (`mix`), both decrypting the last list, `combine`, and each signing the
sealed board (`sign`); `mix` refuses a list under another key and `sign` a board that does not
verify. The board is assembled with `hustings.e2e.board`, as the services publish it."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from tests.cli.test_trustee_cli import ceremony, hustings

from hustings.e2e import ballots, group, shuffle
from hustings.e2e import board as boards
from hustings.e2e.board import Election
from hustings.e2e.verify import verify_board

ELECTION = "e-2025"
CANDIDATES = ("Ada", "Brian", "Cleo")
WISHES = [(1, 2), (2,), (2, 1, 3), (3, 2), (1,), (2, 3), (3,)]


def cast(public_key: str, spec: ballots.BallotSpec) -> list[ballots.EncryptedBallot]:
    rng = random.Random(7)
    key = group.point_from_hex(public_key)
    box = [ballots.encrypt_ranking(spec, key, wish, rng)[0] for wish in WISHES]
    return sorted(box, key=lambda b: ballots.ballot_digest(spec, b))


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data))
    return path


def signing_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str], n: int) -> list[tuple[Path, str]]:
    """Each trustee's `hustings scrutineer keygen`: (key file, public key printed)."""
    out = []
    for i in range(1, n + 1):
        path = tmp_path / f"signing{i}.key"
        status, printed, _ = hustings(capsys, "scrutineer", "keygen", "-o", path)
        assert status == 0
        out.append((path, printed.strip()))
    return out


def mix_in_turn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dirs: list[Path], public_key: str, rows: list[Any]
) -> list[dict[str, Any]]:
    """Trustees 1 then 3 mix: each takes the list the one before left; returns their shuffles."""
    shuffles = []
    for position, trustee in enumerate((1, 3), start=1):
        listed = {"election": ELECTION, "context": [ELECTION, "mix", position], "public_key": public_key, "rows": rows}
        out = tmp_path / f"shuffle{position}.json"
        status, _, err = hustings(
            capsys, "trustee", "mix", dirs[trustee - 1], write(tmp_path / "list.json", listed), "-o", out
        )
        assert status == 0, err
        assert f"trustee {trustee} mixed {len(WISHES)} ballots" in err
        written = json.loads(out.read_text())
        assert written["context"] == listed["context"]
        proof = shuffle.ShuffleProof.from_json(written["proof"])
        key = group.point_from_hex(public_key)
        before, after = shuffle.rows_from_json(rows), shuffle.rows_from_json(written["rows"])
        assert shuffle.verify_shuffle(listed["context"], key, before, after, proof)
        assert {r[0].to_json()[0] for r in before}.isdisjoint({r[0].to_json()[0] for r in after})  # re-encrypted
        shuffles.append({"trustee": trustee, "rows": written["rows"], "proof": written["proof"]})
        rows = written["rows"]
    return shuffles


def test_two_trustees_mix_decrypt_combine_and_sign_a_board_that_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dirs = ceremony(tmp_path, capsys, n=3, k=2)
    record = json.loads((dirs[0] / "ceremony.json").read_text())
    keys = signing_keys(tmp_path, capsys, 3)
    spec = ballots.BallotSpec(ELECTION, "ranked", 3, 3)
    election = Election(
        ELECTION, "Leader", "irv", 1, CANDIDATES, spec, tuple((f"T{i}", k) for i, (_, k) in enumerate(keys, 1)), 2
    )
    box = cast(record["public_key"], spec)
    shuffles = mix_in_turn(
        tmp_path, capsys, dirs, record["public_key"], shuffle.rows_to_json([b.ciphertexts for b in box])
    )

    last = [c for row in shuffle.rows_from_json(shuffles[-1]["rows"]) for c in row]
    cts = write(
        tmp_path / "ciphertexts.json", {"context": [ELECTION, "mix"], "ciphertexts": [c.to_json() for c in last]}
    )
    partials = []
    for trustee in (1, 3):
        out = tmp_path / f"partial{trustee}.json"
        assert hustings(capsys, "trustee", "decrypt", dirs[trustee - 1], cts, "-o", out)[0] == 0
        partials.append(json.loads(out.read_text())["partial"])
    status, out, err = hustings(
        capsys,
        "trustee",
        "combine",
        cts,
        tmp_path / "partial1.json",
        tmp_path / "partial3.json",
        "--ceremony",
        dirs[1] / "ceremony.json",
    )
    assert status == 0, err
    combined = json.loads(out)
    assert combined["trustees"] == [1, 3]
    points = [group.point_from_hex(p) for p in combined["plaintexts"]]
    rankings = boards.decode_rankings(spec, points)
    assert sorted(rankings) == sorted(WISHES)  # the mixed list decrypts to the cast multiset

    board = boards.opening(election, record["dealings"], record["public_key"], [b.to_json() for b in box], [])
    board["mix"] = boards.mix_part(shuffles, partials, rankings)
    boards.count(board, election, boards.ranked_profile(election, rankings))
    board["head"], board["signatures"] = boards.head(board), []
    path = write(tmp_path / "board.json", board)
    for trustee in (1, 3):
        status, out, err = hustings(
            capsys, "trustee", "sign", path, "--key", keys[trustee - 1][0], "--trustee", trustee
        )
        assert status == 0, err
        signed = json.loads(out)
        assert signed["trustee"] == trustee
        assert boards.signature_valid(board["election"], keys[trustee - 1][1], board["head"], signed["signature"])
        board["signatures"].append(signed)
    verification = verify_board(board)
    assert verification.verified, [(c.name, c.detail) for c in verification.failed]
    assert board["result"]["elected"] == ["Brian"]

    # Trustee 2's key is not trustee 1's on the board: refused, one line, status 2.
    status, _, err = hustings(capsys, "trustee", "sign", path, "--key", keys[1][0], "--trustee", 1)
    assert (status, err.count("\n")) == (2, 1) and "not trustee 1's signing key" in err

    # One shuffled ciphertext altered: the board no longer verifies, and nobody's key signs it.
    forged = json.loads(path.read_text())
    row = forged["mix"]["shuffles"][1]["rows"][0]
    row[0] = [row[0][0], group.add(group.point_from_hex(row[0][1]), group.G).hex()]
    forged["head"] = boards.head(forged)
    status, out, err = hustings(
        capsys, "trustee", "sign", write(tmp_path / "forged.json", forged), "--key", keys[0][0], "--trustee", 1
    )
    assert status == 1 and out == ""
    assert "FAILED" in err and "does not verify; not signing it" in err


def test_mix_refuses_a_list_under_another_key_or_of_another_election(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dirs = ceremony(tmp_path, capsys, n=3, k=2)
    own = json.loads((dirs[0] / "ceremony.json").read_text())["public_key"]
    spec = ballots.BallotSpec(ELECTION, "ranked", 3, 3)
    stranger = group.base(group.random_scalar(random.Random(3))).hex()
    rows = shuffle.rows_to_json([b.ciphertexts for b in cast(stranger, spec)])
    listed = {"election": ELECTION, "context": [ELECTION, "mix", 1], "public_key": stranger, "rows": rows}
    out = tmp_path / "shuffle.json"
    status, _, err = hustings(capsys, "trustee", "mix", dirs[0], write(tmp_path / "list.json", listed), "-o", out)
    assert (status, err.count("\n")) == (2, 1)
    assert "not the joint key of your ceremony record; do not mix it" in err and not out.exists()

    other = {**listed, "public_key": own, "election": "another", "context": ["another", "mix", 1]}
    status, _, err = hustings(capsys, "trustee", "mix", dirs[0], write(tmp_path / "other.json", other), "-o", out)
    assert (status, "a list of another election" in err, out.exists()) == (2, True, False)

    bad = {**listed, "public_key": own, "rows": [["00", "11"]]}
    status, _, err = hustings(capsys, "trustee", "mix", dirs[0], write(tmp_path / "bad.json", bad), "-o", out)
    assert (status, err.count("\n"), "Traceback" in err, out.exists()) == (2, 1, False, False)

    fresh = tmp_path / "fresh"
    assert (
        hustings(capsys, "trustee", "keygen", "--election", tmp_path / "election.json", "--trustee", 1, "-o", fresh)[0]
        == 0
    )
    status, _, err = hustings(
        capsys, "trustee", "mix", fresh, write(tmp_path / "own.json", {**listed, "public_key": own}), "-o", out
    )
    assert (status, "ceremony.json: missing" in err) == (2, True)
