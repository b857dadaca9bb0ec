"""Benchmark: an IRV count of 100,000 distinct rankings, in process.

    python benchmarks/irv_distinct.py

The profile of ``tests/count/test_irv.py``'s
``test_a_profile_of_100000_distinct_rankings_is_counted_in_full``: 100,000
distinct rankings of 6 of 12 candidates (seeded), each of weight 1 to 5, counted
by ``hustings.count.irv.count`` with default options; the wall time of the count
alone, best of 3.  Where ``run.py`` times the whole command on files whose
rankings repeat, this is the harsh case for the count itself: a round may move
only the ballots of those who leave it.  Goal: under 15 s.
"""

from __future__ import annotations

import random
import time

from hustings.count.irv import Options, count
from hustings.count.profile import Profile, Ranking


def profile() -> Profile:
    rng = random.Random(7)
    names = [f"C{i}" for i in range(12)]
    marks = {c: frozenset((c,)) for c in names}
    ballots: dict[Ranking, int] = {}
    while len(ballots) < 100_000:
        ballots[tuple(marks[c] for c in rng.sample(names, 6))] = rng.randint(1, 5)
    return Profile(tuple(names), ballots)


def main() -> int:
    p = profile()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = count(p, Options())
        best = min(best, time.perf_counter() - start)
        assert result.elected
    verdict = "met" if best < 15 else "NOT met"
    print(f"Goal: 100,000 distinct rankings counted in {best:.2f} s (goal < 15 s): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
