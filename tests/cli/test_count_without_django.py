"""`hustings count` is a command for anyone with a file, no site needed: it runs, and refuses in
English, with no Django settings named in its environment (docs/contracts.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BLT = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "hustings"
    / "examples"
    / "scotland"
    / "highland_2022_inverness_ness_side.blt"
)


def hustings(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HUSTINGS_")) and k != "DATABASE_URL"}
    command = [sys.executable, "-m", "hustings.cli.main", *argv]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_count_runs_with_no_django_settings() -> None:
    done = hustings("count", str(BLT), "--method", "wigm", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["elected"]) == 3


def test_count_refuses_in_english_with_no_django_settings() -> None:
    done = hustings("count", str(BLT), "--seats", "0")
    assert done.returncode == 2
    assert done.stderr.strip().endswith("--seats must be at least 1, got 0"), done.stderr
