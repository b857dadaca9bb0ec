"""End-to-end verifiable ballots: what a ranked election costs (issue #16; docs/e2e.md, "Costs").

    .venv/bin/python benchmarks/e2e.py                  # 10^4 and 10^5 ranked ballots (about 20 min)
    .venv/bin/python benchmarks/e2e.py --quick          # 2,000 ballots (about a minute)
    .venv/bin/python benchmarks/e2e.py --sizes 10000 --workers 2 --no-browser

Measures, side by side in one run:

1. per-ballot encryption of a ranked ballot (5 candidates, 5 ranks) in Chromium (the vote page's
   `static/e2e/ballot.js`) and in Python (`hustings.e2e.ballots`), and its verification;
2. at each size N of ranked ballots (5 ranks each): one trustee's mixing (`shuffle`, with
   `--workers` processes, as every step here), the verification of that shuffle, one trustee's
   partial decryption and its verification, and every ballot's proofs checked;
3. a whole simulated election of 1,000 ranked ballots (`hustings e2e simulate`, 3 trustees,
   quorum 2) and its verification (`hustings verify`), each as a command, wall time.

The goals are the issue's: a 600,000-ballot ranked election mixed by each trustee in under an
hour and verified in under an hour on 2 cores, extrapolated linearly from the largest size run
(every step is linear in N: each ballot costs a fixed number of scalar multiplications); and
1,000 ranked ballots simulated and verified in well under two minutes (goal: 60 s). Verification
of 600,000 ballots = every ballot's proof + each of the quorum's shuffles + each of the quorum's
partial decryptions, for quorum 2 (3 trustees). Lines `Goal: ...` are read by benchmarks/all.py.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hustings.e2e import ballots, ceremony, decryption, elgamal, group, shuffle  # noqa: E402

PARTY = 600_000
QUORUM = 2
WIDTH = 5


CPU: dict[str, float] = {}
"""CPU seconds of each step, this process and its (finished) worker processes together."""


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], Any], name: str = "") -> tuple[float, Any]:
    start, cpu = time.perf_counter(), cpu_seconds()
    value = work()
    if name:
        CPU[name] = cpu_seconds() - cpu
    return time.perf_counter() - start, value


def goal(what: str, seconds: float, limit: float) -> None:
    verdict = "met" if seconds < limit else "NOT met"
    print(f"Goal: {what} {seconds:.1f} s (goal < {limit:.0f} s): {verdict}", flush=True)


def python_ballot_ms(count: int = 50) -> tuple[float, float]:
    """Milliseconds to encrypt (with proof) and to verify one ranked ballot, in Python."""
    rng = random.Random(1)
    spec = ballots.BallotSpec("bench", "ranked", WIDTH, WIDTH)
    key = group.base(group.random_scalar(rng))
    made = []
    start = time.perf_counter()
    for _ in range(count):
        made.append(ballots.encrypt_ranking(spec, key, rng.sample(range(1, WIDTH + 1), WIDTH), rng)[0])
    encrypt = (time.perf_counter() - start) / count
    start = time.perf_counter()
    assert all(ballots.verify_ballot(spec, key, b) for b in made)
    return encrypt * 1e3, (time.perf_counter() - start) / count * 1e3


def browser_ballot_ms() -> float | None:
    """Milliseconds to encrypt one ranked ballot in Chromium (benchmarks/e2e_browser.py's page)."""
    try:
        import e2e_browser
    except ImportError:
        return None
    measure = getattr(e2e_browser, "ranked_ballot_ms", None)
    return measure(WIDTH, WIDTH) if measure else None


def rows_of(n: int, key: bytes, rng: random.Random) -> list[tuple[elgamal.Ciphertext, ...]]:
    """N rows of WIDTH ciphertexts, as cast ranked ballots are (their proofs aside)."""
    return [
        tuple(elgamal.encrypt(key, rng.randint(0, WIDTH), group.random_scalar(rng)) for _ in range(WIDTH))
        for _ in range(n)
    ]


def at_size(n: int, workers: int) -> dict[str, float]:
    """Seconds of each trustee step at N ranked ballots."""
    rng = random.Random(n)
    dealt = [ceremony.deal("bench", i, QUORUM, rng) for i in (1, 2, 3)]
    publics = [p for _, p in dealt]
    key = ceremony.joint_key(publics)
    share = ceremony.key_share([ceremony.share_for(d, 1) for d, _ in dealt])
    rows = rows_of(n, key, rng)
    context: list[str | int] = ["bench", "mix", 1]
    mix, (output, proof) = timed(lambda: shuffle.shuffle(context, key, rows, rng, workers=workers), "mix")
    check, ok = timed(lambda: shuffle.verify_shuffle(context, key, rows, output, proof, workers=workers), "verify mix")
    assert ok
    flat = [c for row in output for c in row]
    place: list[str | int] = ["bench", "mix"]
    decrypt, partial = timed(lambda: decryption.partial_decrypt(place, 1, share, flat, rng, workers), "decrypt")
    vkey = ceremony.verification_key(publics, 1)
    check_decrypt, ok = timed(
        lambda: decryption.verify_partial(place, vkey, flat, partial, workers), "verify decryption"
    )
    assert ok
    return {"mix": mix, "verify mix": check, "decrypt": decrypt, "verify decryption": check_decrypt}


def whole_election(voters: int) -> tuple[float, float]:
    """Wall seconds of `hustings e2e simulate` and of `hustings verify` on its board."""
    hustings = [sys.executable, "-m", "hustings.cli.main"]
    with tempfile.TemporaryDirectory() as out:
        simulate = [*hustings, "e2e", "simulate", "--voters", str(voters), "--candidates", "5", "--method", "irv"]
        simulate += ["--trustees", "3", "--quorum", "2", "--seed", "1", "-o", out]
        made, _ = timed(lambda: subprocess.run(simulate, check=True, capture_output=True))
        verify = [*hustings, "verify", str(Path(out) / "board.json")]
        checked, _ = timed(lambda: subprocess.run(verify, check=True, capture_output=True))
    return made, checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="numbers of ranked ballots, comma-separated")
    parser.add_argument("--quick", action="store_true", help="2,000 ballots only")
    parser.add_argument("--workers", type=int, default=2, help="processes for mixing and its check (default 2)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    args = parser.parse_args()
    sizes = [2000] if args.quick else [int(s) for s in args.sizes.split(",")]

    encrypt_ms, verify_ms = python_ballot_ms()
    browser = None if args.no_browser else browser_ballot_ms()
    shown = f"{browser:.1f} ms" if browser is not None else "not measured"
    print(f"one ranked ballot ({WIDTH} ranks): encrypt in Chromium {shown}, in Python {encrypt_ms:.2f} ms", end="")
    if browser is not None:
        print(f" (Chromium/Python {browser / encrypt_ms:.1f}x)", end="")
    print(f"; verify in Python {verify_ms:.2f} ms", flush=True)

    head = f"{'ballots':>9} {'mix':>9} {'verify mix':>11} {'decrypt':>9} {'verify dec':>11}"
    print(f"\n{head}  (seconds, {args.workers} workers)")
    last: dict[str, float] = {}
    for n in sizes:
        last = at_size(n, args.workers)
        times = f"{last['mix']:>9.1f} {last['verify mix']:>11.1f} {last['decrypt']:>9.1f}"
        print(f"{n:>9,} {times} {last['verify decryption']:>11.1f}   wall", flush=True)
        cpu = f"{CPU['mix']:>9.1f} {CPU['verify mix']:>11.1f} {CPU['decrypt']:>9.1f}"
        print(f"{'':>9} {cpu} {CPU['verify decryption']:>11.1f}   CPU (all processes)", flush=True)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    n = sizes[-1]
    scale = PARTY / n
    per_trustee = (last["mix"] + last["decrypt"]) * scale
    # every ballot's proof, on the same processes (measured on one, divided by their number: the checks
    # are independent), then each of the quorum's shuffles and partial decryptions
    ballots_checked = verify_ms / 1e3 * n / max(1, args.workers)
    verifying = (ballots_checked + QUORUM * (last["verify mix"] + last["verify decryption"])) * scale
    print(f"\nextrapolated linearly from {n:,} to {PARTY:,} ranked ballots ({WIDTH} ranks), quorum {QUORUM}:")
    print(f"  each trustee mixes and decrypts in {per_trustee / 60:.1f} min;", end=" ")
    print(f"a verifier checks it all in {verifying / 60:.1f} min")
    idle_trustee = (CPU["mix"] + CPU["decrypt"]) * scale / max(1, args.workers)
    idle_verify = (verify_ms / 1e3 * n + QUORUM * (CPU["verify mix"] + CPU["verify decryption"])) * scale
    idle_verify /= max(1, args.workers)
    print(f"  on an idle machine (CPU seconds over {args.workers} processes): each trustee", end=" ")
    print(f"{idle_trustee / 60:.1f} min, a verifier {idle_verify / 60:.1f} min")
    goal(f"600,000 ranked ballots, one trustee's mix and decryption (extrapolated from {n:,})", per_trustee, 3600)
    goal(f"600,000 ranked ballots verified (extrapolated from {n:,})", verifying, 3600)

    made, checked = whole_election(1000)
    print(f"\n1,000 ranked ballots: simulated in {made:.1f} s, verified in {checked:.1f} s")
    goal("1,000 ranked ballots simulated and verified", made + checked, 60)


if __name__ == "__main__":
    main()
