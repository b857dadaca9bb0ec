"""European Parliament 2019 in Great Britain: the shipped table, its sources and the declared result.

``ep2019`` ships in ``hustings/analysis/data/ep2019_regional_list.csv`` as the assembled table in
``tests/data/european/ep2019`` without its ``source`` column (provenance in its README). Checks:
the shipped table is exactly that; every region elects its statutory seats; D'Hondt in each region
gives the declared seats there and the declared 29/16/10/7/4/3/1; the votes add up to the totals a
second source publishes; the systems that need constituencies are refused in one line.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import pytest

from hustings.analysis import analyse, load
from hustings.analysis.query import QueryError, read
from hustings.analysis.systems import LIST_PR_SYSTEMS, SystemNotOffered, systems_for

DATA = Path(__file__).resolve().parents[1] / "data" / "european" / "ep2019"

# Declared MEPs per region (electionpolling.co.uk/results/2019ep; BBC and council declarations).
DECLARED = {
    "North East": {"The Brexit Party": 2, "Labour": 1},
    "North West": {"The Brexit Party": 3, "Labour": 2, "Liberal Democrat": 2, "Green Party": 1},
    "Yorkshire and The Humber": {"The Brexit Party": 3, "Labour": 1, "Liberal Democrat": 1, "Green Party": 1},
    "East Midlands": {"The Brexit Party": 3, "Liberal Democrat": 1, "Labour": 1},
    "West Midlands": {"The Brexit Party": 3, "Labour": 1, "Liberal Democrat": 1, "Green Party": 1, "Conservative": 1},
    "East of England": {"The Brexit Party": 3, "Liberal Democrat": 2, "Green Party": 1, "Conservative": 1},
    "London": {"Liberal Democrat": 3, "Labour": 2, "The Brexit Party": 2, "Green Party": 1},
    "South East": {"The Brexit Party": 4, "Liberal Democrat": 3, "Green Party": 1, "Conservative": 1, "Labour": 1},
    "South West": {"The Brexit Party": 3, "Liberal Democrat": 2, "Green Party": 1},
    "Scotland": {"Scottish National Party": 3, "The Brexit Party": 1, "Liberal Democrat": 1, "Conservative": 1},
    "Wales": {"The Brexit Party": 2, "Plaid Cymru": 1, "Labour": 1},
}

# Great Britain's votes as published (electionpolling.co.uk; the BBC's UK figures add Northern
# Ireland's 662 Conservative and 12,471 Green votes). Green includes the Scottish Greens.
PUBLISHED_VOTES = {
    "The Brexit Party": 5_248_533,
    "Liberal Democrat": 3_367_284,
    "Labour": 2_347_255,
    "Green": 2_010_909,
    "Conservative": 1_511_485,
    "Scottish National Party": 594_553,
    "Change UK": 571_846,
    "UK Independence Party": 549_348,
    "Plaid Cymru": 163_928,
}

# Valid votes per region as published (electionpolling.co.uk "Turnout" rows).
PUBLISHED_REGION_TOTALS = {
    "South East": 2_538_945,
    "London": 2_241_681,
    "East of England": 1_598_455,
    "South West": 1_666_629,
}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_shipped_table_is_the_assembled_one_without_sources() -> None:
    shipped = resources.files("hustings.analysis").joinpath("data", "ep2019_regional_list.csv")
    assembled = _rows((DATA / "regional_list.csv").read_text(encoding="utf-8"))
    assert _rows(shipped.read_text(encoding="utf-8")) == [
        {k: v for k, v in row.items() if k != "source"} for row in assembled
    ]
    assert {row["source"] for row in assembled} <= {"sapor", "bcp", "bbc", "recalled"}


def test_eleven_regions_elect_seventy_members_and_northern_ireland_is_left_out() -> None:
    e = load("ep2019")
    assert e.is_list_pr and not e.is_ams and not e.constituencies
    assert e.seats == 70 and len(e.region_seats) == 11
    assert set(e.list_votes) == set(DECLARED)
    assert {r: sum(d.values()) for r, d in DECLARED.items()} == dict(e.region_seats)
    assert any("Northern Ireland" in note for note in e.notes)


def test_dhondt_in_each_region_gives_the_declared_members() -> None:
    table = analyse("ep2019", "regional-dhondt")
    assert table.by_region == DECLARED
    assert {p: n for p, n in table.seats.items() if n} == {
        "The Brexit Party": 29,
        "Liberal Democrat": 16,
        "Labour": 10,
        "Green Party": 7,
        "Conservative": 4,
        "Scottish National Party": 3,
        "Plaid Cymru": 1,
    }


def test_the_declared_seats_column_is_the_declared_result() -> None:
    e = load("ep2019")
    declared = {r: {u: n for u, n in seats.items() if n} for r, seats in e.official_list_seats.items()}
    assert declared == DECLARED


def test_the_votes_add_up_to_the_published_totals() -> None:
    e = load("ep2019")
    votes = analyse(e, "regional-dhondt").votes
    greens = votes["Green Party"] + votes["Scottish Green Party"]
    assert {p: votes[p] for p in PUBLISHED_VOTES if p != "Green"} | {"Green": greens} == PUBLISHED_VOTES
    for region, total in PUBLISHED_REGION_TOTALS.items():
        assert sum(e.list_votes[region].values()) == total, region


def test_independents_are_lists_of_one() -> None:
    e = load("ep2019")
    london = [u for u in e.list_votes["London"] if e.labels[u] == "Independent"]
    assert len(london) == 11 and "Independent: Roger Hallam (London)" in london
    assert all(e.list_caps[u] == 1 for u in london)


def test_the_list_systems_recount_all_seventy_seats() -> None:
    for system in LIST_PR_SYSTEMS:
        table = analyse("ep2019", system)
        assert table.total_seats == 70, system
    assert analyse("ep2019", "national-sainte-lague").seats["The Brexit Party"] == 23


@pytest.mark.parametrize("system", ["fptp", "ams"])
def test_systems_that_need_constituencies_are_refused_in_one_line(system: str) -> None:
    assert system not in systems_for("ep2019") and system in systems_for("ge2019")
    with pytest.raises(SystemNotOffered, match=f"{system} does not apply to ep2019"):
        analyse("ep2019", system)
    with pytest.raises(QueryError, match="no constituencies; choose from national-dhondt"):
        read("ep2019", system)
