"""``hustings count`` reads a large plain CSV packed for single-winner IRV and prints what it prints otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hustings.cli.main import main
from hustings.formats import rankings_csv_packed
from hustings.services import counting as count_cli

ROWS = ["Ann,Bob,", "Bob,Cat,Ann", "Cat,,", "Bob,,", "Ann,Cat,", ",,", "Cat,Bob,"] * 3 + ["Dan,Ann,"]


def output(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    assert main([str(a) for a in argv]) == 0
    return capsys.readouterr().out


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "ballots.csv"
    path.write_text("rank1,rank2,rank3\n" + "\n".join(ROWS) + "\n")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("--format", "json"),
        ("--tie-break", "forward"),
        ("--tie-break", "random", "--seed", "7", "--format", "json"),
        ("--seats", "1"),
    ],
)
def test_packed_reading_prints_what_the_ordinary_reading_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, plain: Path, argv: tuple[str, ...]
) -> None:
    ordinary = output(capsys, "count", plain, "--method", "irv", *argv)
    monkeypatch.setattr(count_cli, "PACKED_FROM_BYTES", 0)
    calls: list[object] = []
    real_read = rankings_csv_packed.read
    monkeypatch.setattr(rankings_csv_packed, "read", lambda path: calls.append(path) or real_read(path))
    assert output(capsys, "count", plain, "--method", "irv", *argv) == ordinary
    assert calls == [str(plain)]
    if "json" in argv:
        assert json.loads(ordinary.splitlines()[0])["elected"]


@pytest.mark.parametrize(
    "argv",
    [("--method", "irv", "--seats", "2"), ("--method", "irv", "--option", "batch_elimination=true"), ("-m", "borda")],
)
def test_other_counts_read_the_ordinary_way(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, plain: Path, argv: tuple[str, ...]
) -> None:
    monkeypatch.setattr(count_cli, "PACKED_FROM_BYTES", 0)
    monkeypatch.setattr(rankings_csv_packed, "read", lambda path: pytest.fail("read packed"))
    assert main(["count", str(plain), *argv]) == 0


def test_a_file_that_is_not_plain_is_counted_and_refused_as_before(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    overvote = tmp_path / "overvote.csv"
    overvote.write_text("rank1,rank2\nAnn=Bob,Cat\nCat,\nBob,Ann\nBob,\n")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("rank1,rank2\nAnn,Bob\nCat\n")
    before = output(capsys, "count", overvote)
    assert main(["count", str(ragged)]) == 2
    refusal = capsys.readouterr().err
    monkeypatch.setattr(count_cli, "PACKED_FROM_BYTES", 0)
    assert output(capsys, "count", overvote) == before
    assert main(["count", str(ragged)]) == 2
    assert capsys.readouterr().err == refusal
    assert f"{ragged}, line 3: 1 cell where the header has 2" in refusal
