"""Each peer library reads the benchmark CSV and counts it by instant runoff, in its own process.

    python benchmarks/peers.py TOOL FILE.csv

prints one JSON line: the winner, and the seconds spent reading the file into the
library's objects and counting.  ``run.py`` starts this script once per tool and file,
so that every tool pays for its own interpreter start and imports and its peak memory
is its own.  Each peer is used the way its documentation shows:

``pyrankvote``
    ``Candidate`` and ``Ballot`` objects, one ballot per row (the library has no
    ballot weights), counted with ``instant_runoff_voting``.
``pref_voting``
    A ``ProfileWithTies`` of truncated rankings, counted with
    ``instant_runoff_for_truncated_linear_orders`` (the library's IRV for truncated
    ballots).  Identical rows are merged into ``rcounts`` first, which the library
    supports and which only helps it.
``votekit``
    The library's own CSV loader ``load_ranking_csv`` (pandas), counted with
    ``elections.IRV``.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        return [[c for c in row if c] for row in reader]


def pyrankvote(path: Path) -> tuple[str, float]:
    import pyrankvote as prv

    rows = _rows(path)
    candidates: dict[str, prv.Candidate] = {}
    ballots = [prv.Ballot(ranked_candidates=[candidates.setdefault(n, prv.Candidate(n)) for n in row]) for row in rows]
    started = time.perf_counter()
    result = prv.instant_runoff_voting(list(candidates.values()), ballots)
    return result.get_winners()[0].name, started


def pref_voting(path: Path) -> tuple[str, float]:
    from pref_voting.iterative_methods import instant_runoff_for_truncated_linear_orders
    from pref_voting.profiles_with_ties import ProfileWithTies

    counts = Counter(tuple(row) for row in _rows(path))
    rankings = [{name: i for i, name in enumerate(row, 1)} for row in counts]
    profile = ProfileWithTies(rankings, rcounts=list(counts.values()))
    started = time.perf_counter()
    winners = instant_runoff_for_truncated_linear_orders(profile)
    return ",".join(str(w) for w in winners), started


def votekit(path: Path) -> tuple[str, float]:
    from votekit.cvr_loaders import load_ranking_csv
    from votekit.elections import IRV

    with path.open(encoding="utf-8") as f:
        width = len(f.readline().split(","))
    profile = load_ranking_csv(path, rank_cols=list(range(width)), header_row=0, print_profile=False)
    started = time.perf_counter()
    election = IRV(profile, tiebreak="random", rng_seed=0)
    return ",".join(sorted(c for seat in election.get_elected() for c in seat)), started


PEERS: dict[str, Callable[[Path], tuple[str, float]]] = {
    "pyrankvote": pyrankvote,
    "pref_voting": pref_voting,
    "votekit": votekit,
}


def main() -> None:
    tool, file = sys.argv[1], Path(sys.argv[2])
    begun = time.perf_counter()
    winner, counting = PEERS[tool](file)
    done = time.perf_counter()
    print(json.dumps({"winner": winner, "read": counting - begun, "count": done - counting}))


if __name__ == "__main__":
    main()
