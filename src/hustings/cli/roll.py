"""``hustings roll weights BALLOT --as USERNAME [--format text|json]``: a ballot's frozen roll by
college section and weight, for its returning officers, on the instance the environment names
(``DATABASE_URL``, ``HUSTINGS_DATA_DIR``), as the account ``--as`` names (it needs ``ballots.run``
over the ballot, as on the web pages and the API): each section's voters, how many have voted and
their total weight; the voters of each weight class; the small classes; the proxy appointments.
Counts only, never a voter or a vote (docs/ballots.md, "Weighted voters and colleges")."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "roll", help="a ballot's roll by section and weight (returning officers)", description=__doc__
    )
    p.add_argument("what", choices=("weights",), help="what to show of the roll")
    p.add_argument("ballot", type=int, help="the ballot's number")
    p.add_argument("--as", dest="username", required=True, metavar="USERNAME", help="the officer's account")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.instance import account, ballot_of, ready

    ready()
    from django.core.exceptions import PermissionDenied

    from hustings.services import ballots as svc

    user = account(args.username)
    ballot = ballot_of(user, args.ballot)
    try:
        record = svc.roll_record(user, ballot)
    except PermissionDenied as refused:
        print(f"hustings: refused: {refused}", file=sys.stderr)
        return 1
    print(json.dumps(record, indent=2, ensure_ascii=False) if args.format == "json" else _text(ballot, record))
    return 0


def _text(ballot: Any, record: dict[str, Any]) -> str:
    kind = "card votes" if record["weighted"] else "one vote each"
    lines = [
        f"Ballot {ballot.pk}, {ballot.title}: {kind}.",
        "",
        "Section            weight  voters   voted  total weight",
    ]
    for s in record["sections"]:
        name = s["title"] or s["name"] or "(the whole roll)"
        lines.append(f"{name[:18]:<18} {s['weight']:>6} {s['voters']:>7} {s['voted']:>7}  {s['total_weight']:>12}")
    lines += ["", "Weight class (section, weight): voters"]
    lines += [f"  {c['section'] or '-'}, {c['weight']}: {c['voters']}" for c in record["classes"]]
    lines.append(f"Classes of fewer than 5 voters: {record['small_classes']}")
    p = record["proxies"]
    lines.append(
        f"Proxies: {p['standing']} standing ({p['used']} used), {p['revoked']} revoked, {p['holders']} holders"
    )
    return "\n".join(lines)
