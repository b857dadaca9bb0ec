"""The ristretto255 group in the voter's browser: time of one scalar multiplication, one base-point
multiplication, one point decoding and one hash to a point in Chromium (the module
`static/e2e/group.js` over the vendored @noble/curves), against the same operations in libsodium
on the server (rbcl), with the ratio of the two; then the time to encrypt one whole ballot with its
proofs in Chromium (`static/e2e/ballot.js`) against the server's `hustings.e2e.ballots` (Python over
libsodium), for the ballot shapes of `BALLOTS`.

Debian's Chromium (/usr/bin/chromium, or HUSTINGS_CHROMIUM) runs headless through Playwright; the
static files are served to it from the source tree by Playwright itself, so no Django server is
needed. Each figure is the median over `--rounds` rounds of `--repeat` operations on fresh random
inputs; a ballot figure is the median over `--rounds` rounds of `--ballots` ballots (wall-clock
time on both sides). No goal is set here: the issue's goal is per ballot, measured by
benchmarks/e2e.py. Run:

    PYTHONPATH=src .venv/bin/python benchmarks/e2e_browser.py [--repeat 200] [--rounds 7] [--ballots 20]
"""

from __future__ import annotations

import argparse
import mimetypes
import os
import secrets
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import rbcl
from playwright.sync_api import Page, Route, sync_playwright

from hustings.e2e import group
from hustings.e2e.ballots import BallotSpec, encrypt_marks, encrypt_ranking

STATIC = Path(__file__).resolve().parent.parent / "src" / "hustings" / "web" / "static"
ORIGIN = "https://hustings.invalid"
CHROMIUM = os.environ.get("HUSTINGS_CHROMIUM", "/usr/bin/chromium")
L = 2**252 + 27742317777372353535851937790883648493

# Each operation runs `repeat` times on inputs made beforehand; returns milliseconds per operation.
TIMED = """async ({ operation, repeat }) => {
  const g = await import("/static/e2e/group.js");
  const ks = Array.from({ length: repeat }, () => g.randomScalar());
  const Ps = ks.map((k) => g.base(k + 1n));
  const hexes = Ps.map((P) => g.pointHex(P));
  const run = {
    mul: (i) => g.mul(ks[i], Ps[i]),
    base: (i) => g.base(ks[i]),
    decode: (i) => g.pointFromHex(hexes[i]),
    hashToPoint: (i) => g.hashToPoint("bench", [hexes[i], i]),
  }[operation];
  const start = performance.now();
  for (let i = 0; i < repeat; i++) run(i);
  return (performance.now() - start) / repeat;
}"""


# (kind, options K, width): single-choice marks ballots and full-width ranked ballots.
BALLOTS = (("ranked", 5, 5), ("ranked", 10, 10), ("marks", 2, 2), ("marks", 5, 5))

# Encrypts `count` ballots of `spec` (its JSON) with their proofs; returns milliseconds per ballot.
BALLOT_TIMED = """async ({ spec, key, count }) => {
  const b = await import("/static/e2e/ballot.js");
  const choice = (i) => spec.kind === "marks"
    ? Array.from({ length: spec.options }, (_, j) => (j === i % spec.options ? 1 : 0))
    : Array.from({ length: spec.width }, (_, j) => ((i + j) % spec.options) + 1);
  const encrypt = spec.kind === "marks" ? b.encryptMarks : b.encryptRanking;
  const start = performance.now();
  for (let i = 0; i < count; i++) encrypt(spec, key, choice(i));
  return (performance.now() - start) / count;
}"""


def _choice(spec: BallotSpec, i: int) -> list[int]:
    """The same votes as BALLOT_TIMED casts in the browser."""
    if spec.kind == "marks":
        return [1 if j == i % spec.options else 0 for j in range(spec.options)]
    return [(i + j) % spec.options + 1 for j in range(spec.width)]


def python_ballot_ms(spec: BallotSpec, key: bytes, count: int, rounds: int) -> float:
    encrypt = encrypt_marks if spec.kind == "marks" else encrypt_ranking
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for i in range(count):
            encrypt(spec, key, _choice(spec, i))
        times.append((time.perf_counter() - start) * 1000 / count)
    return statistics.median(times)


def browser_ballot_ms(page: Page, spec: BallotSpec, key: bytes, count: int, rounds: int) -> float:
    arg = {"spec": spec.to_json(), "key": key.hex(), "count": count}
    page.evaluate(BALLOT_TIMED, {**arg, "count": max(count // 5, 2)})  # warm up the JIT
    return statistics.median(page.evaluate(BALLOT_TIMED, arg) for _ in range(rounds))


def serve(route: Route) -> None:
    path = route.request.url.removeprefix(ORIGIN)
    if path.startswith("/static/"):
        file = STATIC / path.removeprefix("/static/")
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), content_type=content_type)
    else:
        route.fulfill(status=200, body="<!doctype html><title>bench</title>", content_type="text/html")


def browser_ms(page: Page, operation: str, repeat: int, rounds: int) -> float:
    page.evaluate(TIMED, {"operation": operation, "repeat": max(repeat // 10, 5)})  # warm up the JIT
    return statistics.median(page.evaluate(TIMED, {"operation": operation, "repeat": repeat}) for _ in range(rounds))


def libsodium_ms(operation: str, repeat: int, rounds: int) -> float:
    def scalar() -> bytes:
        return (secrets.randbelow(L - 1) + 1).to_bytes(32, "little")

    points = [rbcl.crypto_scalarmult_ristretto255_base(scalar()) for _ in range(repeat)]
    scalars = [scalar() for _ in range(repeat)]
    digests = [secrets.token_bytes(64) for _ in range(repeat)]
    run: Callable[[int], object] = {
        "mul": lambda i: rbcl.crypto_scalarmult_ristretto255(scalars[i], points[i]),
        "base": lambda i: rbcl.crypto_scalarmult_ristretto255_base(scalars[i]),
        "decode": lambda i: rbcl.crypto_core_ristretto255_is_valid_point(points[i]),
        "hashToPoint": lambda i: rbcl.crypto_core_ristretto255_from_hash(digests[i]),
    }[operation]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for i in range(repeat):
            run(i)
        times.append((time.perf_counter() - start) * 1000 / repeat)
    return statistics.median(times)


def ranked_ballot_ms(options: int, width: int, count: int = 20, rounds: int = 5) -> float:
    """Milliseconds to encrypt one ranked ballot in Chromium (benchmarks/e2e.py calls this)."""
    spec = BallotSpec("bench", "ranked", options, width)
    key = group.base(group.random_scalar())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.route(f"{ORIGIN}/**", serve)
        page.goto(f"{ORIGIN}/")
        try:
            return browser_ballot_ms(page, spec, key, count, rounds)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="operations per round (default 200)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds; the median is reported (default 7)")
    parser.add_argument("--ballots", type=int, default=20, help="ballots per round (default 20)")
    args = parser.parse_args()
    key = group.base(group.random_scalar())
    specs = [BallotSpec("bench", kind, options, width) for kind, options, width in BALLOTS]

    operations = {
        "mul": "scalar multiplication k*P",
        "base": "base-point multiplication k*B",
        "decode": "point decoding (validation)",
        "hashToPoint": "hash to a point (JS: with SHA-512)",
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.route(f"{ORIGIN}/**", serve)
        page.goto(f"{ORIGIN}/")
        version = browser.version
        rows = [
            (name, browser_ms(page, op, args.repeat, args.rounds), libsodium_ms(op, args.repeat, args.rounds))
            for op, name in operations.items()
        ]
        ballots = [(spec, browser_ballot_ms(page, spec, key, args.ballots, args.rounds)) for spec in specs]
        browser.close()

    print(f"ristretto255 in Chromium {version} (@noble/curves) and in libsodium (rbcl), median of {args.rounds}")
    print(f"rounds of {args.repeat} operations each")
    print(f"{'operation':<32} {'Chromium ms':>12} {'libsodium ms':>13} {'ratio':>7}")
    for name, browser_time, sodium_time in rows:
        print(f"{name:<32} {browser_time:12.3f} {sodium_time:13.4f} {browser_time / sodium_time:6.0f}x")
    print()
    print(f"encrypting one ballot with its proofs, median of {args.rounds} rounds of {args.ballots} ballots")
    print(f"{'ballot':<32} {'Chromium ms':>12} {'Python ms':>13} {'ratio':>7}")
    for spec, browser_time in ballots:
        python_time = python_ballot_ms(spec, key, args.ballots, args.rounds)
        name = f"{spec.kind} K={spec.options} width {spec.width}"
        print(f"{name:<32} {browser_time:12.2f} {python_time:13.2f} {browser_time / python_time:6.1f}x")


if __name__ == "__main__":
    main()
