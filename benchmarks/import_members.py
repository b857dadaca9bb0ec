"""Member import at the scale of a national party: 600,000 rows (seeded) stored as an import job's
upload and run as the worker runs it (`services.importing.runner`: the dry run, the import, and a
second dry run against the filled register), on SQLite (a temporary file) and on PostgreSQL (its
own database, created and dropped), printing wall time, rows per second and each step's peak
resident memory (Linux's VmHWM, reset before each step through /proc/self/clear_refs).
Goal (issue #13): each step under two minutes at a peak under 300 MB.

    .venv/bin/python benchmarks/import_members.py                  # both databases, 600,000 rows
    .venv/bin/python benchmarks/import_members.py --rows 50000 --db sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
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


PEAK_GOAL_MB = 300
TIME_GOAL_S = 120


def peak_mb() -> float:
    """The process's peak resident memory since the last `reset_peak` (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def reset_peak() -> None:
    """Start measuring the peak afresh (writing 5 to clear_refs resets VmHWM, Linux 4.0+)."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")


def run_one(path: Path) -> None:
    """In a process with a fresh, migrated database: build the tree, store the file as a job's
    upload (as the web page does), then time the worker's steps, each with its own peak."""
    from django.contrib.auth.models import User
    from django.db import connection

    from hustings.services.importing import jobs as import_jobs
    from hustings.services.importing import runner
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
    pk = import_jobs.create(user, path.name, path.read_bytes()).pk
    timings: list[tuple[str, float, float, float, dict[str, int]]] = []

    def timed(what: str, step: Callable[[import_jobs.ImportJob], None], state: str) -> None:
        job = import_jobs.jobs().get(pk=pk)  # as the worker loads it: without the upload
        reset_peak()
        wall, cpu = time.perf_counter(), time.process_time()
        step(job)
        seconds, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak = peak_mb()
        job = import_jobs.jobs().get(pk=pk)
        assert job.state == state, (job.state, job.error)
        timings.append((what, seconds, cpu, peak, job.report["counts"]))

    reset_peak()
    idle = peak_mb()
    timed("dry run", runner.check, "checked")
    rows = sum(timings[-1][4].values())
    assert timings[-1][4]["create"] == rows, timings[-1][4]
    timed("apply", runner.apply, "done")
    assert Person.objects.count() == rows
    changes = StatusChange.objects.count()
    timed("re-check", runner.check, "checked")
    assert timings[-1][4]["unchanged"] == rows, timings[-1][4]
    print(
        f"{connection.vendor:<11} rows {rows:>8,}  status changes {changes:>8,}  "
        f"resident before the steps {idle:,.0f} MB"
    )
    for what, seconds, cpu, peak, _ in timings:
        verdict = "ok" if seconds < TIME_GOAL_S and peak < PEAK_GOAL_MB else "OVER the goal"
        print(
            f"  {what:<9} {seconds:7.1f} s wall ({cpu:5.1f} s CPU)  {rows / seconds:>9,.0f} rows/s  "
            f"peak {peak:5.0f} MB  {verdict}"
        )
    worst = max(t[3] for t in timings)
    slowest = max(t[1] for t in timings)
    print(
        f"Goal: each step under {TIME_GOAL_S} s at a peak under {PEAK_GOAL_MB} MB: "
        f"slowest {slowest:.1f} s, highest peak {worst:.0f} MB "
        f"({'met' if slowest < TIME_GOAL_S and worst < PEAK_GOAL_MB else 'NOT met'})"
    )


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
