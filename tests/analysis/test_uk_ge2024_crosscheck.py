"""The 2024 candidate file, as we read it, against the Commons Library's own constituency table."""

from __future__ import annotations

import csv
from pathlib import Path

from hustings.analysis import load

DATA = Path(__file__).parents[1] / "data" / "uk" / "HoC-GE2024-results-by-constituency.csv"
COLUMNS = {
    "Con": ("Conservative",),
    "Lab": ("Labour",),
    "LD": ("Liberal Democrat",),
    "RUK": ("Reform UK",),
    "Green": ("Green Party", "Scottish Green Party", "Green Party Northern Ireland"),
    "SNP": ("Scottish National Party",),
    "PC": ("Plaid Cymru",),
    "DUP": ("Democratic Unionist Party",),
    "SF": ("Sinn Féin",),
    "SDLP": ("Social Democratic & Labour Party",),
    "UUP": ("Ulster Unionist Party",),
    "APNI": ("Alliance",),
}
WINNER = {abbrev: parties[0] for abbrev, parties in COLUMNS.items()} | {
    "Spk": "Speaker",
    "Ind": "Independent",
    "TUV": "Traditional Unionist Voice",
}


def test_every_constituency_agrees_with_the_library_briefing_table() -> None:
    e = load("ge2024")
    ours = {k.code: k for k in e.constituencies}
    with DATA.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(ours) == 650
    for row in rows:
        k = ours[row["ONS ID"]]
        assert k.valid_votes == int(row["Valid votes"]) == sum(c.votes for c in k.candidates)
        assert k.region == row["Region name"]
        named = 0
        for column, parties in COLUMNS.items():
            votes = sum(c.votes for c in k.candidates if c.party in parties)
            assert votes == int(row[column]), (k.name, column)
            named += votes
        assert k.valid_votes - named == int(row["All other candidates"]), k.name
        assert k.winner.party == WINNER[row["First party"]], k.name
