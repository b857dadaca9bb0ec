"""A 3-of-4 key ceremony and threshold decryption entirely through ``hustings trustee``."""

from __future__ import annotations

import json
import random
import stat
from pathlib import Path

import pytest

from hustings.cli.main import main
from hustings.e2e import elgamal, group

ELECTION = "e-2025"


def hustings(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def ceremony(tmp_path: Path, capsys: pytest.CaptureFixture[str], n: int = 4, k: int = 3) -> list[Path]:
    """keygen, roster, deal and receive for every trustee; returns their directories."""
    election = tmp_path / "election.json"
    election.write_text(json.dumps({"election": ELECTION, "trustees": n, "quorum": k, "title": "Leader"}))
    dirs = [tmp_path / f"trustee{i}" for i in range(1, n + 1)]
    for i, d in enumerate(dirs, start=1):
        assert hustings(capsys, "trustee", "keygen", "--election", election, "--trustee", i, "-o", d)[0] == 0
    roster = tmp_path / "roster.json"
    assert hustings(capsys, "trustee", "roster", *(d / "trustee.json" for d in dirs), "-o", roster)[0] == 0
    for i, d in enumerate(dirs, start=1):
        assert hustings(capsys, "trustee", "deal", d, "--roster", roster, "-o", tmp_path / f"dealing{i}.json")[0] == 0
    dealings = [tmp_path / f"dealing{i}.json" for i in range(1, n + 1)]
    keys = set()
    for d in dirs:
        status, out, err = hustings(capsys, "trustee", "receive", d, *dealings)
        assert status == 0, err
        keys.add(out.strip())
    assert len(keys) == 1
    return dirs


def write_ciphertexts(tmp_path: Path, dirs: list[Path], values: list[int]) -> Path:
    record = json.loads((dirs[0] / "ceremony.json").read_text())
    h = bytes.fromhex(record["public_key"])
    rng = random.Random(1)
    cts = [elgamal.encrypt(h, v, group.random_scalar(rng)).to_json() for v in values]
    path = tmp_path / "tally.json"
    path.write_text(json.dumps({"context": [ELECTION, "tally"], "ciphertexts": cts}))
    return path


def test_three_of_four_trustees_decrypt_what_the_ceremony_key_encrypted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dirs = ceremony(tmp_path, capsys)
    records = [(d / "ceremony.json").read_text() for d in dirs]
    assert len(set(records)) == 1
    for d in dirs:
        for secret in ("box.key", "own-share.json", "key-share.json"):
            assert stat.S_IMODE((d / secret).stat().st_mode) == 0o600
    values = [12, 0, 7, 30]
    tally = write_ciphertexts(tmp_path, dirs, values)
    partials = []
    for i in (4, 1, 3):
        out = tmp_path / f"partial{i}.json"
        assert hustings(capsys, "trustee", "decrypt", dirs[i - 1], tally, "-o", out)[0] == 0
        partials.append(out)
    status, out, _ = hustings(
        capsys, "trustee", "combine", tally, *partials, "--ceremony", dirs[1] / "ceremony.json", "--bound", 50
    )
    assert status == 0
    result = json.loads(out)
    assert result["numbers"] == values
    assert result["trustees"] == [1, 3, 4]

    # Two partial decryptions are not a quorum; an altered one is named and not counted.
    record = dirs[0] / "ceremony.json"
    status, _, err = hustings(capsys, "trustee", "combine", tally, *partials[:2], "--ceremony", record)
    assert status == 1 and "quorum is 3" in err
    forged = json.loads(partials[2].read_text())
    forged["partial"]["shares"][0] = group.G.hex()
    partials[2].write_text(json.dumps(forged))
    status, _, err = hustings(capsys, "trustee", "combine", tally, *partials, "--ceremony", record)
    assert status == 1 and "FAILED   trustee 3" in err


def test_a_dealer_whose_share_fails_is_named_and_no_key_share_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    election = tmp_path / "election.json"
    election.write_text(json.dumps({"election": ELECTION, "trustees": 3, "quorum": 2}))
    dirs = [tmp_path / f"t{i}" for i in (1, 2, 3)]
    for i, d in enumerate(dirs, start=1):
        hustings(capsys, "trustee", "keygen", "--election", election, "--trustee", i, "-o", d)
    roster = tmp_path / "roster.json"
    hustings(capsys, "trustee", "roster", *(d / "trustee.json" for d in dirs), "-o", roster)
    dealings = [tmp_path / f"dealing{i}.json" for i in (1, 2, 3)]
    for d, out in zip(dirs, dealings, strict=True):
        hustings(capsys, "trustee", "deal", d, "--roster", roster, "-o", out)
    # Dealer 2 sends trustee 1 the share meant for trustee 3: sealed for 1, but the wrong value.
    dealing2 = json.loads(dealings[1].read_text())
    theirs = json.loads((dirs[0] / "trustee.json").read_text())["box_key"]
    from nacl.public import PublicKey, SealedBox

    payload = {"election": ELECTION, "dealer": 2, "recipient": 1, "share": group.scalar_hex(12345)}
    box = SealedBox(PublicKey(bytes.fromhex(theirs))).encrypt(json.dumps(payload).encode())
    dealing2["sealed_shares"][0]["box"] = box.hex()
    dealings[1].write_text(json.dumps(dealing2))
    status, _, err = hustings(capsys, "trustee", "receive", dirs[0], *dealings)
    assert status == 1
    assert "COMPLAINT dealer 2" in err and "does not match its commitments" in err
    assert "COMPLAINT dealer 3" not in err
    assert not (dirs[0] / "key-share.json").exists()
    assert hustings(capsys, "trustee", "receive", dirs[2], *dealings)[0] == 0  # trustee 3's share is fine


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not JSON"),
        ('{"election": "e", "trustees": 2}', "'quorum' must be a positive integer"),
        ('{"election": "e", "trustees": 2, "quorum": 3}', "exceeds"),
        ('{"election": "", "trustees": 2, "quorum": 1}', "'election' must be a non-empty str"),
    ],
)
def test_keygen_refuses_a_bad_election_file_with_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    election = tmp_path / "election.json"
    election.write_text(content)
    status, _, err = hustings(capsys, "trustee", "keygen", "--election", election, "--trustee", 1, "-o", tmp_path / "t")
    assert status == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_input_to_each_step_is_one_line_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dirs = ceremony(tmp_path, capsys, n=2, k=2)
    dealing = tmp_path / "dealing1.json"
    cases = [
        (("trustee", "keygen", "--election", tmp_path / "no.json", "--trustee", 1, "-o", tmp_path / "x"), "such"),
        (("trustee", "deal", dirs[0], "--roster", tmp_path / "roster.json", "-o", tmp_path / "again.json"), "never"),
        (("trustee", "receive", dirs[0], dealing), "need one dealing from each"),
        (("trustee", "receive", dirs[0], dealing, dealing), "a second dealing"),
        (("trustee", "decrypt", dirs[0], dealing, "-o", tmp_path / "p.json"), "'context'"),
    ]
    bad_cts = tmp_path / "bad.json"
    bad_cts.write_text(json.dumps({"context": ["another", "tally"], "ciphertexts": []}))
    cases.append((("trustee", "decrypt", dirs[0], bad_cts, "-o", tmp_path / "p.json"), "not 'e-2025'"))
    bad_cts2 = tmp_path / "bad2.json"
    bad_cts2.write_text(json.dumps({"context": [ELECTION], "ciphertexts": [["00", "11"]]}))
    cases.append((("trustee", "decrypt", dirs[0], bad_cts2, "-o", tmp_path / "p.json"), "not a group element"))
    fresh = tmp_path / "fresh"
    election = tmp_path / "e.json"
    election.write_text(json.dumps({"election": ELECTION, "trustees": 2, "quorum": 2}))
    hustings(capsys, "trustee", "keygen", "--election", election, "--trustee", 1, "-o", fresh)
    cases.append((("trustee", "decrypt", fresh, bad_cts2, "-o", tmp_path / "p.json"), "key-share.json: missing"))
    cases.append((("trustee", "keygen", "--election", election, "--trustee", 3, "-o", tmp_path / "y"), "between 1 and"))
    cases.append((("trustee", "keygen", "--election", election, "--trustee", 1, "-o", fresh), "not an empty directory"))
    for argv, message in cases:
        status, _, err = hustings(capsys, *argv)
        assert (status, message in err, err.count("\n")) == (2, True, 1), (argv, err)
