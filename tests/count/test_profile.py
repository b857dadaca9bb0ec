from fractions import Fraction

from hustings.count.profile import OVERVOTE, Profile, ranking


def test_from_lists_compresses_equal_rankings():
    p = Profile.from_lists("ABC", [["A", "B"], ["A", "B"], ["C"]])
    assert len(p) == 2
    assert p.total == 3
    assert p.ballots[ranking("A", "B")] == 2


def test_ranking_keeps_overvotes_skips_and_duplicates():
    r = ranking({"A", "B"}, None, "C", "C")
    assert r == (frozenset("AB"), frozenset(), frozenset("C"), frozenset("C"))


def test_strict_reading_stops_at_an_overvote_and_drops_repeats_and_withdrawn():
    p = Profile.from_ballots(
        "ABCD",
        [
            (ranking("A", None, "A", "B", {"C", "D"}, "D"), 2),
            (ranking("D", "C", {OVERVOTE}, "A"), Fraction(1, 2)),
            (ranking("B", {"A", "C"}, "D"), 1),
        ],
        withdrawn={"D"},
    )
    # An overvote with only one continuing candidate is that candidate's vote.
    assert list(p.strict()) == [(("A", "B", "C"), 2), (("C",), Fraction(1, 2)), (("B",), 1)]


def test_weak_reading_keeps_equal_rankings():
    p = Profile.from_ballots("ABC", [(ranking({"A", "B"}, "C"), 1)])
    assert list(p.weak()) == [((frozenset("AB"), frozenset("C")), 1)]
