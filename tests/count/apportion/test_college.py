"""Electoral colleges: Labour's results by section, the ALP's 50/50 college, and transfers."""

from __future__ import annotations

import csv
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import pytest

from hustings.count.apportion.college import Section, count
from hustings.count.profile import Profile

DATA = Path(__file__).parents[2] / "data" / "uk" / "labour_leadership_results.csv"
SECTIONS = ("members", "registered_supporters", "affiliated_supporters")


def _first_preferences(tally: dict[str, int]) -> Profile:
    return Profile.from_ballots(list(tally), [((frozenset({c}),), n) for c, n in tally.items()])


def _labour(contest: str) -> tuple[dict[str, dict[str, int]], dict[str, tuple[int, str]]]:
    sections: dict[str, dict[str, int]] = defaultdict(dict)
    totals: dict[str, tuple[int, str]] = {}
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["contest"] != contest or row["candidate"].startswith("ALL"):
                continue
            if row["section"] == "total":
                totals[row["candidate"]] = (int(row["votes"]), row["percent_published"])
            else:
                sections[row["section"]][row["candidate"]] = int(row["votes"])
    return sections, totals


@pytest.mark.parametrize(
    ("contest", "winner"),
    [("2015 leader", "Jeremy Corbyn"), ("2016 leader", "Jeremy Corbyn"), ("2020 leader", "Keir Starmer")],
)
def test_labour_one_member_one_vote_totals_match_the_published_result(contest: str, winner: str) -> None:
    sections, published = _labour(contest)
    result = count([Section(s, _first_preferences(sections[s])) for s in SECTIONS])
    first = result.rounds[0]
    assert result.elected == (winner,)
    assert len(result.rounds) == 1  # each was decided on first preferences
    assert {c: int(v) for c, v in first.tally.items()} == {c: v for c, (v, _) in published.items()}
    valid = sum(first.tally.values())
    for c, (_, percent) in published.items():
        assert round(100 * Fraction(first.tally[c]) / valid, 1) == Fraction(percent)


def test_labour_section_tallies_are_kept_in_the_round_record() -> None:
    sections, _ = _labour("2020 leader")
    result = count([Section(s, _first_preferences(sections[s])) for s in SECTIONS])
    assert result.rounds[0].extra["registered_supporters: Rebecca Long-Bailey"] == 650


def test_alp_2013_fifty_fifty_college_elects_shorten_with_52_02_per_cent() -> None:
    # ALP statement, 13 October 2013: caucus 55-31, members 12,196-18,230; 52.02% - 47.98%.
    caucus = _first_preferences({"Bill Shorten": 55, "Anthony Albanese": 31})
    members = _first_preferences({"Bill Shorten": 12_196, "Anthony Albanese": 18_230})
    result = count([Section("caucus", caucus, Fraction(1, 2)), Section("members", members, Fraction(1, 2))])
    assert result.elected == ("Bill Shorten",)
    score = result.rounds[0].tally
    assert round(Fraction(score["Bill Shorten"]), 2) == Fraction("52.02")
    assert round(Fraction(score["Anthony Albanese"]), 2) == Fraction("47.98")


def _ballots(*groups: tuple[int, tuple[str, ...]]) -> Profile:
    return Profile.from_ballots("ABC", [(tuple(frozenset({c}) for c in order), n) for n, order in groups])


def test_thirds_college_transfers_within_each_section_and_drops_exhausted_ballots() -> None:
    # Round 1 (per cent of each section): MPs A 40 B 30 C 30; members A 40 B 50 C 10;
    # affiliates A 20 B 10 C 70.  Thirds: A 33.33, B 30, C 36.67 -> B excluded.
    # Round 2: MPs' B>A go to A (70/30); members' B>C go to C (40/60); affiliates' B-only
    # ballots exhaust, leaving A 20 C 70 of 90.  C: (30 + 60 + 77.78) / 3 = 55.93 > 50.
    mps = _ballots((4, ("A",)), (3, ("B", "A")), (3, ("C", "B")))
    members = _ballots((40, ("A",)), (50, ("B", "C")), (10, ("C", "A")))
    affiliates = _ballots((20, ("A",)), (10, ("B",)), (70, ("C", "A")))
    third = Fraction(1, 3)
    result = count(
        [Section("mps", mps, third), Section("members", members, third), Section("affiliates", affiliates, third)]
    )
    r1, r2 = result.rounds
    assert r1.tally == {"A": Fraction(100, 3), "B": 30, "C": Fraction(110, 3)}
    assert r1.excluded == ("B",)
    assert r2.tally["C"] == (30 + 60 + Fraction(7000, 90)) / 3
    assert r2.inactive == {"exhausted_choices": 10}
    assert result.elected == ("C",)


def test_weights_must_add_up_to_one() -> None:
    p = _first_preferences({"A": 1})
    with pytest.raises(ValueError, match="add up to 1"):
        count([Section("x", p, Fraction(1, 3)), Section("y", p, Fraction(1, 3))])
    with pytest.raises(ValueError, match="every section a weight"):
        count([Section("x", p, Fraction(1, 2)), Section("y", p)])


def test_one_member_one_vote_college_agrees_with_irv_on_the_merged_ballots() -> None:
    """Without weights, sections only report: the count is IRV over all ballots together."""
    from hustings.count import irv

    sections = [
        _ballots((4, ("A",)), (3, ("B", "A")), (3, ("C", "B"))),
        _ballots((40, ("A",)), (50, ("B", "C")), (10, ("C", "A"))),
        _ballots((20, ("A",)), (10, ("B",)), (70, ("C", "A"))),
    ]
    merged = Profile.from_ballots("ABC", [item for p in sections for item in p])
    college = count([Section(f"s{i}", p) for i, p in enumerate(sections)])
    reference = irv.count(merged, irv.Options())
    assert college.elected == reference.elected
    assert [r.excluded for r in college.rounds] == [r.excluded for r in reference.rounds]
    for ours, theirs in zip(college.rounds, reference.rounds, strict=True):
        assert {c: Fraction(v) for c, v in ours.tally.items()} == {
            c: Fraction(str(v)) for c, v in theirs.tally.items() if c in ours.tally
        }
