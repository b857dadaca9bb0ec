"""Scottish Parliament 2021, the three regions whose every list could be found.

``tests/data/scotland/sp2021`` (provenance in its README) has the list votes of
Central Scotland, Highlands and Islands and North East Scotland, not the
constituency results, so
``sp2021`` is not shipped.  For each region the statutory count (D'Hondt with
each party's declared constituency seats in the divisor, individual candidates
capped at one seat) must give the declared list seats, and the votes must give
the shares the sources print.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest

from hustings.count.apportion.compensatory import ams_region

DATA = Path(__file__).resolve().parents[1] / "data" / "scotland" / "sp2021"
INDIVIDUALS = {"Andy Wightman", "Hazel Mansfield", "Laura Marshall", "Geoffrey Alexander Farquharson", "Paddy S Hogg"}
# Shares as printed by the sources (democraticdashboard.com; BBC region page; the North East
# declaration to 0.01%).
SHARES = {
    "Central Scotland": {"SNP": "45.3", "Labour": "23.7", "Conservative": "18.3", "Green": "6.0"},
    "Highlands and Islands": {"SNP": "40.4", "Conservative": "25.4", "Labour": "9.5", "Alba": "1.6"},
    "North East Scotland": {"SNP": "40.93", "Conservative": "30.59", "Labour": "11.36", "Renew": "0.03"},
}


def _region(region: str) -> list[dict[str, str]]:
    with (DATA / "regional_list.csv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["region"] == region]


@pytest.mark.parametrize("region", sorted(SHARES))
def test_the_statutory_count_gives_the_declared_list_seats(region: str) -> None:
    rows = _region(region)
    votes = {r["party"]: int(r["list_votes"]) for r in rows}
    won = {r["party"]: int(r["constituency_seats_won"]) for r in rows if r["constituency_seats_won"] != "0"}
    result = ams_region(votes, won, 7, caps={p: 1 for p in INDIVIDUALS if p in votes})
    declared = {r["party"]: int(r["list_seats_won"]) for r in rows if r["list_seats_won"] != "0"}
    assert {p: n for p, n in result.seats.items() if n} == declared
    assert not result.ties


@pytest.mark.parametrize("region", sorted(SHARES))
def test_the_votes_give_the_shares_the_sources_print(region: str) -> None:
    rows = _region(region)
    votes = {r["party"]: int(r["list_votes"]) for r in rows}
    total = sum(votes.values())
    for party, printed in SHARES[region].items():
        places = len(printed.split(".")[1])
        assert round(Fraction(100 * votes[party], total), places) == Fraction(printed), party
