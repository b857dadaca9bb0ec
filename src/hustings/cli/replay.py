"""``hustings replay labour-2016|labour-2010 [--scale S] [--format json|text]``: a contest end to end.

Builds a scaled electorate from the published figures, runs the nominations, casts every
ballot through the services layer, counts, publishes and verifies the bulletin board (see
``hustings.demo.replay``; for 2010's electoral college, ``hustings.demo.replay_2010``: one college
ballot over the three sections, the MPs and MEPs always at full size, the sections combined round by round).
It runs on a new temporary SQLite database, removed afterwards,
or on ``DATABASE_URL`` when that is set (the replay's organisation gets a name of its own there);
the demo's data directory is never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from decimal import Decimal, InvalidOperation
from typing import Any

CONTESTS = ("labour-2016", "labour-2010")


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "replay", help="replay a real contest end to end through the services layer", description=__doc__
    )
    p.add_argument("contest", choices=CONTESTS, help="the contest to replay")
    p.add_argument("--scale", default="0.01", help="share of the real electorate to build (default 0.01)")
    p.add_argument("--seed", type=int, default=None, help="seed of the generated register (default: the year)")
    p.add_argument("--format", choices=("json", "text"), default="text", help="output format (default text)")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.main import UsageError

    try:
        scale = Decimal(args.scale)
    except InvalidOperation:
        raise UsageError(f"--scale must be a number, not {args.scale!r}") from None
    if not scale.is_finite() or not Decimal("0.0001") <= scale <= 1:
        raise UsageError("--scale must be between 0.0001 and 1")
    temporary = not os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="hustings-replay-") as folder:
        if temporary:
            os.environ["HUSTINGS_DATA_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hustings.web.settings")
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        if temporary:
            # A throwaway file: no need to wait for the disk at each of thousands of casts.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous = OFF")
                cursor.execute("PRAGMA journal_mode = MEMORY")
        call_command("migrate", verbosity=0)
        if args.contest == "labour-2010":
            from hustings.demo.replay_2010 import replay_labour_2010

            record = replay_labour_2010(scale, seed=2010 if args.seed is None else args.seed)
        else:
            from hustings.demo.replay import replay_labour_2016

            record = replay_labour_2016(scale, seed=2016 if args.seed is None else args.seed)
        from django.db import connections

        connections.close_all()
    if args.format == "json":
        print(json.dumps(record, indent=2, ensure_ascii=False))
    elif args.contest == "labour-2010":
        print(_college_text(record))
    else:
        print(_text(record))
    return 0 if record["verified"] else 1


def _text(record: dict[str, Any]) -> str:
    nominations = record["nominations"]
    electorate = record["electorate"]
    result = record["result"]
    lines = [
        f"{record['contest']}, replayed at scale {record['scale']} under {record['rulebook']}",
        "",
        f"Nominations: threshold {nominations['threshold']} ({nominations['arithmetic']}, rule {nominations['rule']})",
    ]
    for candidate in nominations["candidates"]:
        lines.append(f"  {candidate['name']:<16} {candidate['nominations']:>4}  {candidate['reason']}")
    for withdrawn in nominations["withdrawn"]:
        lines.append(f"  {withdrawn['name']:<16} {withdrawn['nominations']:>4}  withdrew: {withdrawn['reason']}")
    lines += ["", f"Electorate (roll frozen {electorate['roll_frozen_on']}, freeze date {electorate['freeze_date']}):"]
    for category, n in electorate["eligible"].items():
        lines.append(f"  eligible: {category.replace('_', ' '):<50} {n:>8}")
    for reason, n in electorate["excluded"].items():
        lines.append(f"  excluded: {reason:<50} {n:>8}")
    lines += ["", f"Result ({result['method']}), {electorate['voted']} ballots cast:"]
    tally = result["rounds"][0]["tally"]
    for name, votes in tally.items():
        published = record["published"]["shares"].get(name, "")
        lines.append(f"  {name:<16} {votes:>8}  {record['shares'][name]:>6}%  (published {published}%)")
    lines.append(f"  elected: {', '.join(result['elected'])}")
    lines += ["", f"Bulletin board verified: {'yes' if record['verified'] else 'NO'}"]
    lines += [f"  problem: {p}" for p in record["problems"]]
    return "\n".join(lines)


def _college_text(record: dict[str, Any]) -> str:
    nominations = record["nominations"]
    lines = [
        f"{record['contest']}, replayed at scale {record['scale']} under {record['rulebook']}",
        "",
        f"Nominations: threshold {nominations['threshold']} ({nominations['arithmetic']}, rule {nominations['rule']})",
    ]
    lines += [f"  {c['name']:<16} {c['nominations']:>4}  {c['reason']}" for c in nominations["candidates"]]
    for number, (shares, published) in enumerate(zip(record["shares"], record["published"]["rounds"], strict=True), 1):
        lines += ["", f"Round {number} (per cent of the college; published in brackets):"]
        for name, share in shares.items():
            by_section = "  ".join(record["sections"][number - 1][s][name] for s in record["sections"][number - 1])
            lines.append(f"  {name:<16} {share:>6}  ({published.get(name, '-')})  {by_section}")
    lines += ["", f"Elected: {', '.join(record['result']['elected'])}"]
    lines += [
        "Boards verified, every round and each section's published figures reproduced: "
        + ("yes" if record["verified"] else "NO")
    ]
    lines += [f"  problem: {p}" for p in record["problems"]]
    return "\n".join(lines)
