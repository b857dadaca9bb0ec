"""``hustings proxies list|appoint|revoke BALLOT [REF] --as USERNAME [--format text|json]``: a
member's proxies in one ballot, on the instance the environment names (``DATABASE_URL``,
``HUSTINGS_DATA_DIR``), as the account ``--as`` names, through the same services as the proxy page
and the API (``hustings.services.ballots.proxies``, one transaction each; docs/ballots.md,
"Proxies"): list whom you appointed and whom you hold proxies for; appoint the member numbered REF;
revoke your appointment. The account has exactly its own powers: the appointer is always the
account itself. Voting as a proxy is done on the proxy page or through the API, never here.
A refusal by the rules is one line, exit 1; a mistake in the call, exit 2."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

ACTIONS = ("list", "appoint", "revoke")


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "proxies", help="list, appoint or revoke a member's proxy in a ballot", description=__doc__
    )
    p.add_argument("action", choices=ACTIONS, help="what to do")
    p.add_argument("ballot", type=int, help="the ballot's number")
    p.add_argument("ref", nargs="?", help="appoint: the membership number of the member to appoint")
    p.add_argument("--as", dest="username", required=True, metavar="USERNAME", help="the member's account")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.instance import account, ballot_of, ready
    from hustings.cli.main import UsageError

    if (args.action == "appoint") != bool(args.ref):
        raise UsageError("give REF, the member to appoint, with appoint (and only then)")
    ready()
    from django.core.exceptions import PermissionDenied

    from hustings.services import ballots as svc

    user = account(args.username)
    ballot = ballot_of(user, args.ballot)
    try:
        if args.action == "appoint":
            svc.appoint_proxy(user, ballot, args.ref)
        elif args.action == "revoke":
            svc.revoke_proxy(user, ballot)
    except (svc.BallotError, PermissionDenied) as refused:
        print(f"hustings: refused: {refused}", file=sys.stderr)
        return 1
    record = {"ballot": ballot.pk} | svc.my_proxies(user, ballot).as_dict()
    print(json.dumps(record, indent=2, ensure_ascii=False) if args.format == "json" else _text(ballot, record))
    return 0


def _text(ballot: Any, record: dict[str, Any]) -> str:
    if not record["allowed"]:
        rule = f" (rule {record['rule']})" if record["rule"] else ""
        return f"Ballot {ballot.pk}, {ballot.title}: its rules do not allow proxies{rule}."
    lines = [
        f"Ballot {ballot.pk}, {ballot.title}: proxies allowed (rule {record['rule']}), "
        f"at most {record['max_held']} held by one member.",
    ]
    if not record["eligible"]:
        return "\n".join([*lines, "You are not an eligible voter on its roll."])
    lines.append(
        f"Your proxy: {record['appointed'] or 'none'}. Your vote: {'cast' if record['voted'] else 'not cast'}."
    )
    lines.append(f"You hold {len(record['held'])} proxies" + (":" if record["held"] else "."))
    lines += [f"  {h['ref']:<10} {h['name']:<30} {'cast' if h['voted'] else 'not cast'}" for h in record["held"]]
    return "\n".join(lines)
