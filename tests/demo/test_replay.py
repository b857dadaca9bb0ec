"""The 2016 replay at a small scale, through the real services: nominations (51 of 251, the
incumbent without nominations), the electorate with exclusions by reason, the published shares
to 0.1 points, and a bulletin board that verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from hustings.demo.replay import ReplayError, groups, replay_labour_2016


def test_groups_at_one_percent_reproduce_the_published_totals() -> None:
    parts = groups(Decimal("0.01"))
    votes: dict[str, int] = {}
    for group in parts:
        for candidate, n in group.votes.items():
            votes[candidate] = votes.get(candidate, 0) + n
    assert votes == {"Jeremy Corbyn": 3132, "Owen Smith": 1932}
    assert sum(g.size for g in parts if g.eligible) == 6540  # 654,006 ballots distributed
    assert next(g for g in parts if g.key == "member-joined-after-freeze").size == 1300


def test_a_scale_out_of_range_is_refused() -> None:
    with pytest.raises(ReplayError, match="between"):
        groups(Decimal("2"))


@pytest.mark.django_db
def test_replay_at_a_small_scale_reproduces_2016() -> None:
    record = replay_labour_2016(Decimal("0.001"))
    assert {"nominations", "electorate", "result", "verified"} <= set(record)
    assert record["verified"] is True, record["problems"]
    nominations = record["nominations"]
    assert nominations["threshold"] == 51 and nominations["population"] == 251
    assert nominations["arithmetic"] == "20% of 251 = 251/5 = 50 1/5, rounded up to 51"
    smith = nominations["candidates"][1]
    assert smith["nominations"] == 172 and smith["met"]
    assert nominations["candidates"][0]["incumbent"] and nominations["candidates"][0]["nominations"] == 0
    assert nominations["on_ballot"] == ["Jeremy Corbyn", "Owen Smith"]
    assert nominations["withdrawn"][0]["name"] == "Angela Eagle"
    electorate = record["electorate"]
    assert electorate["eligible"]["total"] == electorate["roll_size"] == 654
    assert electorate["excluded"]["joined after the freeze date"] == 130
    assert electorate["excluded"]["paid outside the window"] >= 1
    assert electorate["excluded"]["not in good standing"] >= 1
    result = record["result"]
    assert result["elected"] == ["Jeremy Corbyn"]
    tally = {k: int(v) for k, v in result["rounds"][0]["tally"].items()}
    total = sum(tally.values())
    assert abs(Decimal(100 * tally["Jeremy Corbyn"]) / total - Decimal("61.8")) <= Decimal("0.1")
    assert abs(Decimal(100 * tally["Owen Smith"]) / total - Decimal("38.2")) <= Decimal("0.1")


def _hustings() -> str:
    return str(Path(sys.executable).with_name("hustings"))


def test_command_refuses_a_bad_scale_in_one_line() -> None:
    done = subprocess.run(
        [_hustings(), "replay", "labour-2016", "--scale", "lots"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "hustings: error: --scale must be a number, not 'lots'"


@pytest.mark.slow
def test_command_prints_the_json_record_on_a_temporary_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HUSTINGS_DATA_DIR")}
    done = subprocess.run(
        [_hustings(), "replay", "labour-2016", "--scale", "0.001", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["verified"] is True and record["nominations"]["threshold"] == 51
    assert record["result"]["elected"] == ["Jeremy Corbyn"]
    assert not (tmp_path / ".hustings").exists()  # the demo's data directory is never touched
