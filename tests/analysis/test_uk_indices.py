"""Disproportionality and party-system indices against published and independent figures."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from hustings.analysis import analyse, load
from hustings.analysis.indices import effective_number, gallagher, loosemore_hanby

DATA = Path(__file__).parents[1] / "data" / "uk"


def _published_gallagher() -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    with (DATA / "gallagher_lsq_uk_published.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["lsq_published"]:
                out.setdefault(row["election"], []).append(float(row["lsq_published"]))
    return out


PUBLISHED = _published_gallagher()


@pytest.mark.parametrize(("year", "source_value"), [("2010", 15.10), ("2015", 15.02), ("2024", 23.67)])
def test_gallagher_matches_the_published_value_within_005(year: str, source_value: float) -> None:
    assert source_value in PUBLISHED[year]
    assert analyse(f"ge{year}", "fptp").indices.gallagher == pytest.approx(source_value, abs=0.05)


@pytest.mark.parametrize(("year", "reference"), [("2017", 6.5), ("2019", 11.8)])
def test_gallagher_matches_the_issue_reference_within_005(year: str, reference: float) -> None:
    # 2017: Gallagher's figure as quoted a week after the election was 6.41; recomputed on the
    # final candidate file it is 6.47 (the issue's 6.5).  2019 has no published figure.
    assert analyse(f"ge{year}", "fptp").indices.gallagher == pytest.approx(reference, abs=0.05)


@pytest.mark.parametrize("year", ["1997", "2001", "2005"])
def test_gallagher_1997_to_2005_brackets_the_published_value(year: str) -> None:
    """The long table sums minor candidates per seat into "Other", so the index cannot be
    recomputed exactly: pooling all "Other" votes as one party bounds it from above, and
    treating each seat's "Other" as a separate candidate bounds it from below."""
    e = load(f"ge{year}")
    votes_apart: Counter[str] = Counter()
    seats_apart: Counter[str] = Counter()
    for k in e.constituencies:
        for c in k.candidates:
            votes_apart[c.unit if c.party == "Other" else c.party] += c.votes
        w = k.winner
        seats_apart[w.unit if w.party == "Other" else w.party] += 1
    lower = gallagher(votes_apart, seats_apart)
    upper = analyse(e, "fptp").indices.gallagher
    (published,) = PUBLISHED[year]
    assert lower - 0.05 <= published <= upper + 0.05


# Independent recomputation from the same files, in the staged data's README
# (Speaker and independents pooled): not published, but not ours either.
LOOSEMORE_HANBY = {"ge2015": 23.89, "ge2019": 17.15, "ge2024": 30.05}
WINNERS_BELOW_HALF = {"ge2010": 433, "ge2015": 334, "ge2017": 174, "ge2019": 229, "ge2024": 554}


@pytest.mark.parametrize(("election", "reference"), sorted(LOOSEMORE_HANBY.items()))
def test_loosemore_hanby_matches_the_reference_within_005(election: str, reference: float) -> None:
    assert analyse(election, "fptp").indices.loosemore_hanby == pytest.approx(reference, abs=0.05)


@pytest.mark.parametrize(("election", "reference"), sorted(WINNERS_BELOW_HALF.items()))
def test_mps_elected_on_under_half_of_the_vote(election: str, reference: int) -> None:
    assert analyse(election, "fptp").indices.winners_below_50pct == reference


def test_ers_2019_vote_and_seat_shares_agree_with_our_table() -> None:
    # ERS combines the Green parties and counts the Speaker among "Others"; compare the big five.
    table = analyse("ge2019", "fptp")
    total = sum(table.votes.values())
    names = {
        "Conservative": "Conservative",
        "Labour": "Labour",
        "Scottish National Party": "Scottish National Party",
        "Liberal Democrat": "Liberal Democrat",
        "Democratic Unionist Party": "Democratic Unionist Party",
    }
    with (DATA / "ers_ge2019_results_table.csv").open(encoding="utf-8") as fh:
        rows = {r["party"]: r for r in csv.DictReader(fh)}
    for ers, ours in names.items():
        assert table.seats[ours] == int(rows[ers]["seats"])
        assert round(100 * table.votes[ours] / total, 1) == pytest.approx(float(rows[ers]["votes_pct"]), abs=0.05)


def test_proportional_tables_are_far_less_disproportional_than_fptp() -> None:
    fptp = analyse("ge2015", "fptp").indices
    pr = analyse("ge2015", "national-sainte-lague").indices
    assert pr.gallagher < 1 < 15 < fptp.gallagher
    assert pr.enp_seats == pytest.approx(pr.enp_votes, abs=0.1)
    assert pr.winners_below_50pct is None


def test_indices_on_a_worked_example() -> None:
    # Votes 50/30/20 %, seats 60/40/0 %: differences 10, 10, 20.
    votes = {"A": 50, "B": 30, "C": 20}
    seats = {"A": 6, "B": 4, "C": 0}
    assert loosemore_hanby(votes, seats) == pytest.approx(20.0)
    assert gallagher(votes, seats) == pytest.approx((0.5 * (100 + 100 + 400)) ** 0.5)
    assert effective_number(votes) == pytest.approx(1 / (0.25 + 0.09 + 0.04))
    assert effective_number(seats) == pytest.approx(1 / (0.36 + 0.16))
