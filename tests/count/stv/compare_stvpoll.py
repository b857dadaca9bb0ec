"""Compare ``scottish-stv`` with stvpoll's Scottish STV on every Scottish contest.

Run: ``python tests/count/stv/compare_stvpoll.py`` (needs ``stvpoll``, in the
``dev`` extra).  Prints one JSON object: how many contests elect the same
candidates, how many agree on every stage's totals (to 0.001 of a vote:
stvpoll rounds each paper's multiplier half-even to five places where rule
48(3) truncates each paper's value, so equal totals to the last place are not
expected), and for each disagreement whether the contest has two or more
surpluses pending at once.  stvpoll transfers all the surpluses of one stage
in a single round and lets a paper pass to a candidate deemed elected whose
surplus is still queued; SSI 2007/42 gives a paper only to a *continuing*
candidate ("next available preference") and transfers one surplus per stage
(rule 49(1)).  The summary is kept in ``tests/data/scotland/COMPARISON.md``.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from stvpoll.scottish_stv import calculate_scottish_stv

from hustings.count.stv import scottish
from hustings.formats import blt

DATA = Path(__file__).parents[2] / "data" / "scotland" / "blt"
TOLERANCE = Decimal("0.001")


def compare(path: Path) -> dict[str, object]:
    profile = blt.read(path)
    seats = profile.seats or 1
    ours = scottish.count(profile, scottish.Options(seats=seats))
    ballots = [(tuple(next(iter(rank)) for rank in ranking), w) for ranking, w in profile.ballots.items()]
    theirs = calculate_scottish_stv(profile.candidates, ballots, seats, allow_random=False, random_shuffle=False)
    their_rounds = theirs.as_dict()["rounds"]
    # stvpoll records the totals at each decision; ours are the stages with an action.
    our_stages = [r for r in ours.rounds if r.actions]
    same_shape = len(our_stages) == len(their_rounds)
    largest_gap = (
        max(
            abs(Decimal(str(v)) - r.tally[c])
            for r, t in zip(our_stages, their_rounds, strict=True)
            for c, v in t["vote_count"].items()
        )
        if same_shape
        else None
    )
    stages_agree = largest_gap is not None and largest_gap <= TOLERANCE
    pending: set[str] = set()
    pending_at_once = False
    for r in ours.rounds:
        pending |= {c for c in r.elected if r.tally[c] > (ours.quota or 0)}
        for a in r.actions:
            if a.kind == "surplus":
                pending_at_once = pending_at_once or len(pending) > 1
                pending.discard(a.candidate)
    return {
        "contest": path.name,
        "winners_agree": set(theirs) == set(ours.elected),
        "stages_agree": stages_agree,
        "largest_gap": None if largest_gap is None else str(largest_gap),
        "surpluses_pending_at_once": pending_at_once,
        "ours": list(ours.elected),
        "stvpoll": list(theirs),
    }


def main() -> int:
    rows = [compare(p) for p in sorted(DATA.glob("*.blt"))]
    summary = {
        "contests": len(rows),
        "winners_agree": sum(bool(r["winners_agree"]) for r in rows),
        "stages_agree": sum(bool(r["stages_agree"]) for r in rows),
        "contests_with_surpluses_pending_at_once": sum(bool(r["surpluses_pending_at_once"]) for r in rows),
        "winner_disagreements": [r for r in rows if not r["winners_agree"]],
        "same_stages_within_0.05": sum(
            1 for r in rows if r["largest_gap"] is not None and Decimal(str(r["largest_gap"])) <= Decimal("0.05")
        ),
        "stage_disagreements_without_pending_surpluses": [
            (r["contest"], r["largest_gap"])
            for r in rows
            if not r["stages_agree"] and not r["surpluses_pending_at_once"]
        ],
    }
    json.dump(summary, sys.stdout, indent=1, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
