"""Seeded synthetic ballot files for the benchmark: 12 candidates, truncated rankings, as a CSV of rankings.

Two models, so that the effect of compression (many identical ballots) is visible
rather than hidden:

``pl`` (the realistic one)
    Plackett–Luce: a voter ranks candidate *i* first with probability proportional
    to its support ``w_i = 1 / (i + 1) ** 1.2`` (Zipf-like: a few strong candidates
    and a long tail), then draws the next rank from those left, and so on.  The voter
    stops after ``L`` ranks, with ``L`` drawn from a distribution shaped like real
    RCV elections, where most voters rank only a few candidates: P(L = 1..12) =
    .30 .20 .14 .10 .07 .05 .04 .03 .02 .02 .01 .02 (mean 3.3).
``ic`` (the harsh one)
    Impartial culture with uniform truncation: every order of the 12 candidates is
    equally likely and ``L`` is uniform on 1..12.  Almost every long ballot is unique,
    so a file of 10^6 ballots holds hundreds of thousands of distinct rankings.

Every file has a header ``rank1,...,rank12`` and one ballot per row, trailing cells
empty.  The same seed, model and size always give the same file.

    python benchmarks/generate.py --model pl --ballots 100000 -o ballots.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

CANDIDATES = (
    "Abbott",
    "Baxter",
    "Chen",
    "Douglas",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lopez",
)
MODELS = ("pl", "ic")
ZIPF_EXPONENT = 1.2
LENGTH_PROBABILITIES = (0.30, 0.20, 0.14, 0.10, 0.07, 0.05, 0.04, 0.03, 0.02, 0.02, 0.01, 0.02)
DATA = Path(__file__).parent / "data"


def rankings(model: str, ballots: int, seed: int = 2026) -> tuple[np.ndarray, np.ndarray]:
    """Orders of candidate indices (one row per ballot) and each ballot's length."""
    rng = np.random.default_rng(seed)
    n = len(CANDIDATES)
    if model == "pl":
        support = 1.0 / np.arange(1, n + 1) ** ZIPF_EXPONENT
        # Sorting log-support plus Gumbel noise samples a Plackett–Luce order exactly.
        keys = np.log(support) + rng.gumbel(size=(ballots, n))
        lengths = rng.choice(np.arange(1, n + 1), size=ballots, p=np.array(LENGTH_PROBABILITIES))
    elif model == "ic":
        keys = rng.random(size=(ballots, n))
        lengths = rng.integers(1, n + 1, size=ballots)
    else:
        raise ValueError(f"unknown model {model!r}; choose from {', '.join(MODELS)}")
    return np.argsort(-keys, axis=1), lengths


def write(path: Path, model: str, ballots: int, seed: int = 2026) -> Path:
    """Write the file (atomically) and return its path."""
    orders, lengths = rankings(model, ballots, seed)
    n = len(CANDIDATES)
    names = np.array(CANDIDATES, dtype=object)
    rows = names[orders]
    rows[np.arange(n)[None, :] >= lengths[:, None]] = ""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        f.write(",".join(f"rank{i}" for i in range(1, n + 1)) + "\n")
        f.writelines(",".join(row) + "\n" for row in rows.tolist())
    tmp.replace(path)
    return path


def dataset(model: str, ballots: int, seed: int = 2026) -> Path:
    """The benchmark's file for this model and size, generated on first use."""
    path = DATA / f"{model}-{ballots}-seed{seed}.csv"
    if not path.exists():
        write(path, model, ballots, seed)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=MODELS, default="pl")
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("-o", "--output", type=Path, default=None)
    args = parser.parse_args()
    path = args.output or DATA / f"{args.model}-{args.ballots}-seed{args.seed}.csv"
    write(path, args.model, args.ballots, args.seed)
    with path.open("rb") as f:
        distinct = len(set(f.readlines()[1:]))
    print(f"{path}: {args.ballots} ballots, {distinct} distinct rankings")


if __name__ == "__main__":
    main()
