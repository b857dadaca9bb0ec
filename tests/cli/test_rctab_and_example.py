"""``hustings rctab`` and ``hustings example`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hustings.cli.main import main

SUITE = Path(__file__).resolve().parent.parent / "data" / "rctab"


def test_rctab_prints_the_round_table_and_writes_summary_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = SUITE / "2015_portland_mayor" / "2015_portland_mayor_config.json"
    assert main(["rctab", str(config), "-o", str(tmp_path / "out")]) == 0
    table = capsys.readouterr().out
    assert "Elected: Mavodones, Nicholas M. Jr." in table  # RCTab's report elects him in round 14
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["summary"]["totalNumBallots"] == "99"


def test_rctab_refuses_a_missing_config_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rctab", str(tmp_path / "nowhere.json"), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hustings: error: ") and err.count("\n") == 1


def test_example_counts_portland_2015_and_agrees_with_rctab(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["example", "portland-2015", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "agrees with RCTab's own report" in out
    assert "Elected: Mavodones, Nicholas M. Jr." in out
    assert (tmp_path / "summary.json").exists()


def test_example_by_default_counts_a_real_scottish_ward_and_agrees_with_the_declaration(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["example"]) == 0
    out = capsys.readouterr().out
    assert "agree with the declared result" in out
    assert "rule 52" in out


def test_example_refuses_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["example", "nowhere-1999"])
    assert exit_.value.code == 2
