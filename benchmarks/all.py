"""Every benchmark in turn, each in its own process, then one table of headline figures and goals.

    .venv/bin/python benchmarks/all.py                   # the issues' sizes (about an hour)
    .venv/bin/python benchmarks/all.py --quick           # small sizes: proves each runs (minutes)
    .venv/bin/python benchmarks/all.py --only members,api --databases sqlite

Each benchmark's own output is printed as it runs. Where a benchmark supports both databases it
runs on SQLite (a temporary file) and on PostgreSQL (`--postgres`, default the local server; each
benchmark makes and drops its own database there). Sizes, full (the issues' targets) / `--quick`:

| benchmark | full | quick |
|---|---|---|
| irv (`run.py`) | 10^4 to 10^6 ballots | 10^4 and 10^5 ballots |
| irv_distinct | 100,000 distinct rankings, in process | the same |
| stv | 747 contests, 10^5-ballot Meek | the same, Hustings only |
| pairwise | 100 to 2,000 candidates, pref_voting to 1,000 | 100 and 300 candidates |
| readers | the Minneapolis 2013 workbook; a hostile BLT | the same |
| analysis | 8 general elections | the same |
| eligibility (pure) | 600,000 people | 20,000 |
| eligibility_db | 600,000 people | 20,000 |
| members, api | 600,000-person register | 20,000 |
| import | 600,000 rows | 20,000 |
| casting | 6,000 voters over HTTP, 600,000-ballot count | 1,000 voters, 50,000 ballots |
| debates | 10,000 comments, posting 100/s for 5 s | the same debate, posting for 2 s |
| pages | the demo (3,000 members), 20 requests a page | 5 requests a page |
| e2e | 10^4 and 10^5 ranked ballots mixed, decrypted, verified; 1,000 simulated | 2,000 ballots; 1,000 simulated |

At --quick sizes the figures prove the benchmark runs end to end; the goals are stated for the
full sizes, so a quick run's "met" is only indicative. The peer libraries of `irv` are used when
installed (`pip install -e '.[bench]'`, as `make bench` does); without them Hustings runs alone.
Exit status: 1 if a benchmark failed (not if a goal was missed).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from database import POSTGRES

HERE = Path(__file__).resolve().parent
QUICK = 20_000


@dataclass
class Headline:
    figure: str
    goal: str
    met: bool | None  # None: no goal at this size, or not found in the output


Judge = Callable[[str], list[Headline]]


def _verdict(text: str) -> bool:
    return not re.search(r"not met", text, re.IGNORECASE)


def judge_irv(out: str) -> list[Headline]:
    goals = re.findall(r"Goal at (\S+ \d+): Hustings ([\d.]+) s.*?([\d.]+)x wall.*: (met|NOT met)$", out, re.M)
    if goals:
        return [
            Headline(
                f"{at} ballots: {seconds} s, {ratio}x fastest peer", "20x fastest peer, < 300 MB", verdict == "met"
            )
            for at, seconds, ratio, verdict in goals
        ]
    rows = re.findall(r"^\S+\s+(\d+)\s+\d+\s+hustings\s+([\d.]+)", out, re.MULTILINE)
    figure = f"{int(rows[-1][0]):,} ballots: {rows[-1][1]} s" if rows else "no result"
    return [Headline(figure, "20x fastest peer at 10^6 (not run)", None)]


def judge_stv(out: str) -> list[Headline]:
    rows = re.findall(r"^(scottish: 747 contests|meek: 10\^5[^ ]*)\s.*?hustings\s+([\d.]+)\s+(goal[^\n]*)", out, re.M)
    return [
        Headline(f"{name.split(':')[0]} {seconds} s", goal.split(":")[0], _verdict(goal))
        for name, seconds, goal in rows
    ]


def judge_pairwise(out: str) -> list[Headline]:
    pattern = r"^Goal at ([\d,]+) candidates .*: slowest (\S+) ([\d.]+) s: (met|NOT met|no goal.*)$"
    goals = re.findall(pattern, out, re.M)
    return [
        Headline(
            f"{n} candidates: slowest {method} {seconds} s",
            "1,000 candidates < 10 s" if n == "1,000" else "",
            None if verdict.startswith("no goal") else verdict == "met",
        )
        for n, method, seconds, verdict in goals
        if n in ("1,000", "2,000") or len(goals) <= 2
    ]


def judge_goal_lines(out: str) -> list[Headline]:
    """Lines ``Goal: WHAT FIGURE s (goal < N s): met`` (irv_distinct, readers)."""
    return [
        Headline(f"{what} {seconds} s", f"< {limit} s", verdict == "met")
        for what, seconds, limit, verdict in re.findall(
            r"^Goal: (.*?) ([\d.]+) s \(goal < ([\d.]+) s\): (met|NOT met)$", out, re.M
        )
    ]


def judge_analysis(out: str) -> list[Headline]:
    found = re.search(r"best of 5: ([\d.]+) s", out)
    return [Headline(f"{found[1]} s", "< 1 s", float(found[1]) < 1)] if found else []


def judge_eligibility(out: str) -> list[Headline]:
    found = re.search(r"decisions in ([\d.]+) s wall", out)
    return [Headline(f"{found[1]} s", "< 10 s", float(found[1]) < 10)] if found else []


def judge_eligibility_db(out: str) -> list[Headline]:
    return [
        Headline(f"{name}: {wall} s ({cpu} s CPU)", "< 10 s", _verdict(verdict))
        for name, wall, cpu, verdict in re.findall(
            r"Goal on (\w+): .*?([\d.]+) s wall, ([\d.]+) s CPU.*: (.*)$", out, re.M
        )
    ]


def judge_pages(out: str, column: int) -> list[Headline]:
    """The slowest line of a page table: the wall time in milliseconds is the `column`th figure from the right."""
    worst = 0.0
    for line in out.splitlines():
        figures = re.findall(r"(?<![\w,])(\d+\.\d)(?!\w)", line)
        if len(figures) >= column and not line.startswith(("sqlite", "postgres")):
            worst = max(worst, float(figures[-column]))
    return [Headline(f"slowest {worst:.1f} ms", "every one < 100 ms", worst < 100)] if worst else []


def judge_import(out: str) -> list[Headline]:
    steps = [float(s) for s in re.findall(r"^\s+(?:dry run|apply|re-check)\s+([\d.]+) s wall", out, re.M)]
    return [Headline(f"slowest step {max(steps):.1f} s", "each < 2 min", max(steps) < 120)] if steps else []


def judge_casting(out: str) -> list[Headline]:
    heads = []
    cast = re.search(r"= (\d+) ballots/s sustained; latency .*?p95 ([\d.]+) ms", out)
    if cast:
        ok = int(cast[1]) >= 300 and float(cast[2]) < 200
        heads.append(Headline(f"{cast[1]} ballots/s, p95 {cast[2]} ms", ">= 300/s, p95 < 200 ms", ok))
    count = re.search(r"count: (\d+) ballots .*?count \+ publish ([\d.]+) s", out)
    if count:
        figure = f"{int(count[1]):,} counted + published {count[2]} s"
        heads.append(Headline(figure, "600,000 in < 5 s", float(count[2]) < 5 if count[1] == "600000" else None))
    return heads


def judge_debates(out: str) -> list[Headline]:
    heads = []
    page = re.search(r"first page .*?p95 ([\d.]+) ms\s+\[goal < 150 ms: (met|NOT met)\]", out)
    if page:
        heads.append(Headline(f"first page p95 {page[1]} ms", "< 150 ms", page[2] == "met"))
    posting = re.search(
        r"posting over HTTP .*?([\d.]+)/s, median .*?p95 ([\d.]+) ms\s+\[goal [^:]*: (met|NOT met)\]", out
    )
    if posting:
        heads.append(
            Headline(f"posting {posting[1]}/s, p95 {posting[2]} ms", "100/s, p95 < 200 ms", posting[3] == "met")
        )
    return heads


def judge_site(out: str) -> list[Headline]:
    found = re.search(r"(\d+) page-visitor pairs timed; (\d+) at or over", out)
    if not found:
        return []
    return [Headline(f"{found[1]} pairs, {found[2]} over at p95", "every page < 100 ms", found[2] == "0")]


@dataclass
class Benchmark:
    name: str
    script: str
    full: list[str]
    quick: list[str]
    judge: Judge
    databases: str = (
        ""  # "": no database choice; "flag": --postgres URL; "db": --db sqlite|postgres; "pg": PostgreSQL only
    )


def benchmarks() -> list[Benchmark]:
    tools = ["hustings"] + [p for p in ("pyrankvote", "pref_voting", "votekit") if importlib.util.find_spec(p)]
    people, quick_people = ["--people", "600000"], ["--people", str(QUICK)]
    return [
        Benchmark("irv", "run.py", ["--tools", ",".join(tools)], ["--quick", "--tools", ",".join(tools)], judge_irv),
        Benchmark("irv_distinct", "irv_distinct.py", [], [], judge_goal_lines),
        Benchmark("stv", "stv.py", [], ["--quick"], judge_stv),
        Benchmark("pairwise", "pairwise.py", [], ["--quick"], judge_pairwise),
        Benchmark("readers", "readers.py", [], [], judge_goal_lines),
        Benchmark("analysis", "analysis.py", [], [], judge_analysis),
        Benchmark("eligibility", "eligibility.py", people, quick_people, judge_eligibility),
        Benchmark("eligibility_db", "eligibility_db.py", people, quick_people, judge_eligibility_db, "databases"),
        Benchmark("members", "members_search.py", people, quick_people, lambda out: judge_pages(out, 2), "flag"),
        Benchmark("api", "api.py", people, quick_people, lambda out: judge_pages(out, 2), "flag"),
        Benchmark("import", "import_members.py", ["--rows", "600000"], ["--rows", str(QUICK)], judge_import, "db"),
        Benchmark(
            "casting",
            "casting.py",
            ["--voters", "6000", "--box", "600000"],
            ["--voters", "1000", "--box", "50000"],
            judge_casting,
            "pg",
        ),
        Benchmark("debates", "debates.py", [], ["--seconds", "2", "--runs", "10"], judge_debates, "pg"),
        Benchmark("pages", "pages.py", [], ["--repeat", "5"], judge_site),
        Benchmark("e2e", "e2e.py", [], ["--quick"], judge_goal_lines),
    ]


def runs(bench: Benchmark, quick: bool, databases: list[str], postgres: str) -> list[tuple[str, list[str]]]:
    """(database label, arguments) for each run of `bench`."""
    args = [*(bench.quick if quick else bench.full)]
    if bench.databases == "flag":
        return [(db, args + (["--postgres", postgres] if db == "postgresql" else [])) for db in databases]
    if bench.databases == "db":
        return [(db, [*args, "--db", "postgres" if db == "postgresql" else "sqlite"]) for db in databases]
    if bench.databases == "databases":
        chosen = ",".join("postgres" if db == "postgresql" else db for db in databases)
        return [("+".join(databases), [*args, "--databases", chosen, "--postgres", postgres])]
    if bench.databases == "pg":
        if "postgresql" not in databases:
            return []
        if bench.name == "debates":
            return [("postgresql", [*args, "--postgres", postgres.rsplit("/", 1)[0] + "/hustings_bench_debates"])]
        return [("postgresql", args)]
    return [("", args)]


def run(script: str, args: list[str]) -> tuple[int, str, float]:
    """Run one benchmark, echoing its output as it comes; its exit status, output and wall time."""
    command = [sys.executable, "-u", str(HERE / script), *args]
    print(f"\n=== {' '.join(['python', 'benchmarks/' + script, *args])}", flush=True)
    started = time.perf_counter()
    lines = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=HERE.parent, env=os.environ
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
    return process.returncode, "".join(lines), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes (see the table above)")
    parser.add_argument("--only", default="", help="comma-separated benchmark names (default: all)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--postgres", default=POSTGRES, help="a PostgreSQL server's URL (default: %(default)s)")
    args = parser.parse_args()
    chosen = [b for b in benchmarks() if not args.only or b.name in args.only.split(",")]
    unknown = set(filter(None, args.only.split(","))) - {b.name for b in benchmarks()}
    if unknown:
        parser.error(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(b.name for b in benchmarks())}"
        )
    names = {"sqlite": "sqlite", "postgres": "postgresql", "postgresql": "postgresql"}
    if not set(args.databases.split(",")) <= set(names):
        parser.error("--databases: sqlite, postgresql or both, comma-separated")
    databases = [names[db] for db in args.databases.split(",")]
    summary: list[tuple[str, str, float, Headline]] = []
    failed = 0
    for bench in chosen:
        for db, bench_args in runs(bench, args.quick, databases, args.postgres):
            status, out, seconds = run(bench.script, bench_args)
            heads = bench.judge(out) if status == 0 else []
            if status != 0:
                failed += 1
                heads = [Headline(f"FAILED (exit status {status})", "", False)]
            summary.extend((bench.name, db, seconds, h) for h in heads or [Headline("no headline found", "", None)])
    print(f"\nSummary ({'quick sizes: indicative only' if args.quick else 'full sizes'})")
    print(f"{'benchmark':<15} {'database':<17} {'run s':>7}  {'headline':<44} {'goal':<34} result")
    for name, db, seconds, head in summary:
        result = {True: "met", False: "NOT met", None: "-"}[head.met]
        print(f"{name:<15} {db:<17} {seconds:7.0f}  {head.figure:<44} {head.goal:<34} {result}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
