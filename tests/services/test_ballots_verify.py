"""`hustings verify BOARD.json`: the verdict and exit status on a real board, a tampered one and
unreadable input; the check needs no database or Django settings."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.web.visitors import make_party

from hustings.cli.main import main
from hustings.services import ballots as svc


@pytest.fixture
def board(db: None) -> dict:
    party = make_party()
    officer = party.users["returning_officer"]
    ballot = svc.open_ballot(
        officer,
        organisation=party.organisation.slug,
        title="Chair",
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=["Ann", "Bob", "Cat"],
        on_date=dt.date(2016, 8, 22),
    )
    code = svc.issue_credentials(officer, ballot)["L000001"]
    svc.cast(ballot.pk, code, ["Bob", "Ann"], "s")
    for step in (svc.close_ballot, svc.count_ballot, svc.publish):
        step(officer, ballot)
    return svc.bulletin_board(ballot)


def write(tmp_path: Path, data: object, name: str = "board.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


def test_verified_board_exits_0(board: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", write(tmp_path, board)]) == 0
    out = capsys.readouterr().out
    assert "VERIFIED" in out and "NOT" not in out and "elected Bob" in out


def test_tampered_board_exits_1(board: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board["result"]["elected"] = ["Ann"]
    assert main(["verify", write(tmp_path, board)]) == 1
    out = capsys.readouterr().out
    assert "NOT VERIFIED" in out and "FAILED   result:" in out


def test_json_verdict(board: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", write(tmp_path, board), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["verified"] is True and record["result"] == board["result"]
    assert {"verified", "checks", "result"} <= set(record)
    assert all(set(check) == {"name", "status", "detail"} for check in record["checks"])


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"entries": 3}'])
def test_unreadable_input_exits_2(tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", write(tmp_path, content)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hustings: error:") and len(err.strip().splitlines()) == 1


def test_missing_file_exits_2(tmp_path: Path) -> None:
    assert main(["verify", str(tmp_path / "absent.json")]) == 2


def test_verify_runs_without_django(board: dict, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    done = subprocess.run(
        [sys.executable, "-m", "hustings.cli.main", "verify", write(tmp_path, board)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "VERIFIED" in done.stdout
