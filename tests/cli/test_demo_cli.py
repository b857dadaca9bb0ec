"""``hustings demo --no-serve`` migrates a SQLite file, loads the register once and prints the logins."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

CONSOLE_SCRIPT = Path(sys.executable).with_name("hustings")


def demo(data_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [CONSOLE_SCRIPT, "demo", "--no-serve", "--members", "40", "--data-dir", str(data_dir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_demo_loads_once_and_prints_a_login_per_role(tmp_path: Path) -> None:
    first = demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Loading the demo register (40 people" in first.stdout
    assert "offices: written" in first.stderr  # the progress, a line per table when not on a terminal
    for role in ("member", "secretary", "general-secretary", "returning-officer"):
        assert f"  {role} " in first.stdout
    second = demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Loading" not in second.stdout
    with sqlite3.connect(tmp_path / "hustings.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM members_person").fetchone() == (40 + 212,)  # and the MPs, MEPs
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
