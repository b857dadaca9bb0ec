"""Scottish Parliament 2016: the shipped tables, their sources and the declared result.

``sp2016`` ships in ``hustings/analysis/data`` as converted from the assembled
tables in ``tests/data/scotland/sp2016`` (sources per row, provenance in its
README): the party abbreviations of the sources become the 2011 files' names.
Checks: the shipped tables are exactly that conversion; the votes add up to the
published national totals; the statutory AMS count gives each region's declared
seats and the national 63/31/24/6/5.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from hustings.analysis import analyse, load

DATA = Path(__file__).resolve().parents[1] / "data" / "scotland" / "sp2016"

# The sources' labels -> the shipped names (the 2011 files' style); others unchanged.
NAMES = {
    "Lab": "Labour",
    "Con": "Conservative",
    "Lib Dem": "Liberal Democrat",
    "UKIP": "UK Independence Party",
    "SCP": "Scottish Christian Party",
    "SLP": "Scottish Libertarian Party",
    "TUSC": "Trade Unionist and Socialist Coalition",
    "CSSInd": "Clydesdale and South Scotland Independent",
    "WEP": "Women's Equality Party",
    "Animal": "Animal Welfare Party",
    "UP": "Unionist Party",
    "NF": "National Front",
    "Communist": "Communist Party of Britain",
}

# Declared totals per region (constituency + list), 2016.
REGION_TOTALS = {
    "Central Scotland": {"SNP": 9, "Labour": 4, "Conservative": 3},
    "Glasgow": {"SNP": 9, "Labour": 4, "Conservative": 2, "Green": 1},
    "Highlands and Islands": {"SNP": 7, "Conservative": 3, "Liberal Democrat": 2, "Labour": 2, "Green": 1},
    "Lothians": {"SNP": 6, "Conservative": 4, "Labour": 3, "Green": 2, "Liberal Democrat": 1},
    "Mid Scotland and Fife": {"SNP": 8, "Conservative": 4, "Labour": 2, "Liberal Democrat": 1, "Green": 1},
    "North East Scotland": {"SNP": 9, "Conservative": 5, "Labour": 2, "Liberal Democrat": 1},
    "South of Scotland": {"SNP": 7, "Conservative": 6, "Labour": 3},
    "West of Scotland": {"SNP": 8, "Labour": 4, "Conservative": 4, "Green": 1},
}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _shipped(table: str) -> list[dict[str, str]]:
    path = resources.files("hustings.analysis").joinpath("data", f"sp2016_{table}.csv")
    return _rows(path.read_text(encoding="utf-8"))


def _assembled(table: str) -> list[dict[str, str]]:
    return _rows((DATA / f"{table}.csv").read_text(encoding="utf-8"))


@pytest.mark.parametrize("table", ["constituency_candidates", "regional_list"])
def test_the_shipped_tables_are_the_assembled_ones_with_names_for_abbreviations(table: str) -> None:
    shipped = _shipped(table)
    expected = []
    for row in _assembled(table):
        row = {k: v for k, v in row.items() if k != "source"}
        row["party"] = NAMES.get(row["party"], row["party"])
        expected.append(row)
    assert shipped == expected


def test_every_region_and_constituency_is_there() -> None:
    e = load("sp2016")
    assert Counter(k.region for k in e.constituencies) == {
        "Central Scotland": 9,
        "Glasgow": 9,
        "Highlands and Islands": 8,
        "Lothians": 9,
        "Mid Scotland and Fife": 9,
        "North East Scotland": 10,
        "South of Scotland": 9,
        "West of Scotland": 10,
    }
    assert set(e.list_votes) == set(REGION_TOTALS)
    assert all(sum(e.official_list_seats[r].values()) == 7 for r in REGION_TOTALS)


def test_constituency_votes_add_up_to_the_published_national_totals() -> None:
    votes: Counter[str] = Counter()
    for r in _shipped("constituency_candidates"):
        votes[r["party"]] += int(r["votes"])
    # Published national constituency votes; SNP as the BBC's seat results add up (see the README).
    assert votes["SNP"] == 1_059_897
    assert votes["Labour"] == 514_261
    assert votes["Conservative"] == 501_844
    assert votes["Liberal Democrat"] == 178_238
    assert votes["Green"] == 13_172


def test_list_votes_add_up_to_the_published_national_totals() -> None:
    votes: Counter[str] = Counter()
    for r in _shipped("regional_list"):
        votes[r["party"]] += int(r["list_votes"])
    assert votes["SNP"] == 953_587
    assert votes["Conservative"] == 524_222
    assert votes["Labour"] == 435_919
    assert votes["Green"] == 150_426
    assert votes["Liberal Democrat"] == 119_284
    assert sum(votes.values()) == 2_285_752


@pytest.mark.parametrize("region", sorted(REGION_TOTALS))
def test_ams_gives_each_region_its_declared_seats(region: str) -> None:
    table = analyse("sp2016", "ams")
    assert {p: n for p, n in table.by_region[region].items() if n} == REGION_TOTALS[region]


def test_ams_gives_the_declared_national_result() -> None:
    table = analyse("sp2016", "ams")
    assert {p: n for p, n in table.seats.items() if n} == {
        "SNP": 63,
        "Conservative": 31,
        "Labour": 24,
        "Green": 6,
        "Liberal Democrat": 5,
    }


def test_constituency_winners_agree_with_the_declared_seats() -> None:
    seats: dict[str, list[dict[str, str]]] = {}
    for r in _shipped("constituency_candidates"):
        seats.setdefault(r["constituency"], []).append(r)
    assert len(seats) == 73
    winners = Counter(max(cands, key=lambda r: int(r["votes"]))["party"] for cands in seats.values())
    assert winners == {"SNP": 59, "Conservative": 7, "Liberal Democrat": 4, "Labour": 3}
    assert all(sum(r["elected"] == "1" for r in cands) == 1 for cands in seats.values())
