"""``hustings example [NAME]``: count a bundled real election and print its round table.

``inverness-2022`` (the default) is a real ward of the Scottish council
elections of 2022: the council's published ballot data counted by
``scottish-stv`` and checked against the declared result (see
``hustings/examples/scotland/README.md``).  ``portland-2015`` is the Portland
(Maine) 2015 mayoral case of RCTab's regression suite (see
``hustings/examples/portland_2015_mayor/README.md``): counted by
:mod:`hustings.count.irv` and compared with RCTab's own report.
The command exits 1 if a count ever disagrees with its reference.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

EXAMPLES = {
    "inverness-2022": "Inverness Ness-side, Highland Council, 2022: Scottish STV, 3 seats, real ballots",
    "portland-2015": "Portland (Maine) 2015 mayor: RCTab's test case, IRV",
}

# The declaration for Inverness Ness-side, 5 May 2022 (Highland Council).
INVERNESS_FILE = "highland_2022_inverness_ness_side.blt"
INVERNESS_DECLARED: dict[str, Any] = {
    "valid": 4346,
    "quota": 1087,
    "first_stage": {
        'Alasdair CHRISTIE "Scottish Liberal Democrat Focus Team"': 1934,
        'Jackie HENDRY "Scottish National Party (SNP)"': 1270,
        'Ric SCOTT "Scottish Conservative and Unionist"': 379,
        'Andrew MACKINTOSH "Scottish Labour Party"': 276,
        'Ron MACWILLIAM "Independent"': 243,
        'Claire MACLEAN "Scottish Greens - Delivering For Our Community"': 226,
        'Calum Mark LIPTROT "Scottish Libertarian Party"': 18,
    },
    "elected": {
        'Alasdair CHRISTIE "Scottish Liberal Democrat Focus Team"',
        'Jackie HENDRY "Scottish National Party (SNP)"',
        'Andrew MACKINTOSH "Scottish Labour Party"',
    },
}


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "example",
        help="count a bundled real election and print its rounds",
        description="Count a bundled election and check it against its published result. "
        + "; ".join(f"{k}: {v}" for k, v in EXAMPLES.items()),
    )
    p.add_argument("name", nargs="?", default="inverness-2022", choices=sorted(EXAMPLES), help="which example")
    p.add_argument("--output", "-o", metavar="DIR", help="portland-2015: also write the URCVT summary.json here")
    return p


def run(args: argparse.Namespace) -> int:
    if args.name == "portland-2015":
        return _portland(args)
    return _inverness()


def _inverness() -> int:
    from hustings.count import registry
    from hustings.count.report import round_table
    from hustings.formats import blt

    folder = resources.files("hustings") / "examples" / "scotland"
    with resources.as_file(folder) as path:
        profile = blt.read(str(Path(path) / INVERNESS_FILE))
    result = registry.run("scottish-stv", profile, seats=profile.seats)
    out = sys.stdout
    out.write(round_table(result, profile.title))
    first = result.rounds[0].tally
    agrees = (
        result.total == INVERNESS_DECLARED["valid"]
        and result.quota == INVERNESS_DECLARED["quota"]
        and all(first[c] == v for c, v in INVERNESS_DECLARED["first_stage"].items())
        and set(result.elected) == INVERNESS_DECLARED["elected"]
    )
    out.write(
        "\nSource: the ballot data Highland Council published for this ward (Open Government Licence v3.0),\n"
        "counted under the Scottish Local Government Elections Order 2007, Schedule 1.\n"
        + (
            "Valid poll, quota, first-stage totals and winners agree with the declared result.\n"
            if agrees
            else "WARNING: the count differs from the declared result.\n"
        )
    )
    return 0 if agrees else 1


def _portland(args: argparse.Namespace) -> int:
    from hustings.count.report import round_table
    from hustings.formats import urcvt
    from hustings.formats.rctab import load_contest
    from hustings.formats.rctab.tabulation import summaries, tabulate

    folder = resources.files("hustings") / "examples" / "portland_2015_mayor"
    with resources.as_file(folder) as path:
        contest = load_contest(str(Path(path) / "2015_portland_mayor_config.json"))
        expected = json.loads((Path(path) / "2015_portland_mayor_expected_detailed_report.json").read_text("utf-8"))
    results = tabulate(contest)
    document = summaries(contest, results)[0]
    out = sys.stdout
    out.write(round_table(results[0], contest.name))
    agrees = (document["results"], document["summary"]) == (expected["results"], expected["summary"])
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
