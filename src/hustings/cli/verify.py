"""``hustings verify BOARD.json``: re-check a ballot's published bulletin board.

Re-computes the hash chain, the set of ballots the close committed to, the hash of the BLT export
and of the result, recounts the export with the counting core and compares. Prints each check and
a verdict; exit status 0 when the board is verified, 1 when it is not, 2 when the file cannot be
read as a bulletin board. Needs no database: the board is checked from its own content.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="re-check a ballot's bulletin board and recount it",
        description="Re-check a bulletin board (from /ballots/<id>/board.json): its hash chain, "
        "its ballots, and a recount of its anonymised BLT export against the published result.",
    )
    p.add_argument("board", metavar="BOARD.json", type=Path)
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.main import UsageError
    from hustings.formats.jsonload import read_json
    from hustings.services.ballots.verify import BoardFormatError, verify_board

    board = read_json(args.board)
    try:
        verdict = verify_board(board)
    except BoardFormatError as exc:
        raise UsageError(f"{args.board}: {exc}") from None
    title = board.get("ballot", {}).get("title", "") if isinstance(board.get("ballot"), dict) else ""
    if args.format == "json":
        record = {
            "source": str(args.board),
            "verified": verdict.verified,
            "checks": verdict.checks,
            "problems": verdict.problems,
            "recount": verdict.recount,
        }
        print(json.dumps(record, ensure_ascii=False))
    else:
        for line in verdict.checks:
            print(f"ok       {line}")
        for line in verdict.problems:
            print(f"PROBLEM  {line}")
        name = f" of {title!r}" if title else ""
        print(
            f"VERIFIED: the board{name} is intact"
            if verdict.verified
            else f"NOT VERIFIED: the board{name} fails {len(verdict.problems)} check(s)"
        )
    sys.stdout.flush()
    return 0 if verdict.verified else 1
