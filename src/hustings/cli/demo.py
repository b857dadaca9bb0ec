"""``hustings demo``: a demo organisation on SQLite, served on localhost.

Migrates the SQLite file in the data directory (``--data-dir``, default ``./.hustings``; the demo
always uses SQLite, whatever ``DATABASE_URL`` says), loads a seeded demo register the first time,
resets the demo logins and prints them, then serves the web application on
http://127.0.0.1:8000 with Django's development server (``--no-serve`` stops after loading).
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "demo", help="a demo organisation on SQLite, served on localhost", description=__doc__
    )
    p.add_argument("--data-dir", type=Path, default=Path(".hustings"), help="where the SQLite file lives")
    p.add_argument("--members", type=int, default=300, help="people on the generated register (default 300)")
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
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50) + "\n", encoding="utf-8")
        key_file.chmod(0o600)
    os.environ["HUSTINGS_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hustings.web.settings"

    import django
    from django.core.management import call_command

    django.setup()
    from hustings.services.demo import DEMO_ROLES, demo_logins, demo_register, load_demo
    from hustings.web.organisations.models import Organisation

    print(f"Database: {data_dir / 'hustings.sqlite3'}")
    call_command("migrate", verbosity=0)
    if not Organisation.objects.exists():
        print(f"Loading the demo register ({args.members} people, seed {args.seed})...")
        load_demo(demo_register(args.seed, args.members))
    print("Demo logins (passwords are new each start):")
    for username, password in demo_logins().items():
        print(f"  {username:<18} {password:<18} {DEMO_ROLES[username]}")
    if args.no_serve:
        return 0
    print(f"Serving on http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, insecure_serving=True)
    return 0
