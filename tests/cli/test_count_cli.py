"""``hustings count`` refuses bad input with exit status 2 and one clear line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hustings.cli.main import main

SCOTLAND = Path(__file__).resolve().parents[1] / "data" / "scotland" / "blt"
WARD = SCOTLAND / "aberdeen_2012_ward1.blt"
CONSOLE_SCRIPT = Path(sys.executable).with_name("hustings")
GOOD = "3 1\n2 1 2 0\n1 3 0\n0\nA\nB\nC\nT\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    """The one line a refused command prints; checks the exit status and the absence of a traceback."""
    code, _, err = run(capsys, *argv)
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("hustings: error: "), err
    return lines[0]


def ballot_file(tmp_path: Path, text: str, name: str = "ballots.blt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "count", ballot_file(tmp_path, GOOD), "--method", "irv")
    assert code == 0, err
    assert "Elected: A" in out


def test_unknown_method(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "count", WARD, "--method", "no-such-method")
    assert "unknown method 'no-such-method'" in line
    assert "irv" in line  # the methods that do exist are listed


def test_unknown_kind_of_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = ballot_file(tmp_path, GOOD, "ballots.txt")
    line = refused(capsys, "count", path)
    assert f"{path}: unknown kind of ballot file '.txt'" in line


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "absent.blt"
    assert refused(capsys, "count", path) == f"hustings: error: {path}: no such file"


def test_directory_named_like_a_ballot_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "folder.blt"
    path.mkdir()
    assert f"{path}: " in refused(capsys, "count", path)


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("", 1, "empty file"),
        ("3\n0\nA\nB\nC\nT\n", 1, "expected a header 'candidates seats'"),
        ("2 3\n1 1 0\n0\nA\nB\nT\n", 1, "3 seats but only 2 candidates"),
        ("3 1\n1 1 2 0\n1 7 0\n0\nA\nB\nC\nT\n", 3, "preference for candidate 7"),
        ("3 1\n1 1 2 0\n1 2 0\nA\nB\nC\nT\n", 4, "found 'A' where a ballot or the line '0' ending the ballots"),
        ("3 1\n1 1 2 0\n1 2 0\n", 3, "not ended by a line '0'"),
        ("3 1\n1 1 2 0\n-2 2 0\n0\nA\nB\nC\nT\n", 3, "negative ballot weight -2"),
        ("3 1\n1 1 2 0\n0\nA\nB\nT\n", 6, "expected 3 candidate names and a title"),
        ("3 1\n1 1 2 0\n0\nA\nB\nC\nT\nMore\n", 8, "more lines than the 3 candidate names"),
        ("3 1\n1 1 two 0\n0\nA\nB\nC\nT\n", 2, "unexpected 'two'"),
        ("3 1\nx1 1 2 0\n0\nA\nB\nC\nT\n", 2, "found 'x1 1 2 0' where a ballot"),
        ("3 1\n1 1 2 0 3\n0\nA\nB\nC\nT\n", 2, "text after the ballot's closing 0"),
        ("3 1\n1 1 2\n0\nA\nB\nC\nT\n", 2, "does not end with 0"),
        ("3 1\n1 1 0\n0\nA\nB\nA\nT\n", 6, "candidate name 'A' is also on line 4"),
        ("3 1\n-5\n1 1 0\n0\nA\nB\nC\nT\n", 2, "withdrawn candidate 5 does not exist"),
    ],
)
def test_malformed_blt_names_file_line_and_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = ballot_file(tmp_path, text)
    message = refused(capsys, "count", path, "--method", "irv")
    assert message.startswith(f"hustings: error: {path}, line {line}: "), message
    assert problem in message


def test_malformed_preflib_names_file_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = ballot_file(tmp_path, "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1,{2\n", "votes.toi")
    assert refused(capsys, "count", path).startswith(f"hustings: error: {path}, line 3: ")


def test_more_seats_than_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "count", WARD, "--seats", "10", "--method", "scottish-stv")
    assert line == f"hustings: error: {WARD}: 10 seats to fill but only 9 candidates standing"


def test_more_seats_than_candidates_left_after_withdrawals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = ballot_file(tmp_path, "4 2\n-1 -2 -3\n1 4 0\n0\nA\nB\nC\nD\nT\n")
    assert refused(capsys, "count", path) == f"hustings: error: {path}: 2 seats to fill but only 1 candidates standing"


def test_seats_below_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--seats must be at least 1" in refused(capsys, "count", WARD, "--seats", "0")


def test_option_the_method_does_not_have(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "count", WARD, "--method", "irv", "--option", "no_such_option=1")
    assert "method 'irv' takes no option no_such_option" in line
    assert "decimal_places" in line  # the options it does take are listed


def test_option_without_a_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--option takes NAME=VALUE, got 'decimal_places'" in refused(
        capsys, "count", WARD, "--option", "decimal_places"
    )


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("decimal_places=many", "option decimal_places takes a whole number, got 'many'"),
        ("batch_elimination=perhaps", "option batch_elimination takes true or false, got 'perhaps'"),
        ("overvote_rule=ignore", "option overvote_rule takes one of"),
    ],
)
def test_option_value_of_the_wrong_kind(capsys: pytest.CaptureFixture[str], option: str, words: str) -> None:
    assert words in refused(capsys, "count", WARD, "--method", "irv", "--option", option)


def test_unknown_tie_break(capsys: pytest.CaptureFixture[str]) -> None:
    assert "unknown tie-break 'coin'" in refused(capsys, "count", WARD, "--tie-break", "coin")


def test_a_bad_file_after_a_good_one_still_fails_cleanly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good, bad = ballot_file(tmp_path, GOOD, "good.blt"), ballot_file(tmp_path, "3 1\n1 9 0\n0\n", "bad.blt")
    code, out, err = run(capsys, "count", good, bad, "--format", "json")
    assert code == 2
    assert json.loads(out.splitlines()[0])["source"] == str(good)
    assert (
        err
        == f"hustings: error: {bad}, line 2: preference for candidate 9, but the header declares candidates 1 to 3\n"
    )


def test_the_console_script_itself_exits_2_with_one_line(tmp_path: Path) -> None:
    assert CONSOLE_SCRIPT.exists(), "the package is installed with its console script"
    path = ballot_file(tmp_path, "3 1\n1 1 2 0\n1 0 2 0\n0\nA\nB\nC\nT\n")
    done = subprocess.run([CONSOLE_SCRIPT, "count", path], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"hustings: error: {path}, line 3: ")


def test_option_values_are_converted_to_what_the_method_takes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = ballot_file(tmp_path, GOOD)
    options = ["-o", "batch_elimination=true", "-o", "decimal_places=2", "-o", "max_rankings=none"]
    code, out, err = run(capsys, "count", path, "--method", "irv", *options, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["options"]["decimal_places"] == 2


def test_counts_a_preflib_file(capsys: pytest.CaptureFixture[str]) -> None:
    """Debian's 2010 leader election: the Condorcet (Schulze) winner Debian announced was Stefano Zacchiroli."""
    soi = Path(__file__).resolve().parents[1] / "data" / "preflib" / "00002-00000006.soi"
    code, out, err = run(capsys, "count", soi, "--method", "schulze", "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    assert record["elected"] == ["Stefano Zacchiroli"]
    assert record["title"] == "Debian 2010 Leader"


def test_seed_alone_keeps_the_methods_own_tie_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "count", WARD, "--method", "scottish-stv", "--seed", "3", "--format", "json")
    assert code == 0
    assert json.loads(out)["options"]["tie_break"] in ("backward", {"mode": "backward", "seed": 3, "order": []})
    code, out, _ = run(
        capsys, "count", WARD, "--method", "plurality", "--seats", "1", "--seed", "3", "--format", "json"
    )
    assert json.loads(out)["options"]["tie_break"] == {"mode": "lot", "seed": 3, "order": []}


@pytest.mark.parametrize("mode", ["forward", "backward", "candidate-order"])
def test_tie_break_as_an_option_is_the_tie_break_flag(capsys: pytest.CaptureFixture[str], mode: str) -> None:
    """`--option tie_break=MODE` once crashed (the text reached the count, not a policy)."""
    as_option = run(capsys, "count", WARD, "--method", "scottish-stv", "-o", f"tie_break={mode}", "--format", "json")
    as_flag = run(capsys, "count", WARD, "--method", "scottish-stv", "--tie-break", mode, "--format", "json")
    assert as_option[0] == 0, as_option[2]
    assert as_option == as_flag
    assert json.loads(as_option[1])["options"]["tie_break"] in (mode, {"mode": mode, "seed": 0, "order": []})


def test_tie_break_given_two_different_ways_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "count", WARD, "--tie-break", "forward", "-o", "tie_break=backward")
    assert "the tie-break is given twice" in line
    assert "unknown tie-break 'coin'" in refused(capsys, "count", WARD, "-o", "tie_break=coin")
