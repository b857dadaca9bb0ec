"""``hustings e2e simulate``: a whole end-to-end verifiable election in one process.

``hustings e2e simulate --voters N --candidates K --method M [--seats S] --trustees T --quorum Q
--seed X -o DIR`` runs the key ceremony, N voters encrypting random rankings with their proofs,
T−Q trustees absent, the mix-net (or, for plurality, the homomorphic tally), threshold decryption
and the count (`hustings.e2e.simulate`). It writes ``DIR/board.json``, exactly what a real
election publishes, and ``DIR/cast.blt``, what the simulated voters cast (for tests only: a real
election has no such file). ``hustings verify DIR/board.json`` then verifies, and its result is
``hustings count DIR/cast.blt`` with the same method and seats. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "e2e",
        help="end-to-end verifiable ballots: simulate a whole election",
        description="End-to-end verifiable ballots (docs/e2e.md).",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    sim = actions.add_parser(
        "simulate",
        help="run a whole election in one process and write its board",
        description="Run a whole end-to-end verifiable election in one process: key ceremony, encrypted "
        "ballots, absent trustees, mixing or homomorphic tally, decryption and count. Writes DIR/board.json "
        "and DIR/cast.blt.",
    )
    sim.add_argument("--voters", type=int, required=True)
    sim.add_argument("--candidates", type=int, required=True)
    sim.add_argument("--method", "-m", required=True, help="plurality (homomorphic), or any ranked method")
    sim.add_argument("--seats", "-s", type=int, default=1)
    sim.add_argument("--trustees", type=int, required=True)
    sim.add_argument("--quorum", type=int, required=True)
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--audits", type=int, default=2, help="voters who challenge one encryption first (default 2)")
    sim.add_argument("--workers", type=int, default=1, help="processes for mixing (default 1)")
    sim.add_argument("--output", "-o", metavar="DIR", type=Path, required=True)
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli.main import UsageError
    from hustings.e2e.simulate import Settings, check, simulate
    from hustings.formats import blt

    settings = Settings(
        voters=args.voters,
        candidates=args.candidates,
        method=args.method,
        seats=args.seats,
        trustees=args.trustees,
        quorum=args.quorum,
        seed=args.seed,
        audits=min(args.audits, args.voters),
        workers=max(1, args.workers),
    )
    try:
        check(settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    args.output.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()

    def progress(text: str) -> None:
        print(f"[{time.perf_counter() - start:7.1f} s] {text}", file=sys.stderr, flush=True)

    outcome = simulate(settings, progress)
    (args.output / "board.json").write_text(json.dumps(outcome.board, ensure_ascii=False), encoding="utf-8")
    (args.output / "cast.blt").write_text(blt.dumps(outcome.cast), encoding="utf-8")
    print(f"wrote {args.output / 'board.json'} and {args.output / 'cast.blt'}")
    return 0
