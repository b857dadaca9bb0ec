"""Benchmark: how fast two readers load a large file and refuse a hostile one.

    python benchmarks/readers.py

1. ``workbook``: the Minneapolis 2013 mayoral cast-vote-record workbook (80,101
   ballots, ``tests/data/rctab/2013_minneapolis_mayor``) loaded through its RCTab
   configuration by ``hustings.formats.rctab.load_contest``, in this process; the
   CPU time of the load, best of 3.  Goal: under 2 s.
   ``tests/formats/rctab/test_rctab_providers.py`` checks what it loads.
2. ``hostile blt``: a 30-byte BLT file whose header declares 10^9 candidates,
   given to ``hustings count``; the wall time of that command less the wall time
   of ``hustings --version`` (the interpreter's start and the imports), best of
   3 each.  Goal: refused within 1 s of start-up (nothing is sized by the
   header).  ``tests/security/test_bad_input_refused.py`` checks that it is
   refused, and under a 1 GiB limit.

Each prints ``Goal: NAME FIGURE s (goal < N s): met`` or ``NOT met``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "tests" / "data" / "rctab" / "2013_minneapolis_mayor" / "2013_minneapolis_mayor_config.json"
HUSTINGS = [sys.executable, "-c", "import sys; from hustings.cli.main import main; sys.exit(main(sys.argv[1:]))"]


def goal(name: str, seconds: float, limit: float) -> str:
    return f"Goal: {name} {seconds:.2f} s (goal < {limit:g} s): {'met' if seconds < limit else 'NOT met'}"


def workbook() -> float:
    from hustings.formats.rctab import load_contest

    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        contest = load_contest(str(WORKBOOK))
        best = min(best, time.process_time() - start)
        assert contest.profile.total == 80101
    return best


def wall(*argv: str, status: int = 0) -> float:
    """Best of 3 wall times of ``hustings ARGV``, which must exit with ``status``."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run([*HUSTINGS, *argv], capture_output=True, check=False, timeout=60)
        best = min(best, time.perf_counter() - start)
        assert done.returncode == status, done.stderr[-2000:]
    return best


def hostile_blt() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        blt = Path(tmp) / "huge.blt"
        blt.write_text('999999999 1\n1 1 0\n0\n"A"\n"T"\n')
        return max(0.0, wall("count", str(blt), status=2) - wall("--version"))


def main() -> int:
    print(goal("workbook", workbook(), 2), flush=True)
    print(goal("hostile blt", hostile_blt(), 1), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
