"""Hustings' ``scottish-stv`` against two independent counters, every stage of all 747 Scottish contests.

Droop (Jonathan Lundell; ``scotland`` rule, fixed-point to 5 places) and
OpenSTV 1.7 (Jeffrey O'Neill; ``ScottishSTV``, "validated against the eSTV
program") each counted every file in ``tests/data/scotland/blt/`` under SSI
2007/42 Sch. 1 rules 45-52.  Their stage totals are in
``tests/data/scotland/droop_stages.json`` and ``openstv_stages.json``, written by
``droop_stages.py`` and ``openstv_stages.py`` beside them (which say how, and at
which commit).  Here each of Hustings' stages must hold exactly their figures,
candidate by candidate, to the fifth decimal place, with the same quota and
winners; the last column is Droop's non-transferable votes, and OpenSTV's
"exhausted" votes (non-transferable plus the votes lost to fractions).

One difference is set aside, as ``tests/data/scotland/COMPARISON.md`` explains:
where a candidate reaches exactly the quota, Droop spends a stage transferring a
surplus of 0.00000, which leaves every total as it was; rule 48(1) transfers
papers only where the votes "exceed the quota", so Hustings (and OpenSTV) has
no such stage.  Only a Droop stage identical to the one before it is dropped,
and the contests where that happens are named below, so a new one fails the test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from hustings.count.result import LOSS_BY_FRACTIONS, NON_TRANSFERABLE, Result, Round
from hustings.count.stv import scottish
from hustings.formats import blt

DATA = Path(__file__).parents[2] / "data" / "scotland"

# The contests in which a candidate reaches exactly the quota (COMPARISON.md).
DROOP_EMPTY_SURPLUS_STAGES = {
    "aberdeenshire_2022_ward3",
    "eilean_siar_2022_ward9",
    "glasgow_2012_ward1",
    "glasgow_2022_ward14",
    "glasgow_2022_ward8",
    "south_lanarkshire_2022_ward12",
}


def non_transferable(r: Round) -> Decimal:
    return Decimal(r.extra[NON_TRANSFERABLE])


def exhausted(r: Round) -> Decimal:
    return Decimal(r.extra[NON_TRANSFERABLE] + r.extra[LOSS_BY_FRACTIONS])


# counter: (its file, what its last column holds, its contests with empty stages)
COUNTERS: dict[str, tuple[str, Callable[[Round], Decimal], set[str]]] = {
    "droop": ("droop_stages.json", non_transferable, DROOP_EMPTY_SURPLUS_STAGES),
    "openstv": ("openstv_stages.json", exhausted, set()),
}


@cache
def published(counter: str) -> dict[str, dict[str, Any]]:
    with (DATA / COUNTERS[counter][0]).open(encoding="utf-8") as f:
        return json.load(f)


@cache
def hustings() -> dict[str, tuple[tuple[str, ...], Result]]:
    counts = {}
    for path in sorted((DATA / "blt").glob("*.blt")):
        profile = blt.read(path)
        counts[path.stem] = (profile.candidates, scottish.count(profile, scottish.Options(seats=profile.seats or 1)))
    return counts


def without_empty_stages(stages: list[list[Decimal]]) -> tuple[list[list[Decimal]], int]:
    """The stages with each one identical to the one before dropped, and how many were."""
    kept = stages[:1] + [row for before, row in pairwise(stages) if row != before]
    return kept, len(stages) - len(kept)


@pytest.mark.parametrize("counter", sorted(COUNTERS))
def test_the_counter_counted_every_contest(counter: str) -> None:
    assert sorted(published(counter)) == sorted(p.stem for p in (DATA / "blt").glob("*.blt"))
    assert len(published(counter)) == 747


@pytest.mark.parametrize("counter", sorted(COUNTERS))
def test_every_stage_of_every_contest_equals_the_counters_to_the_fifth_place(counter: str) -> None:
    _, last_column, expected_empty = COUNTERS[counter]
    failures: list[str] = []
    with_empty_stages = set()
    for contest, (candidates, result) in hustings().items():
        theirs = published(counter)[contest]
        stages, dropped = without_empty_stages([[Decimal(v) for v in row] for row in theirs["stages"]])
        if dropped:
            with_empty_stages.add(contest)
        ours = [[Decimal(r.tally[c]) for c in candidates] + [last_column(r)] for r in result.rounds]
        if Decimal(theirs["quota"]) != result.quota:
            failures.append(f"{contest}: quota {result.quota}, {counter} {theirs['quota']}")
        if {candidates[i - 1] for i in theirs["winners"]} != set(result.elected):
            failures.append(f"{contest}: elected {sorted(result.elected)}, {counter} {theirs['winners']}")
        if len(ours) != len(stages):
            failures.append(f"{contest}: {len(ours)} stages, {counter} {len(stages)}")
        for n, (a, b) in enumerate(zip(ours, stages, strict=False), start=1):
            if a != b:
                failures.append(f"{contest} stage {n}: {a} != {counter} {b}")
                break
    assert not failures, "\n".join(failures[:20])
    assert with_empty_stages == expected_empty
