"""Per-ballot cost of encrypting and verifying end-to-end ballots in Python (docs/e2e.md, "Ballots").

    python benchmarks/e2e_ballots.py            # marks K = 2, 5, 10; ranked K = 5 and 10, full width
    python benchmarks/e2e_ballots.py --count 50

Encryption is what a voter's device (or a simulation) pays per ballot; verification is what the
ballot box pays when it accepts a ballot, and what every outside verifier pays per ballot on the
board. Each figure is CPU time (the machine is shared), the mean over `--count` ballots drawn
with a seeded generator, best of three rounds.

The goal set here: verifying every ballot of a 600,000-member board on one core within an hour,
i.e. 6 ms a ballot; the last column is the verification time over that goal (below 1 meets it).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence

from hustings.e2e import group
from hustings.e2e.ballots import BallotSpec, encrypt_marks, encrypt_ranking, verify_ballot

GOAL_MS = 6.0
ROUNDS = 3
SIZES = (("marks", 2, 2), ("marks", 5, 5), ("marks", 10, 10), ("ranked", 5, 5), ("ranked", 10, 10))


def _vote(spec: BallotSpec, rng: random.Random) -> list[int]:
    if spec.kind == "marks":
        vote = [0] * spec.options
        vote[rng.randrange(spec.options)] = 1
        return vote
    return rng.sample(range(1, spec.options + 1), rng.randint(1, spec.width))


def _time_size(spec: BallotSpec, key: bytes, rng: random.Random, count: int) -> tuple[float, float]:
    """Mean ms to encrypt, then to verify, one ballot of `spec`: the best of `ROUNDS` rounds (the
    machine is shared, so the best round is the least disturbed)."""
    encrypt = encrypt_marks if spec.kind == "marks" else encrypt_ranking
    best = (float("inf"), float("inf"))
    for _ in range(ROUNDS):
        votes = [_vote(spec, rng) for _ in range(count)]
        start = time.process_time()
        ballots = [encrypt(spec, key, vote, rng)[0] for vote in votes]
        first = time.process_time()
        ok = [verify_ballot(spec, key, ballot) for ballot in ballots]
        done = time.process_time()
        if not all(ok):
            raise AssertionError("a freshly encrypted ballot failed to verify")
        best = (min(best[0], (first - start) / count * 1000), min(best[1], (done - first) / count * 1000))
    return best


def scalar_mult_ms(rng: random.Random) -> float:
    """The best-of-rounds time of one variable-base scalar multiplication, the unit of every cost."""
    point, k = group.base(group.random_scalar(rng)), group.random_scalar(rng)
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        for _ in range(200):
            group.mul(k, point)
        best = min(best, (time.process_time() - start) / 200 * 1000)
    return best


def bench_ballots(sizes: Sequence[tuple[str, int, int]] = SIZES, count: int = 20) -> list[dict[str, object]]:
    """Mean milliseconds to encrypt and to verify one ballot, per (kind, options, width)."""
    rng = random.Random(16)
    key = group.base(group.random_scalar(rng))
    rows: list[dict[str, object]] = []
    for kind, options, width in sizes:
        enc, ver = _time_size(BallotSpec("bench", kind, options, width), key, rng, count)
        rows.append({"kind": kind, "options": options, "width": width, "encrypt_ms": enc, "verify_ms": ver})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="ballots per size (default 20)")
    args = parser.parse_args()
    unit = scalar_mult_ms(random.Random(1))
    print(f"one scalar multiplication: {unit * 1000:.1f} µs (costs below also in scalar multiplications)")
    print(f"{'kind':<7} {'K':>3} {'width':>5} {'encrypt ms':>11} {'(mults)':>8} ", end="")
    print(f"{'verify ms':>10} {'(mults)':>8} {'verify/goal':>12}")
    for row in bench_ballots(count=args.count):
        enc, ver = float(str(row["encrypt_ms"])), float(str(row["verify_ms"]))
        print(
            f"{row['kind']:<7} {row['options']:>3} {row['width']:>5} {enc:>11.2f} {enc / unit:>8.0f} "
            f"{ver:>10.2f} {ver / unit:>8.0f} {ver / GOAL_MS:>12.2f}"
        )


if __name__ == "__main__":
    main()
