"""``hustings demo``: a demo organisation on SQLite, served on localhost.

Migrates the SQLite file in the data directory (``--data-dir``, default ``./.hustings``; the demo
always uses SQLite, whatever ``DATABASE_URL`` says), loads a seeded demo register the first time,
with a progress bar on stderr, resets the demo logins and prints them, then serves the web application on
http://127.0.0.1:8000 with Django's development server (``--no-serve`` stops after loading).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "demo", help="a demo organisation on SQLite, served on localhost", description=__doc__
    )
    p.add_argument("--data-dir", type=Path, default=Path(".hustings"), help="where the SQLite file lives")
    p.add_argument(
        "--members",
        type=int,
        default=3000,
        help="generated people on the register, besides 212 MPs and MEPs (default 3000)",
    )
    p.add_argument("--seed", type=int, default=2016, help="the generator's seed (default 2016)")
    p.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    p.add_argument("--no-serve", action="store_true", help="load and print the logins, then stop")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.main import UsageError

    if args.members < 1:
        raise UsageError("--members must be at least 1")
    data_dir: Path = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["HUSTINGS_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hustings.web.settings"

    import django
    from django.core.management import call_command

    django.setup()
    from hustings.demo.content import member_voting_code
    from hustings.demo.party import DEMO_ROLES, demo_logins, demo_register, load_demo
    from hustings.store.organisations.models import Organisation

    print(f"Database: {data_dir / 'hustings.sqlite3'}")
    call_command("migrate", verbosity=0)
    if not Organisation.objects.exists():
        print(f"Loading the demo register ({args.members} people, seed {args.seed})...", flush=True)
        load_demo(demo_register(args.seed, args.members), ProgressBar(sys.stderr))
    print("Demo logins (passwords are new each start):")
    for username, password in demo_logins().items():
        print(f"  {username:<18} {password:<18} {DEMO_ROLES[username]}")
    if (voting := member_voting_code()) is not None:
        print(f"Voting code of member in {voting[0]!r} (new each start, works once): {voting[1]}")
    if args.no_serve:
        return 0
    print(f"Serving on http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, insecure_serving=True)
    return 0


class ProgressBar:
    """A plain-text bar on a terminal, redrawn in place: percent, rows written, the table being written.
    Elsewhere (a log, a pipe) a line for each table as it is finished."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.stage = ""
        self.drawn = 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        finished = done >= total
        if self.live:
            now = time.monotonic()
            if finished or what != self.stage or now - self.drawn > 0.1:
                filled = self.WIDTH * done // max(total, 1)
                bar = "#" * filled + "." * (self.WIDTH - filled)
                end = "\n" if finished else ""
                self.stream.write(f"\r[{bar}] {percent:3d}%  {done:,}/{total:,} rows  {what:<16}{end}")
                self.stream.flush()
                self.drawn = now
        else:
            if what != self.stage and self.stage:
                self.stream.write(f"{self.stage}: written\n")
            if finished:
                self.stream.write(f"{what}: written; {total:,} rows in all\n")
        self.stage = what
