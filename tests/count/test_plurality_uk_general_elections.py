"""First past the post on every constituency of the UK general elections of 2019 and 2024.

Official results (House of Commons Library; see ``tests/data/uk_general_elections/README.md``):
in each of the 650 constituencies our count must elect the declared winner and
reproduce the valid vote and the published majority.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from hustings.count import Profile, ranking, run

DATA = Path(__file__).parent.parent / "data" / "uk_general_elections"


def constituencies(year: int) -> dict[str, list[dict[str, str]]]:
    with (DATA / f"candidates-{year}.csv").open(newline="", encoding="utf-8") as f:
        by_seat: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in csv.DictReader(f):
            by_seat[row["Constituency geographic code"]].append(row)
    return by_seat


def name(row: dict[str, str]) -> str:
    return f"{row['Candidate given name']} {row['Candidate family name']} ({row['Main party abbreviation'] or 'Ind'})"


@pytest.mark.parametrize("year", [2019, 2024])
def test_plurality_elects_every_declared_mp(year: int) -> None:
    seats = constituencies(year)
    assert len(seats) == 650
    for code, rows in seats.items():
        names = [name(r) for r in rows]
        assert len(set(names)) == len(names), code
        profile = Profile.from_ballots(names, ((ranking(name(r)), int(r["Candidate vote count"])) for r in rows))
        result = run("fptp", profile)
        winner = next(r for r in rows if r["Candidate result position"] == "1")
        assert result.elected == (name(winner),), code
        assert not result.all_tie_breaks, code
        assert result.total == int(winner["Election valid vote count"]), code
        votes = sorted(result.rounds[0].tally.values(), reverse=True)
        if len(votes) > 1:
            assert votes[0] - votes[1] == int(winner["Majority"]), code
