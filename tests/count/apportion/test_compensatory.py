"""Mixed-member allocation: AMS regions and MMP with its overhang rules."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hustings.count.apportion import ApportionmentError
from hustings.count.apportion.compensatory import MixedResult, Overhang, ams_region, mmp

# New Zealand general election, 8 November 2008: party votes and electorates won
# (Electoral Commission final results; see tests/data/uk/README.md).  120 seats by
# Sainte-Laguë among parties with 5% or an electorate; the Māori Party won 5
# electorates for a proportional share of 3, so the house had 122 members.
NZ_2008_VOTES = {
    "National": 1_053_398,
    "Labour": 796_880,
    "Green": 157_613,
    "NZ First": 95_356,
    "ACT": 85_496,
    "Māori Party": 55_980,
    "Progressive": 21_241,
    "United Future": 20_497,
    "Bill and Ben": 13_016,
    "Kiwi": 12_755,
    "NZ Pacific": 9_640,
    "Legalise Cannabis": 9_515,
    "Family": 8_176,
    "Democrats for Social Credit": 1_208,
    "Workers": 932,
    "RAM": 465,
    "Republic": 313,
}
NZ_2008_ELECTORATES = {"National": 41, "Labour": 21, "ACT": 1, "Māori Party": 5, "Progressive": 1, "United Future": 1}
NZ_2008_SEATS = {
    "National": 58,
    "Labour": 43,
    "Green": 9,
    "ACT": 5,
    "Māori Party": 5,
    "Progressive": 1,
    "United Future": 1,
}


def _nz(overhang: Overhang) -> MixedResult:
    return mmp(
        NZ_2008_VOTES,
        NZ_2008_ELECTORATES,
        120,
        method="sainte-lague",
        overhang=overhang,
        threshold=Fraction(5, 100),
        threshold_seats=1,
    )


def test_new_zealand_2008_reproduces_122_seats_with_two_overhang() -> None:
    r = _nz("keep")
    assert {p: n for p, n in r.total.items() if n} == NZ_2008_SEATS
    assert r.house_size == 122
    assert r.overhang == {"Māori Party": 2}
    assert r.list_seats["National"] == 17
    assert r.list_seats["Labour"] == 22


def test_new_zealand_first_is_below_the_threshold_without_an_electorate() -> None:
    r = _nz("keep")
    assert "NZ First" in r.proportional.below_threshold
    assert "ACT" not in r.proportional.below_threshold


def test_capping_denies_overhang_seats_as_germany_does_since_2023() -> None:
    r = _nz("cap")
    assert r.house_size == 120
    assert r.total["Māori Party"] == 3
    assert r.denied == {"Māori Party": 2}


def test_levelling_grows_the_house_until_no_party_has_overhang() -> None:
    r = _nz("level")
    for party, won in NZ_2008_ELECTORATES.items():
        assert r.proportional.seats[party] >= won
    assert r.overhang == {}
    assert r.house_size > 122


def test_independents_are_seated_and_taken_off_the_house_first() -> None:
    r = mmp({"A": 60, "B": 40}, {"Independent X": 1}, 11)
    assert r.total == {"A": 6, "B": 4, "Independent X": 1}


def test_ams_region_matches_a_hand_count() -> None:
    # Divisors: A 5 (4 won), B 1, C 1: B 80,000, C 30,000, then B 40,000, B 26,667 > C 15,000.
    a = ams_region({"A": 100_000, "B": 80_000, "C": 30_000}, {"A": 4}, 4)
    assert a.seats == {"A": 0, "B": 3, "C": 1}


def test_unknown_overhang_rule_is_refused() -> None:
    with pytest.raises(ApportionmentError):
        mmp({"A": 1}, {}, 1, overhang="grow")  # type: ignore[arg-type]
