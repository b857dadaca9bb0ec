"""``hustings count FILE... [--method M] [--seats N] [--format text|json]``.

Reads each file (BLT, CSV of rankings, PrefLib, an RCTab contest zip), counts it, and prints the
round table, or with ``--format json`` one result record per line (JSON
Lines) carrying ``source`` (the path as given), ``method``, ``seats``,
``quota`` where one applies, ``elected`` and ``rounds``.  The reading, the
options and the count are :mod:`hustings.services.counting`'s, which the web's
count page and ``POST /api/count`` share.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "count",
        help="count ballot files and print the rounds",
        description="Count one or more ballot files (BLT, CSV of rankings, PrefLib, RCTab contest .zip).",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--method", "-m", default="irv", help="counting method (see `hustings methods`); default irv")
    p.add_argument("--seats", "-s", type=int, default=None, help="seats to fill (default: the file's own, or 1)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument(
        "--tie-break",
        default=None,
        help="tie-break policy: random, candidate-order, forward, backward, ... (default: the method's)",
    )
    p.add_argument("--seed", type=int, default=None, help="seed for ties decided by lot")
    p.add_argument(
        "--option",
        "-o",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set one of the method's options (repeatable)",
    )
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.services.counting import CountRequest, count_file, prepare

    request = CountRequest(args.method, args.seats, args.tie_break, args.seed, tuple(args.option))
    prepared = prepare(request)
    out = sys.stdout
    for i, path in enumerate(args.files):
        counted = count_file(path, prepared)
        if args.format == "json":
            out.write(counted.record_json() + "\n")
        else:
            if i:
                out.write("\n")
            out.write(counted.text())
    return 0
