"""``hustings check [--deploy]``: Django's system checks with Hustings' settings, and with
``--deploy`` Django's deployment checks and Hustings' own (`hustings.web.checks`): no secret key,
debug on, no HTTPS, mail that reaches no one, and the like. Prints each problem on a line of its
own and exits 1 if there is any, 0 if none (docs/deploy.md)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "check", help="check the settings (with --deploy: ready for production?)", description=__doc__
    )
    p.add_argument("--deploy", action="store_true", help="also the checks a production site must pass")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.instance import setup

    os.environ["HUSTINGS_CHECK_ONLY"] = "1"  # a missing secret key is named below, not refused at start
    setup()
    from django.core import checks

    found = checks.run_checks(include_deployment_checks=args.deploy)
    problems = [m for m in found if m.level >= checks.WARNING and not m.is_silenced()]
    for message in problems:
        hint = f" ({message.hint})" if message.hint else ""
        print(f"{message.id}: {message.msg}{hint}", file=sys.stderr)
    if problems:
        print(f"hustings: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("No problems found." + (" Ready for production." if args.deploy else ""))
    return 0
