"""Eligibility of a 600,000-person register read from the database, on SQLite and PostgreSQL.

Builds the register of `eligibility.py` (the same generator and seed: members, lapsed, rejoined
and suspended; registered supporters paying in and around the window; affiliated supporters),
writes it with `hustings.demo.party.load_demo` into a SQLite file and into a PostgreSQL
database of its own (`hustings_bench_eligibility`, created and dropped on the server of
`--postgres`), then times `hustings.services.electorate.summary` and the full
`electorate.decisions` (every decision, the reason of each refusal kept) for Labour's 2016
leadership ballot, beside the pure `hustings.rules.eligibility` over the same histories in memory.
The goal (issue 6): under 10 s on each database. Each measurement runs in a fresh process, so its
peak memory is its own. Run:

    .venv/bin/python benchmarks/eligibility_db.py [--people N] [--seed S] [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCH_DB = "hustings_bench_eligibility"
GOAL = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=600_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/test", help="a server to use")
    parser.add_argument("--child", nargs=2, metavar=("STEP", "DATABASE_URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child[0], args.child[1], args.people, args.seed)))
        return

    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    results: dict[str, dict[str, Any]] = {"pure": _run("pure", "", args)}
    print(f"pure: {results['pure']['decisions_s']:.2f} s for {args.people:,} decisions in memory", flush=True)
    with tempfile.TemporaryDirectory(prefix="hustings-bench-") as folder:
        for name in databases:
            url = f"sqlite:///{folder}/eligibility.sqlite3" if name == "sqlite" else _create(args.postgres)
            try:
                loaded = _run("load", url, args)
                print(f"{name}: register written in {loaded['load_s']:.1f} s", flush=True)
                results[name] = _run("measure", url, args)
            finally:
                if name != "sqlite":
                    _drop(args.postgres)
    _table(results, args.people)


def _run(step: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", step, url or "-", "--people", str(args.people)]
    command += ["--seed", str(args.seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{step} on {url or 'memory'} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _server(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


def _create(url: str) -> str:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return _server(url, BENCH_DB)


def _drop(url: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


# --- the steps, each in its own process -------------------------------------------------------


def _child(step: str, url: str, people: int, seed: int) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from eligibility import generate  # the pure benchmark's register: the same people, the same seed
    from hustings.rules import Ballot, eligibility, load_rulebook

    ballot = Ballot("labour-leader-2016", "leadership_challenge", opens=dt.date(2016, 8, 22))
    rulebook = load_rulebook("labour-2016")
    if step == "pure":
        histories = generate(people, seed)
        started, cpu = time.perf_counter(), time.process_time()
        decisions = [eligibility(history, rulebook, ballot, ballot.opens) for history in histories]
        return _figures(decisions, time.perf_counter() - started, time.process_time() - cpu) | _peak()

    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "hustings.web.settings"
    import django

    django.setup()
    if step == "load":
        from django.core.management import call_command

        from hustings.demo.party import DemoRegister, load_demo
        from hustings.rules import Unit

        call_command("migrate", verbosity=0)
        histories = generate(people, seed)
        units = (Unit("national", "National party", "party"), Unit("clp", "A constituency party", "clp", "national"))
        started = time.perf_counter()
        load_demo(DemoRegister(units, tuple(histories)))
        return {"load_s": time.perf_counter() - started}

    from hustings.demo.party import ORGANISATION
    from hustings.services import electorate

    slug = ORGANISATION[0]
    started, cpu = time.perf_counter(), time.process_time()
    counts = electorate.summary(slug, rulebook, ballot, ballot.opens)
    summary_s, summary_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    decisions = list(electorate.decisions(slug, rulebook, ballot, ballot.opens))
    figures = _figures(decisions, time.perf_counter() - started, time.process_time() - cpu)
    return figures | _peak() | {"summary_s": summary_s, "summary_cpu_s": summary_cpu, "refused_by_kind": counts.refused}


def _figures(decisions: list[Any], wall: float, cpu: float) -> dict[str, Any]:
    """Times and what was decided: counts, and a digest of every refusal's reason (to compare runs)."""
    refusals = {d.person: d.reason for d in decisions if not d.eligible}
    digest = hashlib.sha256("\n".join(f"{p}\t{r}" for p, r in sorted(refusals.items())).encode()).hexdigest()
    return {
        "decisions_s": wall,
        "decisions_cpu_s": cpu,
        "total": len(decisions),
        "refused": len(refusals),
        "digest": digest[:16],
        "example": next(iter(refusals.values()), ""),
    }


def _peak() -> dict[str, float]:
    return {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# --- the table ---------------------------------------------------------------------------------


def _table(results: dict[str, dict[str, Any]], people: int) -> None:
    names = [name for name in ("sqlite", "postgres", "pure") if name in results]
    print(
        f"\nload average now: {os.getloadavg()[0]:.1f} (wall times count the waits for a shared CPU; CPU times do not)"
    )
    print(f"Eligibility of {people:,} people, labour-2016 leadership ballot, a reason kept for each refusal")
    print(f"{'':<28}" + "".join(f"{name:>12}" for name in names))
    rows = [
        ("summary s", "summary_s"),
        ("summary CPU s", "summary_cpu_s"),
        ("all decisions s", "decisions_s"),
        ("all decisions CPU s", "decisions_cpu_s"),
        ("peak MB", "peak_mb"),
    ]
    for label, key in rows:
        cells = "".join(f"{results[n][key]:>12.2f}" if key in results[n] else f"{'-':>12}" for n in names)
        print(f"{label:<28}{cells}")
    pure = results["pure"]["decisions_s"]
    print(f"{'x pure (all decisions)':<28}" + "".join(f"{results[n]['decisions_s'] / pure:>12.2f}" for n in names))
    print(f"{'refused':<28}" + "".join(f"{results[n]['refused']:>12,}" for n in names))
    agree = len({results[n]["digest"] for n in names}) == 1 and len({results[n]["total"] for n in names}) == 1
    print(f"Every decision and reason the same on each: {'yes' if agree else 'NO'}")
    for name in names:
        if name != "pure":
            worst = max(results[name]["summary_s"], results[name]["decisions_s"])
            cpu = max(results[name]["summary_cpu_s"], results[name]["decisions_cpu_s"])
            verdict = "met" if worst < GOAL else ("met in CPU time" if cpu < GOAL else "NOT met")
            print(f"Goal on {name}: under {GOAL:.0f} s: {worst:.2f} s wall, {cpu:.2f} s CPU (this process): {verdict}")
    first = next(n for n in names if n != "pure") if len(names) > 1 else None
    if first is not None:
        print("Refused by kind:")
        for kind, count in sorted(results[first]["refused_by_kind"].items(), key=lambda item: -item[1]):
            print(f"  {count:>9,}  {kind}")
        print(f"e.g. {results[first]['example']}")


if __name__ == "__main__":
    main()
