"""``hustings backup -o FILE``: the whole instance (register, rulebooks, rolls, ballot boxes,
bulletin boards, debates, audit log, accounts) in one compressed file, on SQLite or PostgreSQL,
read from one consistent snapshot while the site runs. The file is readable by its owner only
(mode 0600: it holds the accounts' password hashes and the members' addresses). Restore it with
``hustings restore FILE`` (docs/deploy.md, "Backups"). The instance is the one the environment names (``DATABASE_URL``,
``HUSTINGS_DATA_DIR``)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser("backup", help="back the instance up to one file", description=__doc__)
    p.add_argument("-o", "--output", type=Path, required=True, help="the backup file to write (.jsonl.gz)")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.instance import setup, unapplied_migrations
    from hustings.cli.main import UsageError

    setup()
    if missing := unapplied_migrations():
        raise UsageError(f"the database lacks {len(missing)} migration(s): run `hustings manage migrate` first")
    from hustings.services import backup

    out: Path = args.output
    draft = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as stream:
            counts = backup.backup(stream)
        draft.replace(out)  # a backup file is whole or absent, never half-written
    finally:
        draft.unlink(missing_ok=True)
    print(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {out}")
    return 0
