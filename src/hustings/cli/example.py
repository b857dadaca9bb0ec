"""``hustings example``: count a bundled real election and print its round table.

The bundled contest is the Portland (Maine) 2015 mayoral case of RCTab's
regression suite (see ``hustings/examples/portland_2015_mayor/README.md``):
its configuration and ES&S cast-vote records are read, counted by
:mod:`hustings.count.irv`, and compared with RCTab's own report.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

EXAMPLE = "portland_2015_mayor"
CONFIG = "2015_portland_mayor_config.json"
EXPECTED = "2015_portland_mayor_expected_detailed_report.json"


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "example",
        help="count a bundled real election (Portland, Maine, 2015 mayor) and print its rounds",
        description="Count the Portland (Maine) 2015 mayoral election from RCTab's test suite.",
    )
    p.add_argument("--output", "-o", metavar="DIR", help="also write the URCVT summary.json here")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.rctab import summaries, tabulate
    from hustings.count.report import round_table
    from hustings.formats import urcvt
    from hustings.formats.rctab import load_contest

    folder = resources.files("hustings") / "examples" / EXAMPLE
    with resources.as_file(folder) as path:
        contest = load_contest(str(Path(path) / CONFIG))
        expected = json.loads((Path(path) / EXPECTED).read_text(encoding="utf-8"))
    results = tabulate(contest)
    document = summaries(contest, results)[0]
    out = sys.stdout
    out.write(round_table(results[0], contest.name))
    agrees = _same_rounds(document, expected)
    out.write(
        "\nSource: RCTab's regression suite (BrightSpots/rcv, MPL-2.0): the real contest's candidates and rules,\n"
        "with a 99-ballot test set of cast-vote records (not the official ballots).\n"
        + (
            "The count agrees with RCTab's own report, round by round.\n"
            if agrees
            else "WARNING: the count differs from RCTab's own report.\n"
        )
    )
    if args.output:
        target = Path(args.output)
        target.mkdir(parents=True, exist_ok=True)
        urcvt.write(target / "summary.json", document)
    elif not agrees:
        # Keep the evidence for a bug report.
        keep = Path(tempfile.mkdtemp(prefix="hustings-example-")) / "summary.json"
        urcvt.write(keep, document)
        out.write(f"Our summary was written to {keep}\n")
    return 0 if agrees else 1


def _same_rounds(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    def strip(d: dict[str, Any]) -> tuple[Any, Any]:
        return d["results"], d["summary"]

    return strip(ours) == strip(theirs)
