"""``hustings backup -o FILE`` and ``hustings restore FILE`` on a real instance (the demo's): a
restore into an empty database brings back the register, the rolls, the ballot boxes and the
bulletin boards, and ``hustings verify`` passes on every restored board. On SQLite, and when the
suite runs on PostgreSQL (``DATABASE_URL``), through a fresh PostgreSQL database too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

HUSTINGS = [sys.executable, "-m", "hustings.cli.main"]
BOARDS = """
import json
import django
django.setup()
from hustings.store.ballots.models import Ballot, BoxEntry, RollEntry
from hustings.store.members.models import Person
print(json.dumps({"people": Person.objects.count(), "roll": RollEntry.objects.count(),
                  "box": BoxEntry.objects.count(), "ballots": Ballot.objects.count()}))
"""


def hustings(*words: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*HUSTINGS, *words], capture_output=True, text=True, timeout=300, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done


def instance(data_dir: Path | None = None, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HUSTINGS_DATA_DIR")}
    env["DJANGO_SETTINGS_MODULE"] = "hustings.web.settings"
    if data_dir is not None:
        env["HUSTINGS_DATA_DIR"] = str(data_dir)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return env


def boards(env: dict[str, str], folder: Path) -> tuple[dict[str, int], dict[str, str]]:
    """The instance's counts and its boards as JSON, written by `hustings manage export_boards` and
    each verified by `hustings verify`, as docs/deploy.md's restore test does."""
    done = subprocess.run(
        [sys.executable, "-c", BOARDS], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    exported = hustings("manage", "export_boards", str(folder), env=env)
    assert f"{json.loads(done.stdout)['ballots']} board(s) written" in exported.stdout, exported.stdout
    found = {path.name: path.read_text() for path in sorted(folder.glob("board-*.json"))}
    for path in sorted(folder.glob("board-*.json")):
        verified = hustings("verify", str(path), env=env)
        assert "VERIFIED" in verified.stdout, verified.stdout
    return json.loads(done.stdout), found


def postgres_database() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url.rsplit("/", 1)[0] if url.startswith("postgres") else None


def test_a_restored_instance_has_its_register_rolls_boxes_and_verified_boards(tmp_path: Path) -> None:
    original = instance(tmp_path / "original")
    hustings("demo", "--no-serve", "--members", "30", "--data-dir", str(tmp_path / "original"), env=original)
    hustings("backup", "-o", str(tmp_path / "site.jsonl.gz"), env=original)
    assert (tmp_path / "site.jsonl.gz").stat().st_mode & 0o077 == 0  # password hashes: the owner's eyes only
    counts, before = boards(original, tmp_path / "before")
    assert counts["box"] > 0 and counts["roll"] > counts["box"] and len(before) == counts["ballots"] == 2

    copy = instance(tmp_path / "copy")
    restored = hustings("restore", str(tmp_path / "site.jsonl.gz"), env=copy)
    assert "Restored" in restored.stdout
    assert boards(copy, tmp_path / "after") == (counts, before)

    again = subprocess.run(
        [*HUSTINGS, "restore", str(tmp_path / "site.jsonl.gz")], capture_output=True, text=True, env=copy, check=False
    )
    assert again.returncode == 2 and "the database is not empty" in again.stderr


@pytest.mark.skipif(postgres_database() is None, reason="runs when the suite runs on PostgreSQL (DATABASE_URL)")
def test_a_sqlite_backup_restores_into_postgresql_and_back(tmp_path: Path) -> None:
    import psycopg

    server = postgres_database()
    assert server is not None
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        original = instance(tmp_path / "original")
        hustings("demo", "--no-serve", "--members", "30", "--data-dir", str(tmp_path / "original"), env=original)
        hustings("backup", "-o", str(tmp_path / "site.jsonl.gz"), env=original)
        expected = boards(original, tmp_path / "before")
        on_postgres = instance(tmp_path / "pg", database_url=f"{server}/{name}")
        hustings("restore", str(tmp_path / "site.jsonl.gz"), env=on_postgres)
        assert boards(on_postgres, tmp_path / "on-postgres") == expected
        hustings("backup", "-o", str(tmp_path / "from-postgres.jsonl.gz"), env=on_postgres)
        back = instance(tmp_path / "back")
        hustings("restore", str(tmp_path / "from-postgres.jsonl.gz"), env=back)
        assert boards(back, tmp_path / "back-again") == expected
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
