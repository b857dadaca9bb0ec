"""The trustees' costs: partial decryption and its verification, per ciphertext.

    .venv/bin/python benchmarks/e2e_trustees.py [--sizes 1000,10000] [--trustees 4] [--quorum 3]

Runs a key ceremony in memory, encrypts `size` ciphertexts under its key, and times, per
ciphertext: one trustee's `partial_decrypt` (dⱼ = aⱼ^x, plus aⱼ^(zⱼ) for the batched proof),
`verify_partial` (aⱼ^(zⱼ) and dⱼ^(zⱼ)), and `combine` over a quorum (one dⱼ^(λᵢ) per trustee).
Each is also given as a ratio to one scalar multiplication measured in the same run, against the
design's count (2, 2, and the quorum): a ratio near the count means the hashing and bookkeeping
cost little beside the group operations.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hustings.e2e import ceremony, elgamal, group  # noqa: E402
from hustings.e2e.decryption import combine, partial_decrypt, verify_partial  # noqa: E402


def scalar_multiplication_seconds(rounds: int = 2000) -> float:
    point, k = group.base(7), group.random_scalar(random.Random(1))
    start = time.perf_counter()
    for _ in range(rounds):
        point = group.mul(k, point)
    return (time.perf_counter() - start) / rounds


def bench_trustees(sizes: list[int], trustees: int = 4, quorum: int = 3) -> dict[int, dict[str, float]]:
    """Seconds per ciphertext of each step, for each size; prints a table."""
    rng = random.Random(0)
    dealt = [ceremony.deal("bench", i, quorum, rng) for i in range(1, trustees + 1)]
    publics = [p for _, p in dealt]
    shares = {m: ceremony.key_share([ceremony.share_for(d, m) for d, _ in dealt]) for m in range(1, trustees + 1)}
    h = ceremony.joint_key(publics)
    unit = scalar_multiplication_seconds()
    print(f"one scalar multiplication: {unit * 1e6:.1f} µs")
    print(f"{'ciphertexts':>11}  {'step':<16} {'total s':>8} {'µs/ct':>8} {'× mult':>7} {'design':>6}")
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        cts = [elgamal.encrypt(h, rng.randrange(100), group.random_scalar(rng)) for _ in range(size)]
        context = ["bench", "tally"]
        timings: dict[str, float] = {}
        start = time.perf_counter()
        partials = [partial_decrypt(context, m, shares[m], cts, rng) for m in range(1, quorum + 1)]
        timings["partial_decrypt"] = (time.perf_counter() - start) / quorum
        key = ceremony.verification_key(publics, 1)
        start = time.perf_counter()
        assert verify_partial(context, key, cts, partials[0])
        timings["verify_partial"] = time.perf_counter() - start
        start = time.perf_counter()
        combine(cts, partials, quorum=quorum)
        timings["combine"] = time.perf_counter() - start
        for step, seconds in timings.items():
            design = {"partial_decrypt": 2, "verify_partial": 2, "combine": quorum}[step]
            per = seconds / size
            print(f"{size:>11}  {step:<16} {seconds:>8.2f} {per * 1e6:>8.1f} {per / unit:>7.2f} {design:>6}")
        results[size] = {step: seconds / size for step, seconds in timings.items()}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--trustees", type=int, default=4)
    parser.add_argument("--quorum", type=int, default=3)
    args = parser.parse_args()
    bench_trustees([int(s) for s in args.sizes.split(",")], args.trustees, args.quorum)


if __name__ == "__main__":
    main()
