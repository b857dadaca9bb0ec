"""Scottish Parliament 2007, 2011 and 2016: the statutory AMS count reproduces every region."""

from __future__ import annotations

from collections import Counter

import pytest

from hustings.analysis import analyse, load
from hustings.analysis.systems import official_list_seats_reproduced

# Declared totals (constituency + list): Scottish Parliament results 2007, 2011 and 2016.
TOTALS = {
    "sp2007": {"SNP": 47, "LAB": 46, "CON": 17, "LD": 16, "GRN": 2, "IND_0": 1},
    "sp2011": {"SNP": 69, "Labour": 37, "Conservative": 15, "Liberal Democrat": 5, "Green": 2, "MacDonald": 1},
    "sp2016": {"SNP": 63, "Conservative": 31, "Labour": 24, "Green": 6, "Liberal Democrat": 5},
}


@pytest.mark.parametrize("election", sorted(TOTALS))
def test_ams_reproduces_the_declared_list_seats_in_every_region(election: str) -> None:
    e = load(election)
    table = analyse(e, "ams")
    assert len(e.official_list_seats) == 8
    for region, declared in e.official_list_seats.items():
        constituency = Counter(k.winner.unit for k in e.constituencies if k.region == region)
        got = {p: n - constituency.get(p, 0) for p, n in table.by_region[region].items()}
        assert {p: n for p, n in got.items() if n} == {p: n for p, n in declared.items() if n}, region
    assert all(official_list_seats_reproduced(e).values())


@pytest.mark.parametrize("election", sorted(TOTALS))
def test_ams_reproduces_the_declared_party_totals(election: str) -> None:
    table = analyse(election, "ams")
    assert {p: n for p, n in table.seats.items() if n} == TOTALS[election]
    assert table.total_seats == 129
    assert not table.ties


def test_constituency_winners_agree_with_the_declared_constituency_seats() -> None:
    for name in TOTALS:
        e = load(name)
        assert len(e.constituencies) == 73
        assert all(k.winner.votes == max(c.votes for c in k.candidates) for k in e.constituencies)
