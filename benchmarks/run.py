"""The benchmark: Hustings against pyrankvote, pref_voting and votekit IRV on the same CSV files.

    python benchmarks/run.py            # 10^4, 10^5 and 10^6 ballots (a few minutes)
    python benchmarks/run.py --quick    # 10^4 and 10^5 only

For each model of ``generate.py`` and each size, the same file is counted by every
tool, each in a fresh process: Hustings as its command line,
``hustings count FILE --method irv``, and each peer by ``peers.py``.  A time is the
wall time of the whole process, from interpreter start to the printed winner, so it
includes reading the CSV file; the best of up to three runs is kept (the first
only, when a run takes more than ten seconds).  Peak memory is the child's maximum
resident set size (GNU ``time``).  Slow peers run only where they finish in
reasonable time; a skipped run says so in the table.  The winners must agree.
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
TOOLS = ("hustings", "pyrankvote", "pref_voting", "votekit")
LIMITS: dict[tuple[str, str], int] = {
    # The largest file each slow peer is given (measured here: pref_voting about 7 s and
    # votekit about 45 s at 10^4 ballots; votekit's CSV loader alone takes most of that).
    ("pl", "pref_voting"): 100_000,
    ("pl", "votekit"): 10_000,
    ("ic", "pyrankvote"): 100_000,  # about 70 s at 10^6 (6.4 s at 10^5)
    ("ic", "pref_voting"): 10_000,
    ("ic", "votekit"): 0,
}
REPEAT = 3
GNU_TIME = Path("/usr/bin/time")
REPEAT_UNDER = 10.0


@dataclass
class Measure:
    seconds: float
    cpu: float
    rss_mb: float
    winner: str


def hustings_command(path: Path) -> list[str]:
    exe = BIN / "hustings"
    if exe.exists():
        return [str(exe), "count", str(path), "--method", "irv"]
    return [sys.executable, "-m", "hustings.cli.main", "count", str(path), "--method", "irv"]


GNU_TIME = Path("/usr/bin/time")


def timed(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system), peak RSS in MB and standard output of one child process.

    Linux counts in a child's maximum RSS the memory of the process it was
    forked from, so the child is started through GNU ``time`` (a small
    process) when there is one, which reports the peak of the command alone;
    otherwise the figure is ``getrusage(RUSAGE_CHILDREN)``, which then includes
    this script's own memory and is the largest child so far.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        if GNU_TIME.exists():
            command = [str(GNU_TIME), "-q", "-f", "%M %U %S", "-o", rss_file.name, *command]
        started = time.perf_counter()
        child = subprocess.run(command, capture_output=True, check=False)
        elapsed = time.perf_counter() - started
        out, err = child.stdout, child.stderr
        if child.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{err.decode(errors='replace')}")
        reported = rss_file.read().split()
    if len(reported) >= 3:
        kilobytes, cpu = int(reported[-3]), float(reported[-2]) + float(reported[-1])
    else:  # the largest child so far (this script's memory included, see above)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        kilobytes, cpu = usage.ru_maxrss, float("nan")
    return elapsed, cpu, kilobytes / 1024, out.decode()


def measure(tool: str, path: Path) -> Measure:
    best: Measure | None = None
    for _ in range(REPEAT):
        if tool == "hustings":
            seconds, cpu, rss, out = timed(hustings_command(path))
            winner = next(line for line in out.splitlines() if line.startswith("Elected:")).split(":", 1)[1].strip()
        else:
            seconds, cpu, rss, out = timed([sys.executable, str(HERE / "peers.py"), tool, str(path)])
            winner = json.loads(out)["winner"]
        if best is None or seconds < best.seconds:
            best = Measure(seconds, cpu, max(rss, best.rss_mb if best else 0.0), winner)
        if seconds > REPEAT_UNDER:
            break
    assert best is not None
    return best


def compile_hustings() -> None:
    """Write Hustings' bytecode cache first, as an installation does (``PYTHONDONTWRITEBYTECODE`` may be set)."""
    import hustings

    compileall.compile_dir(Path(hustings.__file__).parent, quiet=1)


def distinct_rankings(path: Path) -> int:
    with path.open("rb") as f:
        next(f)
        return len(set(f))


GOAL_RATIO = 20
GOAL_MB = 300


def goal(model: str, size: int, results: dict[str, Measure]) -> str:
    """The performance goal at this size: 20x faster than the fastest peer, under 300 MB."""
    ours = results.get("hustings")
    peers = {t: m for t, m in results.items() if t != "hustings"}
    if ours is None or not peers or size < max(SIZES):
        return ""
    tool, fastest = min(peers.items(), key=lambda kv: kv[1].seconds)
    ratio = fastest.seconds / ours.seconds
    cpu_ratio = fastest.cpu / ours.cpu
    verdict = "met" if ratio >= GOAL_RATIO and ours.rss_mb < GOAL_MB else "NOT met"
    return (
        f"Goal at {model} {size}: Hustings {ours.seconds:.2f} s ({ours.cpu:.2f} s CPU), {ours.rss_mb:.0f} MB; "
        f"fastest peer {tool} {fastest.seconds:.2f} s ({fastest.cpu:.2f} s CPU): {ratio:.1f}x wall, "
        f"{cpu_ratio:.1f}x CPU (goal {GOAL_RATIO}x, under {GOAL_MB} MB): {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10^4 and 10^5 ballots only")
    parser.add_argument("--models", default=",".join(generate.MODELS), help="models to run (default: all)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="tools to run (default: all)")
    args = parser.parse_args()
    sizes = QUICK_SIZES if args.quick else SIZES
    compile_hustings()
    tools = [t for t in TOOLS if t in args.tools.split(",")]
    columns = f"{'model':5} {'ballots':>9} {'distinct':>8}  {'tool':11} {'time s':>7} {'cpu s':>7} {'peak MB':>7}"
    header = f"{columns} {'x Hustings':>10}  winner"
    print(header)
    print("-" * len(header))
    disagreements = 0
    goals: list[str] = []
    for model in args.models.split(","):
        for size in sizes:
            path = generate.dataset(model, size)
            distinct = distinct_rankings(path)
            results: dict[str, Measure] = {}
            for tool in tools:
                limit = LIMITS.get((model, tool))
                prefix = f"{model:5} {size:>9} {distinct:>8}  {tool:11}"
                if limit is not None and size > limit:
                    print(f"{prefix} {'skipped':>7} {'':>7} {'':>7} {'':>10}  (too slow at this size: see LIMITS)")
                    continue
                m = results[tool] = measure(tool, path)
                base = results.get("hustings")
                ratio = f"{m.seconds / base.seconds:.1f}" if base and tool != "hustings" else ""
                print(f"{prefix} {m.seconds:7.2f} {m.cpu:7.2f} {m.rss_mb:7.0f} {ratio:>10}  {m.winner}", flush=True)
            winners = {m.winner for m in results.values()}
            if len(winners) > 1:
                disagreements += 1
                print(f"{'':5} winners disagree: {sorted(winners)}")
            goals.append(goal(model, size, results))
    print()
    print("\n".join(g for g in goals if g))
    print("Winners agree across tools." if not disagreements else f"Winners disagree in {disagreements} case(s).")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
