"""The contract of `hustings e2e simulate` (issue #16): it writes DIR/board.json and DIR/cast.blt;
`hustings verify DIR/board.json` verifies, and its result is `hustings count DIR/cast.blt` with
the same method and seats, for plurality (homomorphic), IRV and Scottish STV (mixed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hustings.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.mark.parametrize(
    ("method", "seats", "candidates"),
    [("plurality", 1, 4), ("irv", 1, 5), ("scottish-stv", 2, 5)],
)
def test_verify_result_is_the_count_of_what_was_cast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], method: str, seats: int, candidates: int
) -> None:
    out = tmp_path / method
    argv = ["e2e", "simulate", "--voters", "40", "--candidates", str(candidates), "--method", method]
    argv += ["--seats", str(seats), "--trustees", "4", "--quorum", "3", "--seed", "11", "-o", str(out)]
    assert _run(capsys, *argv)[0] == 0
    assert (out / "board.json").is_file() and (out / "cast.blt").is_file()

    code, text = _run(capsys, "verify", str(out / "board.json"), "--format", "json")
    verdict = json.loads(text)
    assert code == 0 and verdict["verified"] is True, [c for c in verdict["checks"] if c["status"] == "failed"]
    names = {c["name"] for c in verdict["checks"]}
    assert {"ceremony.dealings", "ballots.proofs", "recount", "head", "signatures"} <= names

    code, text = _run(capsys, "count", str(out / "cast.blt"), "--method", method, "--seats", str(seats), "-f", "json")
    counted = json.loads(text)
    counted.pop("source")
    assert code == 0 and verdict["result"] == counted


def test_simulation_is_reproducible_from_its_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    boards = []
    for name in ("a", "b"):
        argv = ["e2e", "simulate", "--voters", "6", "--candidates", "3", "--method", "irv"]
        argv += ["--trustees", "2", "--quorum", "2", "--seed", "5", "-o", str(tmp_path / name)]
        assert _run(capsys, *argv)[0] == 0
        boards.append((tmp_path / name / "board.json").read_text(encoding="utf-8"))
    assert boards[0] == boards[1]


def test_bad_settings_are_refused_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["e2e", "simulate", "--voters", "5", "--candidates", "3", "--method", "irv"]
    argv += ["--trustees", "2", "--quorum", "3", "-o", str(tmp_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "quorum" in err


def test_a_forged_board_exits_1_naming_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["e2e", "simulate", "--voters", "8", "--candidates", "3", "--method", "plurality"]
    argv += ["--trustees", "3", "--quorum", "2", "--seed", "3", "-o", str(tmp_path)]
    assert _run(capsys, *argv)[0] == 0
    path = tmp_path / "board.json"
    board = json.loads(path.read_text(encoding="utf-8"))
    board["tally"]["counts"][0] += 1
    path.write_text(json.dumps(board), encoding="utf-8")
    code, text = _run(capsys, "verify", str(path))
    assert code == 1
    assert "FAILED   tally.counts" in text and "NOT VERIFIED" in text
