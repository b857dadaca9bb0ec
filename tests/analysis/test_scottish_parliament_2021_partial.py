"""Scottish Parliament 2021, the four regions whose every list could be found.

``tests/data/scotland/sp2021`` (provenance in its README) has the list votes of
Central Scotland, Highlands and Islands, Mid Scotland and Fife and North East
Scotland, and only two of the 73 constituency results, so ``sp2021`` is not
shipped.  For each region the statutory count (D'Hondt with each party's
declared constituency seats in the divisor, individual candidates capped at one
seat) must give the declared list seats, and the votes must give the shares the
sources print; the constituency results must give the winners and majorities
their declarations state.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest

from hustings.count.apportion.compensatory import ams_region

DATA = Path(__file__).resolve().parents[1] / "data" / "scotland" / "sp2021"
INDIVIDUALS = {
    "Andy Wightman",
    "Hazel Mansfield",
    "Laura Marshall",
    "Geoffrey Alexander Farquharson",
    "Paddy S Hogg",
    "Keatings",
    "Kamanja",
}
# Shares as printed by the sources (democraticdashboard.com; BBC region page; the North East
# declaration to 0.01%).
SHARES = {
    "Central Scotland": {"SNP": "45.3", "Labour": "23.7", "Conservative": "18.3", "Green": "6.0"},
    "Highlands and Islands": {"SNP": "40.4", "Conservative": "25.4", "Labour": "9.5", "Alba": "1.6"},
    "North East Scotland": {"SNP": "40.93", "Conservative": "30.59", "Labour": "11.36", "Renew": "0.03"},
}
# Every region whose lists are all here (Mid Scotland and Fife: The Courier prints votes, no shares).
REGIONS = sorted([*SHARES, "Mid Scotland and Fife"])
# Declared list seats by party, as the sources name the elected members.
DECLARED = {
    "Central Scotland": {"Labour": 3, "Conservative": 3, "Green": 1},
    "Highlands and Islands": {"Conservative": 4, "SNP": 1, "Labour": 1, "Green": 1},
    "Mid Scotland and Fife": {"Conservative": 4, "Labour": 2, "Green": 1},
    "North East Scotland": {"Conservative": 4, "Labour": 2, "Green": 1},
}
# (winner, majority) as the declarations or their reports state them.
MAJORITIES = {
    "Dumfriesshire": ("Oliver Mundell", 4066),
    "Galloway & West Dumfries": ("Finlay Carson", 2635),
    "Na h-Eileanan an Iar": ("Alasdair James Allan", 3441),
    "East Lothian": ("Paul McLennan", 1179),
    "Midlothian South, Tweeddale & Lauderdale": ("Christine Grahame", 6826),
    "Perthshire North": ("John Swinney", 4053),
    "Aberdeenshire West": ("Alexander Burnett", 3390),
    "Eastwood": ("Jackson Carlaw", 2216),
}
# Candidates' shares as the E&L Advertiser (Dumfriesshire, Ettrick) and Brig (Stirling) print them.
CONSTITUENCY_SHARES = {
    "Dumfriesshire": {
        "Oliver Mundell": "47.7",
        "Joan McAlpine": "37.7",
        "Colin Smyth": "11.4",
        "Richard John Brodie": "3.2",
    },
    "Ettrick, Roxburgh & Berwickshire": {
        "Rachael Hamilton": "51.5",
        "Paul Wheelhouse": "32.5",
        "Jenny Marr": "6.5",
        "Ian Davidson": "5.7",
        "Barbra Harvie": "3.0",
        "Jesse Rae": "0.8",
    },
    "Stirling": {"Evelyn Tweed": "48.6", "Dean Lockhart": "31.8", "Chris Kane": "16.0", "Fayzan Rehman": "3.6"},
}


def _region(region: str) -> list[dict[str, str]]:
    with (DATA / "regional_list.csv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["region"] == region]


@pytest.mark.parametrize("region", REGIONS)
def test_the_statutory_count_gives_the_declared_list_seats(region: str) -> None:
    rows = _region(region)
    votes = {r["party"]: int(r["list_votes"]) for r in rows}
    won = {r["party"]: int(r["constituency_seats_won"]) for r in rows if r["constituency_seats_won"] != "0"}
    result = ams_region(votes, won, 7, caps={p: 1 for p in INDIVIDUALS if p in votes})
    declared = {r["party"]: int(r["list_seats_won"]) for r in rows if r["list_seats_won"] != "0"}
    assert declared == DECLARED[region]
    assert {p: n for p, n in result.seats.items() if n} == declared
    assert not result.ties


# Constituencies per region (the 2011 boundaries, also used in 2016 and 2021).
CONSTITUENCIES = {
    "Central Scotland": 9,
    "Highlands and Islands": 8,
    "Mid Scotland and Fife": 9,
    "North East Scotland": 10,
}


@pytest.mark.parametrize("region", REGIONS)
def test_each_region_fills_every_constituency_and_seven_list_seats(region: str) -> None:
    """Every constituency seat is won by a list party, and seven list seats are filled."""
    rows = _region(region)
    assert sum(int(r["constituency_seats_won"]) for r in rows) == CONSTITUENCIES[region]
    assert sum(int(r["list_seats_won"]) for r in rows) == 7


def _constituency(constituency: str) -> list[dict[str, str]]:
    with (DATA / "constituency_candidates.csv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["constituency"] == constituency]


@pytest.mark.parametrize("constituency", sorted(MAJORITIES))
def test_the_constituency_results_give_the_declared_winner_and_majority(constituency: str) -> None:
    rows = _constituency(constituency)
    ranked = sorted(rows, key=lambda r: -int(r["votes"]))
    winner, majority = MAJORITIES[constituency]
    assert [r["candidate"] for r in rows if r["elected"] == "1"] == [winner] == [ranked[0]["candidate"]]
    assert int(ranked[0]["votes"]) - int(ranked[1]["votes"]) == majority


@pytest.mark.parametrize("region", sorted(SHARES))
def test_the_votes_give_the_shares_the_sources_print(region: str) -> None:
    rows = _region(region)
    votes = {r["party"]: int(r["list_votes"]) for r in rows}
    total = sum(votes.values())
    for party, printed in SHARES[region].items():
        places = len(printed.split(".")[1])
        assert round(Fraction(100 * votes[party], total), places) == Fraction(printed), party


@pytest.mark.parametrize("constituency", sorted(CONSTITUENCY_SHARES))
def test_the_constituency_votes_give_the_printed_shares(constituency: str) -> None:
    votes = {r["candidate"]: int(r["votes"]) for r in _constituency(constituency)}
    assert set(votes) == set(CONSTITUENCY_SHARES[constituency])
    total = sum(votes.values())
    for candidate, printed in CONSTITUENCY_SHARES[constituency].items():
        assert round(Fraction(100 * votes[candidate], total), 1) == Fraction(printed), candidate


# Valid votes as the declarations give them: votes cast less rejected papers, or the printed total.
VALID_VOTES = {"Na h-Eileanan an Iar": 14593 - 86, "Argyll & Bute": 33728 - 165, "Aberdeen Donside": 35909}


@pytest.mark.parametrize("constituency", sorted(VALID_VOTES))
def test_the_votes_add_up_to_the_declared_valid_votes(constituency: str) -> None:
    assert sum(int(r["votes"]) for r in _constituency(constituency)) == VALID_VOTES[constituency]


def test_every_constituency_elects_its_top_candidate_and_only_them() -> None:
    with (DATA / "constituency_candidates.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for constituency in {r["constituency"] for r in rows}:
        here = [r for r in rows if r["constituency"] == constituency]
        top = max(here, key=lambda r: int(r["votes"]))
        assert [r["candidate"] for r in here if r["elected"] == "1"] == [top["candidate"]], constituency


def test_the_constituency_winners_agree_with_the_regions_constituency_seats() -> None:
    """No party wins more constituencies here than its region's declared constituency seats."""
    with (DATA / "constituency_candidates.csv").open(encoding="utf-8") as f:
        winners = [r for r in csv.DictReader(f) if r["elected"] == "1"]
    checked = 0
    for region in REGIONS:
        declared = {r["party"]: int(r["constituency_seats_won"]) for r in _region(region)}
        for party in {w["party"] for w in winners if w["region"] == region}:
            won = sum(1 for w in winners if w["region"] == region and w["party"] == party)
            assert won <= declared.get(party, 0), (region, party)
            checked += 1
    assert checked >= 4
