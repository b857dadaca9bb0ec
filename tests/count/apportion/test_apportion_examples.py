"""Textbook apportionment examples, each with its source."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hustings.count.apportion import ApportionmentError, apportion
from hustings.count.ties import TiePolicy

# Wikipedia, "D'Hondt method" and "Sainte-Laguë method", worked example (also the
# project's contract check): 100,000 / 80,000 / 30,000 / 20,000 votes, 8 seats.
FOUR_PARTIES = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}

# Wikipedia, "Largest remainders method", worked example: 100,000 votes, 10 seats.
SIX_PARTIES = {"Yellow": 47_000, "White": 16_000, "Red": 15_800, "Green": 12_000, "Blue": 6_100, "Pink": 3_100}


def test_dhondt_textbook_example_gives_4_3_1_0() -> None:
    assert apportion(FOUR_PARTIES, 8, "dhondt").seats == {"A": 4, "B": 3, "C": 1, "D": 0}


def test_dhondt_awards_seats_in_order_of_the_averages() -> None:
    # Averages: A 100k, B 80k, A 50k, B 40k, A 33.3k, C 30k, B 26.7k, A 25k.
    assert apportion(FOUR_PARTIES, 8, "dhondt").order == ("A", "B", "A", "B", "A", "C", "B", "A")


def test_sainte_lague_textbook_example_gives_3_3_1_1() -> None:
    assert apportion(FOUR_PARTIES, 8, "sainte-lague").seats == {"A": 3, "B": 3, "C": 1, "D": 1}


def test_webster_and_jefferson_are_aliases() -> None:
    assert apportion(FOUR_PARTIES, 8, "webster").seats == apportion(FOUR_PARTIES, 8, "sainte-lague").seats
    assert apportion(FOUR_PARTIES, 8, "jefferson").seats == apportion(FOUR_PARTIES, 8, "dhondt").seats


def test_hare_largest_remainder_textbook_example() -> None:
    a = apportion(SIX_PARTIES, 10, "hare")
    assert a.quota == 10_000
    assert a.seats == {"Yellow": 5, "White": 2, "Red": 1, "Green": 1, "Blue": 1, "Pink": 0}


def test_droop_largest_remainder_textbook_example() -> None:
    a = apportion(SIX_PARTIES, 10, "droop")
    assert a.quota == 9_091  # floor(100,000 / 11) + 1
    assert a.seats == {"Yellow": 5, "White": 2, "Red": 2, "Green": 1, "Blue": 0, "Pink": 0}


def test_modified_sainte_lague_first_divisor_14_holds_back_a_small_party() -> None:
    # Plain Sainte-Laguë gives D (20,000) the 8th seat.  With a first divisor of 1.4, D's
    # first average 20,000 / 1.4 equals A's fourth, 100,000 / 7, exactly: an exact tie
    # (floats would not see it as one), which goes to A with more votes.
    plain = apportion(FOUR_PARTIES, 8, "sainte-lague")
    modified = apportion(FOUR_PARTIES, 8, "modified-sainte-lague")
    assert plain.seats["D"] == 1
    assert modified.seats == {"A": 4, "B": 3, "C": 1, "D": 0}
    (tie,) = modified.ties
    assert set(tie.tied) == {"A", "D"}
    assert tie.chosen == "A"


def test_alabama_paradox_hamilton_loses_a_seat_when_the_house_grows() -> None:
    # Wikipedia, "Apportionment paradox": populations 6, 6, 2; 10 seats -> 4, 4, 2; 11 seats -> 5, 5, 1.
    populations = {"A": 6, "B": 6, "C": 2}
    assert apportion(populations, 10, "hamilton").seats == {"A": 4, "B": 4, "C": 2}
    assert apportion(populations, 11, "hamilton").seats == {"A": 5, "B": 5, "C": 1}


def test_alabama_paradox_does_not_happen_under_a_divisor_method() -> None:
    populations = {"A": 6, "B": 6, "C": 2}
    ten = apportion(populations, 10, "huntington-hill").seats
    eleven = apportion(populations, 11, "huntington-hill").seats
    assert all(eleven[p] >= ten[p] for p in populations)


def test_huntington_hill_gives_every_list_a_first_seat() -> None:
    a = apportion({"Big": 1_000_000, "Small": 1}, 5, "huntington-hill")
    assert a.seats == {"Big": 4, "Small": 1}


def test_huntington_hill_compares_geometric_means_exactly() -> None:
    # A holds 1 seat, B 2 after the first seats: A's next priority is 30/sqrt(2), B's 52/sqrt(6).
    # (30/sqrt 2)^2 = 450 > (52/sqrt 6)^2 = 450.67? No: 2704/6 = 450.67 > 450, so B wins.
    a = apportion({"A": 30, "B": 52}, 4, "huntington-hill")
    assert a.seats == {"A": 1, "B": 3}


def test_threshold_excludes_small_lists_before_the_count() -> None:
    a = apportion(FOUR_PARTIES, 8, "sainte-lague", threshold=Fraction(10, 100))
    assert a.below_threshold == ("D",)  # 20,000 of 230,000 = 8.7%
    assert a.seats["D"] == 0
    assert sum(a.seats.values()) == 8


def test_threshold_share_is_inclusive() -> None:
    a = apportion({"A": 95, "B": 5}, 20, "sainte-lague", threshold=Fraction(5, 100))
    assert a.below_threshold == ()
    assert a.seats["B"] == 1


def test_constituency_seats_lift_a_list_over_the_threshold() -> None:
    a = apportion(
        {"A": 96, "B": 4},
        20,
        "sainte-lague",
        threshold=Fraction(5, 100),
        threshold_seats=1,
        constituency_seats={"B": 1},
    )
    assert a.below_threshold == ()
    assert a.seats["B"] == 1


def test_already_won_seats_raise_the_divisor_as_in_ams() -> None:
    # A won 4 constituency seats: its first list average is 100,000 / 5, so B, C lead.
    a = apportion(FOUR_PARTIES, 4, "dhondt", already_won={"A": 4})
    assert a.seats == {"A": 0, "B": 3, "C": 1, "D": 0}
    assert a.total == {"A": 4, "B": 3, "C": 1, "D": 0}


def test_a_list_of_one_takes_one_seat_at_most() -> None:
    a = apportion({"Independent": 600, "Party": 400}, 5, "dhondt", caps={"Independent": 1})
    assert a.seats == {"Independent": 1, "Party": 4}


def test_tie_for_the_last_seat_goes_to_more_votes_then_to_lot_and_is_recorded() -> None:
    # B (2 votes, 1 seat held) and A (1 vote) tie at average 1 for the last seat.
    a = apportion({"A": 1, "B": 2}, 2, "dhondt")
    assert a.seats == {"A": 0, "B": 2}
    (tie,) = a.ties
    assert set(tie.tied) == {"A", "B"}
    assert tie.chosen == "B"
    assert "more votes" in tie.reason


def test_tie_between_equal_lists_is_decided_by_the_policy() -> None:
    a = apportion({"A": 10, "B": 10, "C": 10}, 1, "dhondt", tie_break=TiePolicy("candidate-order"))
    assert a.seats == {"A": 1, "B": 0, "C": 0}
    assert a.ties[0].chosen == "A"
    assert "ballot-paper order" in a.ties[0].reason


def test_enough_seats_for_every_tied_list_records_no_tie() -> None:
    assert apportion({"A": 10, "B": 10}, 2, "dhondt").ties == ()


def test_zero_seats_give_zero() -> None:
    assert apportion(FOUR_PARTIES, 0, "dhondt").seats == dict.fromkeys(FOUR_PARTIES, 0)


@pytest.mark.parametrize(
    ("votes", "seats", "method", "kwargs", "message"),
    [
        ({"A": -1, "B": 3}, 2, "dhondt", {}, "negative votes"),
        ({"A": 1}, -1, "dhondt", {}, "cannot be negative"),
        ({"A": 1}, 10**6, "dhondt", {}, "more than any assembly"),
        ({"A": 0, "B": 0}, 3, "dhondt", {}, "no list with votes"),
        ({"A": 5, "B": 3, "C": 1}, 2, "huntington-hill", {}, "fewer than the 3 lists"),
        ({"A": 5}, 2, "hare", {"already_won": {"A": 1}}, "cannot take seats already won"),
        ({"A": 5}, 2, "borda", {}, "unknown apportionment method"),
        ({"A": 5}, 2, "dhondt", {"caps": {"A": 1}}, "every list is exhausted"),
        ({}, 2, "dhondt", {}, "no lists"),
    ],
)
def test_impossible_requests_raise_apportionment_error(
    votes: dict[str, int], seats: int, method: str, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ApportionmentError, match=message):
        apportion(votes, seats, method, **kwargs)  # type: ignore[arg-type]
