"""Every case of RCTab's regression suite, round by round.

A case folder with ``*_expected_detailed_report.json`` is RCTab's own
certified result: reading the configuration and records, counting, and
writing the Universal RCV Tabulator summary must give the same rounds
(tallies, thresholds, who was elected or eliminated and where their votes
went, inactive ballots by cause), the same summary and the same contest
block, number for number as RCTab writes them.  A folder without one is
input RCTab refuses, or no contest at all: ``hustings rctab`` must refuse it
with one line and exit status 2.  See ``tests/data/rctab/README.md``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hustings.cli.main import main
from hustings.formats import urcvt
from hustings.formats.rctab import load_contest
from hustings.formats.rctab.tabulation import summaries, summary_names, tabulate

SUITE = Path(__file__).resolve().parent.parent / "data" / "rctab"
CASES = sorted(p for p in SUITE.iterdir() if p.is_dir() and not p.name.startswith("_"))
COUNTED = [p for p in CASES if any(p.glob("*_expected_detailed_report.json"))]
REFUSED = [p for p in CASES if p not in COUNTED]

ACCEPTED = {"conversions_from_cdf", "conversions_from_dominion", "conversions_from_ess", "invalid_output_directory"}
"""Valid contests without a report: RCTab's suite uses the first three to test CVR conversion, and the
last for RCTab's security setting that forbids writing results under the Windows users folder, which
does not apply here (the output directory is given with ``-o``; see ``hustings.formats.rctab.config``)."""
LARGE = {
    "2013_minneapolis_mayor",
    "2013_minneapolis_park",
    "2013_minneapolis_park_bottoms_up",
    "2013_minneapolis_park_sequential",
    "2013_minneapolis_park_hare",
    "2017_minneapolis_mayor",
}


def _config(case: Path) -> Path | None:
    return next(iter(sorted(case.glob("*config.json"))), None)


def _num(x: Any) -> Any:
    return Decimal(x).normalize() if isinstance(x, str) else x


def _numbers(d: dict[str, Any]) -> dict[str, Any]:
    return {k: _num(v) for k, v in d.items()}


def _outcomes(r: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            tuple(sorted((k, v) for k, v in t.items() if k != "transfers")),
            tuple(sorted(_numbers(t["transfers"]).items())),
        )
        for t in r["tallyResults"]
    )


def _case_id(p: Path) -> str:
    return p.name


@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=pytest.mark.slow) if c.name in LARGE else c for c in COUNTED], ids=_case_id
)
def test_case_reproduces_rctabs_report_round_by_round(case: Path) -> None:
    config = _config(case)
    assert config is not None
    contest = load_contest(str(config))
    documents = summaries(contest, tabulate(contest))
    expected_files = sorted(case.glob("*_expected_detailed_report.json"))
    assert len(documents) == len(expected_files)
    for expected_file, ours in zip(expected_files, documents, strict=True):
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        assert len(ours["results"]) == len(expected["results"]), "number of rounds"
        for e, a in zip(expected["results"], ours["results"], strict=True):
            where = f"{expected_file.name}, round {e['round']}"
            assert a["round"] == e["round"]
            assert _num(a["threshold"]) == _num(e["threshold"]), where
            assert _numbers(a["tally"]) == _numbers(e["tally"]), where
            assert _outcomes(a) == _outcomes(e), where
            assert _numbers(a["inactiveBallots"]) == _numbers(e["inactiveBallots"]), where
            # Numbers are written as RCTab writes them, scale included ("9452.0000").
            assert a["tally"] == e["tally"] and a["threshold"] == e["threshold"], where
        assert ours["summary"] == expected["summary"]
        theirs = {k: v for k, v in expected["config"].items() if k != "generatedBy"}
        assert {k: v for k, v in ours["config"].items() if k != "generatedBy"} == theirs
        # And the file itself is RCTab's, byte for byte, but for the generator's name.
        text = urcvt.dumps({**ours, "config": {**ours["config"], "generatedBy": expected["config"]["generatedBy"]}})
        assert text == expected_file.read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("case", [c for c in REFUSED if c.name not in ACCEPTED], ids=_case_id)
def test_case_without_a_report_is_refused_in_one_line(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(case)
    target = str(config) if config is not None else str(case)  # folders with no config are not contests
    status = main(["rctab", target, "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("hustings: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("case", [c for c in REFUSED if c.name in ACCEPTED], ids=_case_id)
def test_valid_contest_without_a_report_is_counted(case: Path, tmp_path: Path) -> None:
    config = _config(case)
    assert config is not None
    assert main(["rctab", str(config), "-o", str(tmp_path), "--quiet"]) == 0
    summary = urcvt.read(tmp_path / "summary.json")
    assert summary["results"][-1]["tallyResults"][0].get("elected")


def test_sequential_contest_writes_one_summary_per_seat(tmp_path: Path) -> None:
    case = SUITE / "sequential_with_batch"
    config = _config(case)
    assert config is not None
    assert main(["rctab", str(config), "-o", str(tmp_path), "--quiet"]) == 0
    expected = sorted(case.glob("*_expected_detailed_report.json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == summary_names(len(expected))
    for name, e in zip(summary_names(len(expected)), expected, strict=True):
        ours = urcvt.read(tmp_path / name)
        assert ours["summary"] == json.loads(e.read_text())["summary"]


def test_summary_file_matches_rctabs_byte_for_byte(tmp_path: Path) -> None:
    # Jackson's layout, sorted keys, RCTab's number strings: only the generator's name differs.
    case = SUITE / "2015_portland_mayor"
    config = _config(case)
    assert config is not None
    assert main(["rctab", str(config), "-o", str(tmp_path), "--quiet"]) == 0
    ours = (tmp_path / "summary.json").read_text(encoding="utf-8")
    theirs = (case / "2015_portland_mayor_expected_detailed_report.json").read_text(encoding="utf-8")
    generator = json.loads(ours)["config"]["generatedBy"]
    assert ours.replace(generator, "RCTab 2.0.0") == theirs
