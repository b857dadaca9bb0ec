"""Every contested Scottish council ward of 2012 and 2022 (with Glasgow 2007 and by-elections), counted.

The data and its provenance: ``tests/data/scotland/README.md``.  For each of
the 747 contests the count must, at every stage, account for the whole valid
poll (candidates' votes + non-transferable + loss by fractions), never credit
a candidate more than the quota after their surplus has gone, and fill every
seat.  Agreement with independent counters is recorded in
``tests/data/scotland/COMPARISON.md``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

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


# Declared stage totals, as tabulated to one decimal place (first stage whole) in the
# Wikipedia ward articles, which cite the councils' published results; a candidate's
# row stops when they are elected or excluded.
DECLARED = {
    # Stirling Council, Trossachs and Teith, 3 May 2012: valid 4,243, quota 1,061.
    # https://wikimili.com/en/Trossachs_and_Teith_%28ward%29
    "stirling_2012_ward1.blt": (
        4243,
        1061,
        {
            "Martin EARL (Con)": ["1285"],
            "Alycia HAYES (SNP)": ["1008", "1027.2", "1054.1", "1109.6"],
            "Fergus WOOD (SNP)": ["903", "925.7", "947.3", "984.3", "1023.6", "1283.2"],
            "Gerry MCGARVEY (Lab)": ["672", "690.3", "732.5", "804.1", "808.1"],
            "Jack BLACK (Ind)": ["222", "260.2", "307.7"],
            "Galen MILNE (LD)": ["153", "199.9"],
        },
        {"Martin EARL (Con)", "Alycia HAYES (SNP)", "Fergus WOOD (SNP)"},
    ),
    # Highland Council, Inverness Ness-side, 5 May 2022: valid 4,346, quota 1,087.
    # https://wikimili.com/en/Inverness_Ness-side_(ward) -- the contest stvpoll gives to Ric Scott.
    "highland_2022_inverness_ness_side.blt": (
        4346,
        1087,
        {
            'Alasdair CHRISTIE "Scottish Liberal Democrat Focus Team"': ["1934"],
            'Jackie HENDRY "Scottish National Party (SNP)"': ["1270"],
            'Ric SCOTT "Scottish Conservative and Unionist"': ["379", "562.1", "564.1", "567.0", "574.5", "672.0"],
            'Andrew MACKINTOSH "Scottish Labour Party"': ["276", "453.4", "482.0", "490.3", "606.5", "782.4", "1016.3"],
            'Ron MACWILLIAM "Independent"': ["243", "404.2", "424.8", "431.6", "532.7"],
            'Claire MACLEAN "Scottish Greens - Delivering For Our Community"': ["226", "320.2", "405.5", "410.5"],
            'Calum Mark LIPTROT "Scottish Libertarian Party"': ["18", "29.8", "33.3"],
        },
        {
            'Alasdair CHRISTIE "Scottish Liberal Democrat Focus Team"',
            'Jackie HENDRY "Scottish National Party (SNP)"',
            'Andrew MACKINTOSH "Scottish Labour Party"',
        },
    ),
}


@pytest.mark.parametrize("contest", sorted(DECLARED))
def test_declared_stage_totals_are_reproduced(contest: str) -> None:
    valid, quota, stages, elected = DECLARED[contest]
    profile = blt.read(DATA / contest)
    result = scottish.count(profile, scottish.Options(seats=profile.seats or 1))
    assert (result.total, result.quota) == (valid, quota)
    assert set(result.elected) == elected
    for name, published in stages.items():
        ours = []
        for figure, r in zip(published, result.rounds, strict=False):
            places = Decimal("0.1") if "." in figure else Decimal(1)
            ours.append(str(Decimal(r.tally[name]).quantize(places, rounding=ROUND_HALF_UP)))
        assert ours == published, name
