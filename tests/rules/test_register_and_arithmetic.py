"""Reading a membership's history, months arithmetic, and thresholds against a brute-force definition."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.rules.conftest import day, member

from hustings.rules import Office, OfficeKind, Standing, Status, Unit, ancestors, office_holders, requirement
from hustings.rules.eligibility import add_months
from hustings.rules.rulebook import Threshold


def test_standing_follows_the_last_change_on_or_before_the_day() -> None:
    record = member("2010-01-01", (Status.SUSPENDED, "2015-01-01"), (Status.REINSTATED, "2015-06-01"))
    assert record.standing(day("2009-12-31")) is Standing.NOT_YET
    assert record.standing(day("2015-03-01")) is Standing.SUSPENDED
    assert record.standing(day("2015-06-01")) is Standing.ACTIVE
    assert record.continuous_since(day("2015-03-01")) == day("2010-01-01")  # suspension does not end membership


def test_lapse_ends_continuous_membership_and_expulsion_ends_it_for_good() -> None:
    record = member("2010-01-01", (Status.LAPSED, "2012-01-01"), (Status.REJOINED, "2013-01-01"))
    assert record.continuous_since(day("2012-06-01")) is None
    assert record.continuous_since(day("2013-06-01")) == day("2013-01-01")
    expelled = member("2010-01-01", (Status.EXPELLED, "2011-01-01"))
    assert expelled.standing(day("2020-01-01")) is Standing.EXPELLED
    assert expelled.continuous_since(day("2020-01-01")) is None


def test_add_months_clamps_to_the_end_of_a_short_month() -> None:
    assert add_months(day("2021-08-31"), 6) == day("2022-02-28")
    assert add_months(day("2023-08-31"), 6) == day("2024-02-29")
    assert add_months(day("2022-06-06"), 12) == day("2023-06-06")


@given(
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=0, max_value=10_000),
    st.booleans(),
)
def test_required_is_the_least_whole_number_meeting_the_rule(
    numerator: int, denominator: int, population: int, strict: bool
) -> None:
    share = Fraction(min(numerator, denominator), denominator)
    rule = Threshold(
        id="r",
        sources=("s",),
        population="x",
        fraction=share,
        comparison="more_than" if strict else "at_least",
    )
    need = requirement(rule, population).required
    exact = share * population
    meets = (lambda n: n > exact) if strict else (lambda n: n >= exact)
    assert meets(need)
    assert need == 0 or not meets(need - 1)
    assert need == (math.floor(exact) + 1 if strict else math.ceil(exact))


def test_ancestors_walk_the_unit_tree_up_to_the_nation() -> None:
    units = {
        "uk": Unit("uk", "Labour Party", "nation"),
        "ldn": Unit("ldn", "London", "region", "uk"),
        "isn": Unit("isn", "Islington North CLP", "constituency party", "ldn"),
        "w1": Unit("w1", "Highbury West branch", "branch", "isn"),
    }
    assert [unit.id for unit in ancestors("w1", units)] == ["w1", "isn", "ldn", "uk"]
    looped = {"a": Unit("a", "A", "branch", "b"), "b": Unit("b", "B", "branch", "a")}
    with pytest.raises(ValueError, match="cycle"):
        ancestors("a", looped)


def test_office_holders_counts_people_in_office_on_the_day() -> None:
    offices = [
        Office("mp1", OfficeKind.MP, "isn", day("2015-05-07")),
        Office("mp2", OfficeKind.MP, "x", day("2015-05-07"), day("2016-06-16")),
        Office("mep1", OfficeKind.MEP, "ldn", day("2014-05-22")),
        Office("mp1", OfficeKind.LEADER, "uk", day("2015-09-12")),
    ]
    assert office_holders(offices, (OfficeKind.MP, OfficeKind.MEP), day("2016-07-20")) == 2
    assert office_holders(offices, (OfficeKind.MP, OfficeKind.MEP), day("2016-06-16")) == 3
