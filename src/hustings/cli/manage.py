"""``hustings manage COMMAND ...``: any of Django's management commands (``migrate``,
``createsuperuser``, ``sendtestemail``, ``collectstatic``, ``shell``...) with Hustings' settings,
on the instance the environment names (``DATABASE_URL``, ``HUSTINGS_DATA_DIR``)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "manage", help="run a Django management command with Hustings' settings", description=__doc__, add_help=False
    )
    p.add_argument("words", nargs=argparse.REMAINDER, metavar="COMMAND ...", help="the command and its arguments")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.instance import setup

    setup()
    from django.core.management import execute_from_command_line

    words = list(args.words) or ["help"]
    try:
        execute_from_command_line(["hustings manage", *words])
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return 0
