"""``hustings rctab CONFIG.json -o DIR``: tabulate an RCTab contest as RCTab does.

Reads the contest configuration and every cast-vote-record source it names,
counts with :mod:`hustings.count.irv` under the configuration's rules
(:mod:`hustings.formats.rctab.tabulation`), writes
``DIR/summary.json`` in the Universal RCV Tabulator format (multi-pass IRV:
``summary_1.json``, ``summary_2.json``, ... one per seat) and prints the round
table.  A configuration or record RCTab would refuse is refused here with one
line and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "rctab",
        help="tabulate an RCTab contest configuration, writing the URCVT summary",
        description="Tabulate an RCTab (Universal RCV Tabulator) contest configuration and its cast vote records.",
    )
    p.add_argument("config", metavar="CONFIG.json")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="directory for summary.json")
    p.add_argument("--quiet", "-q", action="store_true", help="write the summary only, print no table")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.count.report import round_table
    from hustings.formats import urcvt
    from hustings.formats.rctab import load_contest
    from hustings.formats.rctab.tabulation import summaries, summary_names, tabulate

    contest = load_contest(args.config)
    results = tabulate(contest)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, doc in zip(summary_names(len(results)), summaries(contest, results), strict=True):
        urcvt.write(out / name, doc)
        written.append(str(out / name))
    if not args.quiet:
        for i, res in enumerate(results, 1):
            title = contest.name + (f" (seat {i})" if len(results) > 1 else "")
            sys.stdout.write(("\n" if i > 1 else "") + round_table(res, title))
        sys.stdout.write(f"\nWrote {', '.join(written)}\n")
    return 0
