"""Mixing and verifying rows of ElGamal ciphertexts (hustings.e2e.shuffle), per row.

    python benchmarks/e2e_shuffle.py                      # N = 1,000 and 10,000; w = 1 and 5; 1 and 2 workers
    python benchmarks/e2e_shuffle.py --sizes 1000 --widths 1 --workers 1

For each size N, width w and number of worker processes it encrypts N seeded rows of w
ciphertexts (untimed), times `shuffle` and `verify_shuffle`, and prints the wall-clock time per
row, the CPU time per row (this process and its worker processes: on a shared machine the wall
clock measures the neighbours too), the load average, and the wall-clock extrapolation to
600,000 rows against the goal of issue #16: one trustee mixes 600,000
ranked ballots in under an hour on two cores, and anyone verifies the mix in under an hour.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time

from hustings.e2e import elgamal, group
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.shuffle import shuffle, verify_shuffle

GOAL_ROWS = 600_000
GOAL_SECONDS = 3600.0


def _rows(n: int, width: int, public_key: bytes, rng: random.Random) -> list[tuple[Ciphertext, ...]]:
    return [
        tuple(elgamal.encrypt(public_key, rng.randrange(6), group.random_scalar(rng)) for _ in range(width))
        for _ in range(n)
    ]


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_shuffle(sizes: list[int], widths: list[int], workers: list[int]) -> list[dict[str, float]]:
    """Time one mix and its verification for every (N, w, workers); print one line each."""
    rng = random.Random(16)
    public_key = group.base(group.random_scalar(rng))
    context = ["bench-election", "mix", 1]
    results = []
    print(
        f"{'N':>7} {'w':>2} {'workers':>7} {'mix ms/row':>11} {'(cpu)':>6} {'verify ms/row':>14} {'(cpu)':>6}"
        f" {'mix 600k':>9} {'verify 600k':>12} {'load':>5}"
    )
    for n in sizes:
        for width in widths:
            rows = _rows(n, width, public_key, rng)
            for count in workers:
                start, cpu = time.perf_counter(), _cpu()
                out, proof = shuffle(context, public_key, rows, rng=random.Random(1), workers=count)
                mixed, mixed_cpu = time.perf_counter() - start, _cpu() - cpu
                start, cpu = time.perf_counter(), _cpu()
                ok = verify_shuffle(context, public_key, rows, out, proof, workers=count)
                checked, checked_cpu = time.perf_counter() - start, _cpu() - cpu
                if not ok:
                    raise SystemExit("the shuffle did not verify")
                mix_row, verify_row = mixed / n, checked / n
                results.append({"n": n, "w": width, "workers": count, "mix": mix_row, "verify": verify_row})
                print(
                    f"{n:>7} {width:>2} {count:>7} {mix_row * 1e3:>11.3f} {mixed_cpu / n * 1e3:>6.3f}"
                    f" {verify_row * 1e3:>14.3f} {checked_cpu / n * 1e3:>6.3f}"
                    f" {mix_row * GOAL_ROWS / 60:>7.1f}mn {verify_row * GOAL_ROWS / 60:>10.1f}mn"
                    f" {os.getloadavg()[0]:>5.1f}"
                )
    print(f"goal: {GOAL_ROWS:,} rows mixed and verified, each in under {GOAL_SECONDS / 60:.0f} minutes")
    for r in results:
        worst = max(r["mix"], r["verify"]) * GOAL_ROWS
        verdict = "met" if worst < GOAL_SECONDS else "NOT met"
        print(f"  N={r['n']:,} w={r['w']} workers={r['workers']}: {worst / GOAL_SECONDS:.2f} of the hour ({verdict})")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--widths", type=int, nargs="+", default=[1, 5])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    bench_shuffle(args.sizes, args.widths, args.workers)


if __name__ == "__main__":
    main()
