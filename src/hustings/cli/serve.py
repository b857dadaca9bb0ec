"""``hustings serve [--port P] [--workers N]``: the web application under gunicorn, for production.

Static files are gathered into the data directory (``collectstatic``) and served by the
application itself (WhiteNoise), so no web server needs to know where they are. A database that
lacks migrations is refused, naming them (run ``hustings manage migrate`` first): an upgraded
server never runs against an old schema. Each worker process answers ``--threads`` requests at once;
every process signs sessions with the same key (``HUSTINGS_SECRET_KEY``), so a member's session
holds whichever process answers (docs/deploy.md).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "serve", help="serve the web application with gunicorn (production)", description=__doc__
    )
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, behind a proxy)")
    p.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    p.add_argument("--threads", type=int, default=4, help="threads per process (default 4)")
    p.add_argument("--timeout", type=int, default=60, help="seconds before a stuck request's process is restarted")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.instance import setup, unapplied_migrations
    from hustings.cli.main import UsageError

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port (1-65535)")
    if args.workers < 1 or args.threads < 1:
        raise UsageError("--workers and --threads must be at least 1")
    setup()
    missing = unapplied_migrations()
    if missing:
        raise UsageError(
            f"the database lacks {len(missing)} migration(s) ({', '.join(missing[:3])}"
            f"{', ...' if len(missing) > 3 else ''}): run `hustings manage migrate` first"
        )
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        str(args.timeout),
        "--access-logfile",
        "-",
        "hustings.web.wsgi:application",
    ]
    print(f"Serving on http://{args.host}:{args.port}/ with {args.workers} processes", flush=True)
    os.execv(sys.executable, command)
    return 0  # not reached: the process is now gunicorn's
