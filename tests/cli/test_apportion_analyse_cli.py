"""``hustings apportion`` and ``hustings analyse``: the contract forms and exit 2 on bad data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hustings.cli.main import main


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "votes.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_apportion_json_is_party_to_seats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, "party,votes\nA,100000\nB,80000\nC,30000\nD,20000\n")
    assert main(["apportion", path, "--method", "dhondt", "--seats", "8", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"A": 4, "B": 3, "C": 1, "D": 0}


def test_apportion_text_lists_every_party(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, "party,votes\nA,100000\nB,80000\nC,30000\nD,20000\n")
    assert main(["apportion", path, "--method", "sainte-lague", "--seats", "8"]) == 0
    out = capsys.readouterr().out
    assert "sainte-lague, 8 seats" in out
    assert all(p in out for p in "ABCD")


def test_apportion_threshold_in_percent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, "party,votes\nA,100000\nB,80000\nC,30000\nD,20000\n")
    args = ["apportion", path, "--method", "sainte-lague", "--seats", "8", "--threshold", "10%", "--format", "json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["D"] == 0


def test_apportion_already_won_prints_seats_allocated_now(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, "party,votes,already_won\nA,100000,4\nB,80000,0\nC,30000,\nD,20000,0\n")
    assert main(["apportion", path, "--method", "dhondt", "--seats", "4", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"A": 0, "B": 3, "C": 1, "D": 0}


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("party,votes\nA,-5\nB,10\n", [], "negative votes"),
        ("party,votes\nA,5\nA,10\n", [], "appears twice"),
        ("party,votes\nA,five\n", [], "whole number"),
        ("name,count\nA,5\n", [], "no 'party' column"),
        ("", [], "empty file"),
        ("party,votes\nA,5\nB,3\n", ["--seats", "1000000"], "more than any assembly"),
        ("party,votes\nA,5\nB,3\nC,1\n", ["--seats", "2", "--method", "huntington-hill"], "fewer than"),
        ("party,votes\nA,5\n", ["--method", "borda"], "unknown apportionment method"),
        ("party,votes\nA,5\n", ["--threshold", "150%"], "between 0% and 100%"),
        ("party,votes\nA,5\n", ["--seats", "-1"], "cannot be negative"),
        ("party,votes\nA,0\nB,0\n", [], "no list with votes"),
    ],
)
def test_apportion_bad_data_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, args: list[str], message: str
) -> None:
    options = {"--method": "dhondt", "--seats": "3"}
    options.update(zip(args[::2], args[1::2], strict=True))
    argv = ["apportion", _csv(tmp_path, content), *(x for pair in options.items() for x in pair)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_apportion_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apportion", str(tmp_path / "none.csv"), "--method", "dhondt", "--seats", "3"]) == 2
    assert "none.csv" in capsys.readouterr().err


def test_analyse_json_has_seats_and_indices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "ge2017", "--system", "fptp", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["seats"]["Conservative"] == 317
    assert sum(d["seats"].values()) == 650
    assert set(d["indices"]) == {"gallagher", "loosemore_hanby", "enp_votes", "enp_seats", "winners_below_50pct"}
    assert d["indices"]["winners_below_50pct"] == 174


def test_analyse_holyrood_2016_gives_the_declared_seats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "sp2016", "--system", "ams", "--format", "json"]) == 0
    seats = {p: n for p, n in json.loads(capsys.readouterr().out)["seats"].items() if n}
    assert seats == {"SNP": 63, "Conservative": 31, "Labour": 24, "Green": 6, "Liberal Democrat": 5}


def test_analyse_text_warns_that_a_what_if_is_not_a_forecast(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "ge2019", "--system", "national-dhondt", "--threshold", "5%"]) == 0
    out = capsys.readouterr().out
    assert "not a forecast" in out
    assert "Gallagher" in out


def test_analyse_writes_a_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "seats.svg"
    assert main(["analyse", "sp2007", "--system", "ams", "--chart", str(out), "--format", "json"]) == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyse", "ge1066", "--system", "fptp"], "unknown election 'ge1066'"),
        (["analyse", "ge2017", "--system", "borda"], "unknown system 'borda'"),
        (["analyse", "ge2017", "--system", "fptp", "--threshold", "5%"], "does not apply to fptp"),
        (["analyse", "ge2017", "--system", "ams", "--constituency-share", "2"], "between 0 and 1"),
        (["analyse", "ge2017", "--system", "fptp", "--chart", "out.pdf"], ".svg or .png"),
    ],
)
def test_analyse_bad_requests_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_analyse_european_parliament_2019_gives_the_declared_seats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "ep2019", "--system", "regional-dhondt", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert {p: n for p, n in d["seats"].items() if n} == {
        "The Brexit Party": 29,
        "Liberal Democrat": 16,
        "Labour": 10,
        "Green Party": 7,
        "Conservative": 4,
        "Scottish National Party": 3,
        "Plaid Cymru": 1,
    }
    assert d["by_region"]["Wales"] == {"The Brexit Party": 2, "Plaid Cymru": 1, "Labour": 1}
    assert "Northern Ireland" in d["notes"][0]


def test_analyse_european_parliament_2019_refuses_fptp(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "ep2019", "--system", "fptp"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fptp does not apply to ep2019" in err and "regional-dhondt" in err


def test_analyse_european_parliament_2019_declared_result_is_not_called_a_what_if(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["analyse", "ep2019", "--system", "regional-dhondt"]) == 0
    declared = capsys.readouterr().out
    assert "not a forecast" not in declared and "Northern Ireland" in declared
    assert main(["analyse", "ep2019", "--system", "national-dhondt"]) == 0
    assert "not a forecast" in capsys.readouterr().out
