"""Bad input is refused cheaply (issue #12): each attack found once is kept here as a regression test.

Every hostile file is run through the real command in a subprocess limited to 1 GiB of address
space and a few seconds, so that a regression fails the test instead of eating the machine. Each
must exit with status 2 and one line naming the file, never a traceback or a raw Python message.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SRC = Path(__file__).resolve().parents[2] / "src"
MEMORY = 1 << 30


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def hustings(*argv: str | Path, seconds: float = 20) -> tuple[int, str, float]:
    """Exit status, standard error and wall time of ``hustings ARGV`` under the memory limit."""
    env = dict(os.environ, PYTHONPATH=str(SRC), OPENBLAS_NUM_THREADS="1")
    env.pop("HUSTINGS_DEBUG", None)
    code = "import sys; from hustings.cli.main import main; sys.exit(main(sys.argv[1:]))"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=_limit,
        env=env,
    )
    return done.returncode, done.stderr, time.perf_counter() - start


def refused(*argv: str | Path, says: str, seconds: float = 20) -> float:
    """Assert the command exits 2 with one error line containing ``says``; give its wall time.

    Mistakes in the command line are preceded by argparse's usage lines; a bad file is one line.
    """
    status, err, elapsed = hustings(*argv, seconds=seconds)
    assert "Traceback" not in err, err[-2000:]
    assert status == 2, err[-2000:]
    lines = err.splitlines()
    assert lines[-1].startswith("hustings: error: "), err[-2000:]
    assert all(line.startswith(("usage:", " ")) for line in lines[:-1]), err[-2000:]
    assert says in lines[-1], err[-2000:]
    return elapsed


@pytest.mark.parametrize("declared", [10_000_000, 999_999_999])
def test_a_30_byte_blt_declaring_millions_of_candidates_is_refused_within_the_limits(
    tmp_path: Path, declared: int
) -> None:
    # Refused under the 1 GiB limit and the timeout, so nothing sized by the header is allocated; how
    # soon it is refused is measured, not asserted, in benchmarks/readers.py (goal: within 1 s of start-up).
    blt = tmp_path / "huge.blt"
    blt.write_text(f'{declared} 1\n1 1 0\n0\n"A"\n"T"\n')
    assert len(blt.read_bytes()) <= 30
    refused("count", blt, says=f"huge.blt, line 1: the header declares {declared} candidates")


def test_deeply_nested_rctab_configuration_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text('{"rules": ' + "[" * 200_000 + "]" * 200_000 + "}")
    refused("rctab", config, "-o", tmp_path / "out", says="config.json, line 1: nested more than 64")


def _case(tmp_path: Path, name: str) -> Path:
    """A copy of an RCTab test case (and the shared files it reads), to damage."""
    shutil.copytree(DATA / "rctab" / name, tmp_path / "rctab" / name)
    shared = DATA / "rctab" / "_shared"
    shutil.copytree(shared, tmp_path / "rctab" / "_shared", ignore=shutil.ignore_patterns("dominion_*", "*.xlsx"))
    return next((tmp_path / "rctab" / name).glob("*config.json"))


def test_deeply_nested_cdf_json_record_is_refused(tmp_path: Path) -> None:
    config = _case(tmp_path, "test_set_0_skipped_first_choice")
    cvr = config.parent / "test_set_0_skipped_first_choice_cvr.json"
    cvr.write_text('{"CVR": [' + "{" * 100_000 + "}" * 100_000 + "]}")
    refused("rctab", config, "-o", tmp_path / "out", says="_cvr.json, line 1: nested more than 64")


def test_deeply_nested_dominion_manifest_is_refused(tmp_path: Path) -> None:
    config = _case(tmp_path, "dominion_no_precinct_data")
    manifest = next(config.parent.rglob("ContestManifest.json"))
    manifest.write_text("\n" + "[" * 50_000)
    refused("rctab", config, "-o", tmp_path / "out", says="ContestManifest.json, line 2: nested more than 64")


def test_deeply_nested_board_is_refused_by_verify(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board.write_text('{"ballot": ' + "[" * 300_000 + "]" * 300_000 + "}")
    refused("verify", board, says="board.json, line 1: nested more than 64")


FIVE_THOUSAND = "9" * 5000


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("weight.blt", f'2 1\n{FIVE_THOUSAND} 1 2 0\n0\n"A"\n"B"\n"T"\n', "line 2: the ballot weight 999999999999..."),
        ("header.blt", f'{FIVE_THOUSAND} 1\n1 1 0\n0\n"A"\n"T"\n', "line 1: the number of candidates 9999"),
        ("preference.blt", f'2 1\n1 {FIVE_THOUSAND} 0\n0\n"A"\n"B"\n"T"\n', "line 2: preference for candidate 9999"),
        ("weight.csv", f"weight,rank1\n{FIVE_THOUSAND},A\n", "line 2, field 'weight': the weight 9999"),
        ("count.soi", f"# ALTERNATIVE NAME 1: A\n{FIVE_THOUSAND}: 1\n", "line 2: the count 9999"),
        ("alternatives.toc", f"{FIVE_THOUSAND}\n1,A\n1,1,1\n1,1\n", "line 1: the number of alternatives 9999"),
        (
            "over.blt",
            f'2 1\n1{"0" * 25} 1 0\n0\n"A"\n"B"\n"T"\n',
            f"line 2: the ballot weight 1{'0' * 25} is over the limit of 10^24",
        ),
    ],
)
def test_five_thousand_digit_numbers_are_refused_clearly(tmp_path: Path, name: str, content: str, says: str) -> None:
    (tmp_path / name).write_text(content)
    refused("count", tmp_path / name, says=f"{name}, {says}")


def test_five_thousand_digit_votes_are_refused_by_apportion(tmp_path: Path) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text(f"party,votes\nA,{FIVE_THOUSAND}\nB,3\n")
    refused("apportion", votes, "--method", "dhondt", "--seats", "3", "--format", "json", says="votes.csv, line 2")


def test_five_thousand_digit_integer_in_rctab_json_is_refused(tmp_path: Path) -> None:
    config = _case(tmp_path, "test_set_0_skipped_first_choice")
    text = config.read_text().replace('"numberOfWinners" : "1"', f'"numberOfWinners" : {FIVE_THOUSAND}')
    config.write_text(text)
    refused(
        "rctab",
        config,
        "-o",
        tmp_path / "out",
        says="config.json, line 48: an integer of 5000 digits, more than the 4300 Python reads",
    )


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--seats", "1e5000"], "invalid int value"),
        (["--seats", FIVE_THOUSAND], "invalid int value"),
        (["--threshold", "1e999999999"], "--threshold takes a percentage"),
        (["--threshold", FIVE_THOUSAND + "%"], "--threshold takes a percentage"),
    ],
)
def test_huge_numbers_in_options_are_refused(tmp_path: Path, argv: list[str], says: str) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text("party,votes\nA,5\nB,3\n")
    options = {"--method": "dhondt", "--seats": "3", **dict(zip(argv[::2], argv[1::2], strict=True))}
    refused("apportion", votes, *(x for pair in options.items() for x in pair), says=says, seconds=10)


def test_huge_constituency_share_is_refused_by_analyse() -> None:
    refused("analyse", "ge2019", "--system", "ams", "--constituency-share", "1e999999999", says="--constituency-share")


def test_billion_laughs_in_cdf_xml_is_refused(tmp_path: Path) -> None:
    config = _case(tmp_path, "nist_xml_cdf_2")
    # Ten entities, each ten of the one before: a billion "lol"s from a file of a kilobyte.
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?>\n<!DOCTYPE r [{entities}]>\n<CastVoteRecordReport>&lol9;</CastVoteRecordReport>'
    (config.parent / "nist_xml_cdf_2.xml").write_text(bomb)
    refused("rctab", config, "-o", tmp_path / "out", says="nist_xml_cdf_2.xml")


def test_deeply_nested_cdf_xml_is_refused(tmp_path: Path) -> None:
    config = _case(tmp_path, "nist_xml_cdf_2")
    (config.parent / "nist_xml_cdf_2.xml").write_text("<a>" * 100_000 + "</a>" * 100_000)
    refused("rctab", config, "-o", tmp_path / "out", says="nist_xml_cdf_2.xml")


def _ess_source(config: Path, workbook: str) -> None:
    raw = json.loads(config.read_text())
    source = raw["cvrFileSources"][0]
    source.update(provider="ess", filePath=workbook, firstVoteColumnIndex="2", firstVoteRowIndex="2")
    del source["contestId"]
    config.write_text(json.dumps(raw))


def _workbook(path: Path, sheet: str) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        book.writestr("xl/worksheets/sheet1.xml", sheet)


def test_a_workbook_cell_at_the_far_corner_is_refused(tmp_path: Path) -> None:
    config = _case(tmp_path, "test_set_0_skipped_first_choice")
    _ess_source(config, "far.xlsx")
    _workbook(
        config.parent / "far.xlsx",
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>',
    )
    refused("rctab", config, "-o", tmp_path / "out", says="far.xlsx: the first sheet's cells span 1048576 rows")


def test_a_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    config = _case(tmp_path, "test_set_0_skipped_first_choice")
    _ess_source(config, "bomb.xlsx")
    _workbook(config.parent / "bomb.xlsx", "<worksheet>" + " " * (96 << 20) + "</worksheet>")
    refused("rctab", config, "-o", tmp_path / "out", says="too many to read")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--option", "decimal_places=999999999"], "decimal_places must be from 1 to 20"),
        (["--method", "meek", "--option", "omega=1e999999999"], "option omega takes a number"),
        (["--seats", "99999999999"], "99999999999 seats to fill but only 7 candidates"),
    ],
)
def test_huge_count_options_are_refused(argv: list[str], says: str) -> None:
    blt = Path(__file__).resolve().parents[2] / "src" / "hustings" / "examples" / "scotland"
    refused("count", blt / "highland_2022_inverness_ness_side.blt", *argv, says=says, seconds=10)


def test_a_mistake_in_the_command_exits_2_when_run_as_a_module(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    env.pop("HUSTINGS_DEBUG", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hustings.cli.main",
            "apportion",
            str(tmp_path / "v.csv"),
            "--method",
            "nope",
            "--seats",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=20,
        env=env,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("hustings: error: "), done.stderr
