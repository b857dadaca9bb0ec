"""The Condorcet methods on 100 to 2,000 candidates, against pref_voting, with ratios.

    python benchmarks/pairwise.py              # 100, 300, 1,000 and 2,000 candidates (a few minutes)
    python benchmarks/pairwise.py --quick      # 100 and 300 candidates
    python benchmarks/pairwise.py --sizes 1000 --tools hustings

Each size is a seeded profile of 200 distinct ballots (weights 1 to 5) from a
one-dimensional spatial model: a voter ranks the candidates nearest to it
first, with noise; half the ballots rank every candidate, a quarter half of
them, a quarter ten.  Hustings counts it by ``copeland``, ``minimax``,
``schulze`` and ``ranked-pairs``; the peer, ``pref_voting``, by its
``copeland``, ``minimax`` and ``beat_path`` (Schulze, Floyd-Warshall), both
measuring a defeat by its winning votes as Hustings does by default, and
``ranked_pairs_tb`` (ranked pairs with a fixed tie-breaking ranking, the
nearest to ours), on its ``ProfileWithTies`` with extended strict preference
(truncated ballots read as Hustings reads them).

Every count runs in its own process, which generates the ballots and
imports the tool untimed, then times the tool's profile built from them and
the count (for Hustings: the pairwise matrix from the ballots, the method,
and the full record with its notes).  A count over
``PEER_LIMIT`` seconds is stopped and shown as ``>limit``.  The goal, from
issue #12: every method counts 1,000 candidates in under 10 s.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER_LIMIT = 120.0
GOAL_CANDIDATES = 1_000
GOAL_SECONDS = 10.0
METHODS = ("copeland", "minimax", "schulze", "ranked-pairs")
PEER_RUNS = {100: METHODS, 300: METHODS, 1_000: ("schulze", "ranked-pairs")}
"""Where pref_voting runs: its profile alone takes minutes at 1,000 candidates, so only the two
methods the issue names are tried there, and 2,000 would only time out."""


def ballots(n: int, distinct: int = 200, seed: int = 12) -> tuple[list[str], list[tuple[list[str], int]]]:
    """Candidates and weighted strict rankings (most preferred first), the same for every tool."""
    rng = random.Random(seed * 100_003 + n)
    names = [f"C{i:04d}" for i in range(n)]
    where = {c: rng.random() for c in names}
    out = []
    for _ in range(distinct):
        x = rng.random()
        order = sorted(names, key=lambda c: abs(where[c] - x) + rng.gauss(0, 0.05))
        length = rng.choice([n, n, n // 2, 10])
        out.append((order[:length], rng.randint(1, 5)))
    return names, out


def count_hustings(method: str, n: int) -> tuple[float, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from hustings.count import Profile, ranking, registry, run

    registry.load(method)  # imports (numpy among them) are not the count
    names, votes = ballots(n)
    started = time.perf_counter()
    profile = Profile.from_ballots(names, ((ranking(*order), w) for order, w in votes))
    result = run(method, profile)
    return time.perf_counter() - started, result.winner or ""


def count_pref_voting(method: str, n: int) -> tuple[float, str]:
    from pref_voting.c1_methods import copeland
    from pref_voting.margin_based_methods import beat_path, minimax, ranked_pairs_tb
    from pref_voting.profiles_with_ties import ProfileWithTies

    names, votes = ballots(n)
    started = time.perf_counter()
    profile = ProfileWithTies(
        [{c: i for i, c in enumerate(order)} for order, _ in votes],
        rcounts=[w for _, w in votes],
        candidates=names,
    )
    profile.use_extended_strict_preference()
    chosen = {
        "copeland": copeland,
        "minimax": lambda p: minimax(p, strength_function=p.support),  # winning votes, as ours
        "schulze": lambda p: beat_path(p, strength_function=p.support),
        "ranked-pairs": lambda p: ranked_pairs_tb(p, tie_breaker=names),
    }[method]
    winners = chosen(profile)
    return time.perf_counter() - started, ",".join(map(str, winners))


def child(tool: str, method: str, n: int) -> int:
    seconds, winner = (count_hustings if tool == "hustings" else count_pref_voting)(method, n)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "winner": winner, "peak_mb": peak}))
    return 0


def measure(tool: str, method: str, n: int) -> dict[str, object] | None:
    """One count in its own process; ``None`` past ``PEER_LIMIT``."""
    command = [sys.executable, __file__, "--child", tool, method, str(n)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PEER_LIMIT, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as failed:
        raise SystemExit(f"{tool} {method} on {n} candidates failed:\n{failed.stderr}") from None
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 and 300 candidates")
    parser.add_argument("--sizes", default="", help="comma-separated numbers of candidates")
    parser.add_argument("--tools", default="hustings,pref_voting", help="hustings and/or pref_voting")
    parser.add_argument("--child", nargs=3, metavar=("TOOL", "METHOD", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        tool, method, n = args.child
        return child(tool, method, int(n))
    sizes = [int(s) for s in args.sizes.split(",") if s] or ([100, 300] if args.quick else [100, 300, 1_000, 2_000])
    tools = args.tools.split(",")
    print(
        f"{'candidates':>10}  {'method':<13}{'hustings s':>11}{'peak MB':>9}  {'pref_voting s':>14}  {'x hustings':>10}"
    )
    slowest: dict[int, tuple[float, str]] = {}
    for n in sizes:
        for method in METHODS:
            ours = measure("hustings", method, n) if "hustings" in tools else None
            peer = "pref_voting" in tools and method in PEER_RUNS.get(n, ())
            theirs = measure("pref_voting", method, n) if peer else None
            our_s = float(ours["seconds"]) if ours else None  # type: ignore[arg-type]
            cells = [f"{our_s:11.2f}" if our_s is not None else f"{'-':>11}"]
            cells.append(f"{float(ours['peak_mb']):9.0f}" if ours else f"{'-':>9}")  # type: ignore[arg-type]
            if not peer:
                cells += [f"{'not run':>14}", f"{'-':>10}"]
            elif theirs is None:
                cells += [
                    f"{'>' + format(PEER_LIMIT, '.0f'):>14}",
                    f"{'>' + format(PEER_LIMIT / (our_s or 1), '.0f'):>10}",
                ]
            else:
                their_s = float(theirs["seconds"])  # type: ignore[arg-type]
                cells += [f"{their_s:14.2f}", f"{their_s / our_s:10.1f}" if our_s else f"{'-':>10}"]
            print(f"{n:>10}  {method:<13}" + cells[0] + cells[1] + "  " + cells[2] + "  " + cells[3], flush=True)
            if ours and theirs and str(ours["winner"]) not in str(theirs["winner"]).split(","):
                print(f"  winners differ: hustings {ours['winner']}, pref_voting {theirs['winner']}")
            if our_s is not None and our_s > slowest.get(n, (-1.0, ""))[0]:
                slowest[n] = (our_s, method)
    for n, (seconds, method) in slowest.items():
        verdict = ("met" if seconds < GOAL_SECONDS else "NOT met") if n == GOAL_CANDIDATES else "no goal at this size"
        print(
            f"Goal at {n:,} candidates (every method < {GOAL_SECONDS:g} s): slowest {method} {seconds:.2f} s: {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
