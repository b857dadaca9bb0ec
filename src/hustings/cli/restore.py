"""``hustings restore FILE``: restore a backup made by ``hustings backup`` into an empty database
(SQLite or PostgreSQL, whichever the backup came from), then apply any newer migrations. A
database that already holds data is refused. Afterwards ``hustings verify`` passes on every
restored bulletin board (docs/deploy.md, "Backups")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "restore", help="restore a backup into an empty database", description=__doc__
    )
    p.add_argument("file", type=Path, help="a file written by `hustings backup`")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.instance import setup
    from hustings.cli.main import UsageError

    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    setup()
    from hustings.services import backup

    try:
        counts = backup.restore(args.file)
    except backup.BackupError as problem:
        raise UsageError(str(problem)) from None
    print(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {args.file}")
    return 0
