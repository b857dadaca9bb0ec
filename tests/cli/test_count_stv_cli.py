"""``hustings count WARD.blt --method scottish-stv``: the stage table and the JSON record."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from hustings.cli.main import main

WARD = str(Path(__file__).parents[1] / "data" / "scotland" / "blt" / "stirling_2012_ward1.blt")


def test_stage_table_shows_totals_non_transferable_loss_and_actions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", WARD, "--method", "scottish-stv", "--seats", "3"]) == 0
    out = capsys.readouterr().out
    assert "scottish-stv, 3 seats" in out
    assert "valid votes 4243, quota 1061" in out
    lines = out.splitlines()
    grid = lines[lines.index("") + 1 : lines.index("", lines.index("") + 1)]
    last = {re.split(r"\s{2,}", line)[0]: Decimal(line.split()[-1]) for line in grid[1:-1]}
    # The last stage accounts for the whole valid poll: candidates + non-transferable + loss.
    assert {"Non-transferable", "Loss by fractions"} <= set(last)
    assert sum(last.values()) == 4243
    assert any(line.startswith("Round 1: surplus of Martin EARL (Con)") for line in lines)
    assert "Elected: Martin EARL (Con), Alycia HAYES (SNP), Fergus WOOD (SNP)" in out


def test_json_record_carries_quota_stages_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", WARD, "--method", "scottish-stv", "--format", "json", "--tie-break", "forward"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["method"] == "scottish-stv"
    assert record["seats"] == 3  # the BLT header's
    assert record["quota"] == "1061"
    for r in record["rounds"]:
        held = sum(map(Decimal, r["tally"].values())) + sum(map(Decimal, r["extra"].values()))
        assert held == 4243
        assert set(r["extra"]) == {"non_transferable", "loss_by_fractions"}
    assert record["options"]["tie_break"] == "forward"


@pytest.mark.parametrize("method", ["wigm", "ers97", "meek"])
def test_every_stv_method_counts_a_ward(method: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", WARD, "--method", method, "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert len(record["elected"]) == 3


def test_withdrawn_candidates_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["count", WARD, "--method", "scottish-stv", "-o", "withdrawn=Jack BLACK (Ind)", "--format", "json"]) == 0
    )
    record = json.loads(capsys.readouterr().out)
    assert record["options"]["withdrawn"] == ["Jack BLACK (Ind)"]
    assert "Jack BLACK (Ind)" not in record["rounds"][0]["tally"]


def test_an_unknown_withdrawn_name_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", WARD, "--method", "meek", "-o", "withdrawn=Nobody"]) == 2
    assert "not on the ballot: Nobody" in capsys.readouterr().err
