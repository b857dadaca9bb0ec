"""Properties every apportionment must have, and agreement with an independent library."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hustings.count.apportion import METHOD_NAMES, apportion

DIVISOR_METHODS = ("dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill")

votes_strategy = st.lists(st.integers(min_value=1, max_value=2_000_000), min_size=1, max_size=8).map(
    lambda vs: {f"P{i}": v for i, v in enumerate(vs)}
)


@settings(max_examples=150, deadline=None)
@given(votes=votes_strategy, extra=st.integers(min_value=0, max_value=60), method=st.sampled_from(METHOD_NAMES))
def test_seats_add_up_to_the_house(votes: dict[str, int], extra: int, method: str) -> None:
    seats = len(votes) + extra  # Huntington-Hill needs one seat per list
    if method == "droop":  # the whole-number Droop quota fills the house only when votes >= seats (seats + 1)
        assume(sum(votes.values()) >= seats * (seats + 1))
    assert sum(apportion(votes, seats, method).seats.values()) == seats


@settings(max_examples=150, deadline=None)
@given(votes=votes_strategy, extra=st.integers(min_value=0, max_value=40), method=st.sampled_from(DIVISOR_METHODS))
def test_divisor_methods_are_house_monotone(votes: dict[str, int], extra: int, method: str) -> None:
    seats = len(votes) + extra
    smaller = apportion(votes, seats, method).seats
    larger = apportion(votes, seats + 1, method).seats
    assert all(larger[p] >= smaller[p] for p in votes)


@settings(max_examples=150, deadline=None)
@given(votes=votes_strategy, seats=st.integers(min_value=1, max_value=80))
def test_hare_gives_every_list_its_quota_rounded_down_or_up(votes: dict[str, int], seats: int) -> None:
    total = sum(votes.values())
    got = apportion(votes, seats, "hare").seats
    for p, v in votes.items():
        exact = Fraction(v * seats, total)
        assert exact - 1 < got[p] < exact + 1


@settings(max_examples=150, deadline=None)
@given(votes=votes_strategy, seats=st.integers(min_value=1, max_value=80))
def test_dhondt_never_gives_less_than_the_lower_quota(votes: dict[str, int], seats: int) -> None:
    total = sum(votes.values())
    got = apportion(votes, seats, "dhondt").seats
    assert all(got[p] >= v * seats // total for p, v in votes.items())


@settings(max_examples=100, deadline=None)
@given(votes=votes_strategy, seats=st.integers(min_value=1, max_value=60), data=st.data())
def test_compensation_reproduces_plain_dhondt_when_no_list_has_overhang(
    votes: dict[str, int], seats: int, data: st.DataObject
) -> None:
    plain = apportion(votes, seats, "dhondt")
    assume(not plain.ties)
    won = {p: data.draw(st.integers(min_value=0, max_value=n)) for p, n in plain.seats.items()}
    mixed = apportion(votes, seats - sum(won.values()), "dhondt", already_won=won)
    assume(not mixed.ties)
    assert mixed.total == plain.seats


LIBRARY_NAMES = {
    "dhondt": "dhondt",
    "sainte-lague": "saintelague",
    "modified-sainte-lague": "modified_saintelague",
    "huntington-hill": "huntington",
    "hare": "largest_remainder",
}


@settings(max_examples=200, deadline=None)
@given(
    votes=st.lists(st.integers(min_value=1, max_value=500_000), min_size=2, max_size=7),
    extra=st.integers(min_value=0, max_value=50),
    method=st.sampled_from(sorted(LIBRARY_NAMES)),
)
def test_agrees_with_the_apportionment_library(votes: list[int], extra: int, method: str) -> None:
    """Martin Lackner's `apportionment` package (an independent implementation)."""
    library = pytest.importorskip("apportionment.methods")
    seats = len(votes) + extra
    try:
        expected = library.compute(LIBRARY_NAMES[method], votes, seats, fractions=True, tiesallowed=False)
    except library.TiesException:
        assume(False)
        return
    ours = apportion({f"P{i}": v for i, v in enumerate(votes)}, seats, method)
    assume(not ours.ties)
    assert [ours.seats[f"P{i}"] for i in range(len(votes))] == list(expected)
