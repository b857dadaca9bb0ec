"""Member import at the scale of a national party: 600,000 rows (seeded) through the service's
dry run and apply, on SQLite (a temporary file) and on PostgreSQL (its own database, created and
dropped), printing wall time, rows per second and the process's peak memory. Target: each under
two minutes.

    .venv/bin/python benchmarks/import_members.py                  # both databases, 600,000 rows
    .venv/bin/python benchmarks/import_members.py --rows 50000 --db sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from database import POSTGRES, throwaway_database

BENCH_DB = "hustings_bench_import"
BRANCHES = 1950  # 650 constituency parties of three branches


def generate(path: Path, rows: int, seed: int = 2016) -> None:
    """A CSV of `rows` members, supporters and affiliated supporters in the generated branches."""
    rng = random.Random(seed)
    first = dt.date(1990, 1, 1).toordinal()
    last = dt.date(2016, 7, 1).toordinal()
    with path.open("w", encoding="utf-8") as out:
        out.write("membership number,name,email,unit,category,joined,status,status date,paid pence,paid at\n")
        for n in range(rows):
            joined = dt.date.fromordinal(rng.randint(first, last))
            unit = f"b{rng.randrange(BRANCHES):04d}"
            kind = rng.random()
            status = status_date = paid = paid_at = ""
            if kind < 0.8:
                category = "member"
                if rng.random() < 0.15:
                    status, status_date = "lapsed", (joined + dt.timedelta(days=rng.randint(30, 3000))).isoformat()
            elif kind < 0.9:
                category = "registered supporter"
                paid, paid_at = (
                    "2500",
                    f"2016-07-{rng.randint(18, 20)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                )
            else:
                category = "affiliated supporter"
            out.write(
                f"M{n:07d},Member {n},m{n}@example.org,{unit},{category},{joined.strftime('%d/%m/%Y')},"
                f"{status},{status_date},{paid},{paid_at}\n"
            )


def run_one(path: Path) -> None:
    """In a process with a fresh, migrated database: build the tree, time the import."""
    from django.contrib.auth.models import User
    from django.db import connection

    from hustings.services import importing
    from hustings.store.accounts.models import Role, RoleKind
    from hustings.store.members.models import Person, StatusChange
    from hustings.store.organisations.models import Organisation, Unit

    org = Organisation.objects.create(slug="bench", name="Bench Party")
    top = Unit.objects.create(organisation=org, code="top", name="Party", kind="party")
    Unit.objects.bulk_create(
        Unit(organisation=org, code=f"b{i:04d}", name=f"Branch {i}", kind="branch", parent=top) for i in range(BRANCHES)
    )
    user = User.objects.create_user("bench-secretary")
    Role.objects.create(user=user, kind=RoleKind.GENERAL_SECRETARY, organisation=org)
    data = path.read_bytes()
    timings: list[tuple[str, float, float]] = []

    def timed(what: str, step: Callable[[], importing.Report]) -> importing.Report:
        wall, cpu = time.perf_counter(), time.process_time()
        result = step()
        timings.append((what, time.perf_counter() - wall, time.process_time() - cpu))
        return result

    report = timed("dry run", lambda: importing.dry_run(user, data, path.name))
    assert report.accepted, report.counts
    rows = len(report.rows)
    del report  # as in the web application, the import does not hold the dry run's report
    timed("apply", lambda: importing.apply(user, data, path.name))
    assert Person.objects.count() == rows
    changes = StatusChange.objects.count()
    again = timed("re-check", lambda: importing.dry_run(user, data, path.name))
    assert again.counts["unchanged"] == rows, again.counts
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{connection.vendor:<11} rows {rows:>8,}  status changes {changes:>8,}  peak {peak:>6,.0f} MB")
    for what, seconds, cpu in timings:
        verdict = "ok" if seconds < 120 else "OVER 2 min"
        print(f"  {what:<9} {seconds:7.1f} s wall ({cpu:5.1f} s CPU)  {rows / seconds:>9,.0f} rows/s  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=600_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one database, in its own process (so that its peak memory is its own)
        with throwaway_database("import", POSTGRES if args.db == "postgres" else None, name=BENCH_DB):
            run_one(Path(args.child))
        return
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "members.csv"
        started = time.perf_counter()
        generate(csv, args.rows)
        size = csv.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size:.0f} MB) in {time.perf_counter() - started:.1f} s")
        for db in ("sqlite", "postgres"):
            if args.db in (db, "both"):
                subprocess.run([sys.executable, __file__, "--child", str(csv), "--db", db], check=True)


if __name__ == "__main__":
    main()
