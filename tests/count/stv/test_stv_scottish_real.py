"""Every contested Scottish council ward of 2012 and 2022 (with Glasgow 2007 and by-elections), counted.

The data and its provenance: ``tests/data/scotland/README.md``.  For each of
the 747 contests the count must, at every stage, account for the whole valid
poll (candidates' votes + non-transferable + loss by fractions), never credit
a candidate more than the quota after their surplus has gone, and fill every
seat.  Agreement with independent counters is recorded in
``tests/data/scotland/COMPARISON.md``.
"""

from __future__ import annotations

from pathlib import Path

from hustings.count.result import LOSS_BY_FRACTIONS, NON_TRANSFERABLE
from hustings.count.stv import scottish
from hustings.formats import blt

DATA = Path(__file__).parents[2] / "data" / "scotland" / "blt"


def test_all_747_contests_are_present() -> None:
    assert len(list(DATA.glob("*.blt"))) == 747


def test_every_contest_conserves_the_valid_poll_at_every_stage_and_fills_its_seats() -> None:
    failures: list[str] = []
    for path in sorted(DATA.glob("*.blt")):
        profile = blt.read(path)
        assert profile.seats is not None
        result = scottish.count(profile, scottish.Options(seats=profile.seats))
        valid = result.total
        assert isinstance(valid, int)
        if result.quota != valid // (profile.seats + 1) + 1:
            failures.append(f"{path.name}: quota {result.quota}")
        if len(result.elected) != profile.seats or len(set(result.elected)) != profile.seats:
            failures.append(f"{path.name}: elected {len(result.elected)} of {profile.seats}")
        transferred: set[str] = set()
        for r in result.rounds:
            held = sum(r.tally.values()) + r.extra[NON_TRANSFERABLE] + r.extra[LOSS_BY_FRACTIONS]
            if held != valid:
                failures.append(f"{path.name} stage {r.number}: {held} != valid poll {valid}")
            for c in transferred:
                if r.tally[c] != result.quota:
                    failures.append(f"{path.name} stage {r.number}: {c} holds {r.tally[c]} after their surplus")
            transferred |= {a.candidate for a in r.actions if a.kind == "surplus"}
    assert not failures, "\n".join(failures[:20])
