"""``hustings worker``: run background jobs (member imports, voting-code mail, reminders, debate
notices) queued in the database, until stopped with SIGTERM or Ctrl-C (the job in hand is
finished first). Any number of workers may run, on any hosts that reach the database. Each
notices jobs whose worker died and runs them again or marks them failed (`hustings.services.jobs`).
"""

from __future__ import annotations

import argparse
import logging
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser("worker", help="run background jobs", description=__doc__)
    p.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue (default 1)")
    p.add_argument(
        "--stale-after",
        type=float,
        default=60.0,
        help="seconds without a heartbeat after which a job on another host is taken as dead (default 60)",
    )
    p.add_argument("--until-idle", action="store_true", help="stop when no job is waiting")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.instance import setup, unapplied_migrations
    from hustings.cli.main import UsageError

    if args.interval <= 0 or args.stale_after <= 0:
        raise UsageError("--interval and --stale-after must be positive")
    setup()
    if missing := unapplied_migrations():
        raise UsageError(f"the database lacks {len(missing)} migration(s): run `hustings manage migrate` first")
    from hustings.services.jobs import worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    print("Worker started; waiting for jobs (Ctrl-C stops)", flush=True)
    count = worker.run(interval=args.interval, stale_after=args.stale_after, until_idle=args.until_idle)
    print(f"Worker stopped after {count} task(s)", flush=True)
    return 0
