"""``hustings count --method M`` for the plurality, scoring and Condorcet methods (Tennessee example, Wikipedia)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hustings.cli.main import main

TENNESSEE = (
    "rank1,rank2,rank3,rank4,weight\n"
    "Memphis,Nashville,Chattanooga,Knoxville,42\n"
    "Nashville,Chattanooga,Knoxville,Memphis,26\n"
    "Chattanooga,Knoxville,Nashville,Memphis,15\n"
    "Knoxville,Chattanooga,Nashville,Memphis,17\n"
)


@pytest.fixture
def ballots(tmp_path: Path) -> Path:
    path = tmp_path / "tennessee.csv"
    path.write_text(TENNESSEE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("method", "winner"),
    [
        ("fptp", "Memphis"),
        ("two-round", "Nashville"),
        ("borda", "Nashville"),
        ("copeland", "Nashville"),
        ("minimax", "Nashville"),
        ("schulze", "Nashville"),
        ("ranked-pairs", "Nashville"),
    ],
)
def test_count_prints_each_methods_winner_as_json(
    capsys: pytest.CaptureFixture[str], ballots: Path, method: str, winner: str
) -> None:
    assert main(["count", str(ballots), "--method", method, "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["elected"] == [winner]


def test_condorcet_text_report_shows_the_pairwise_grid(capsys: pytest.CaptureFixture[str], ballots: Path) -> None:
    assert main(["count", str(ballots), "--method", "schulze"]) == 0
    out = capsys.readouterr().out
    assert "Pairwise (row preferred to column):" in out
    assert out.rstrip().endswith("Elected: Nashville")


def test_method_options_pass_through_the_command_line(capsys: pytest.CaptureFixture[str], ballots: Path) -> None:
    assert main(["count", str(ballots), "--method", "borda", "--seats", "2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["elected"] == ["Nashville", "Chattanooga"]


def test_seats_for_a_single_winner_method_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], ballots: Path
) -> None:
    assert main(["count", str(ballots), "--method", "schulze", "--seats", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "elects one candidate, but 2 seats are to be filled" in err
