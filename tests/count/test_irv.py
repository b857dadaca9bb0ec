"""Instant runoff under RCTab's rules, on small profiles whose counts follow by hand from the rules.

Each expectation is worked from the rule text in RCTab's configuration
documentation (cited per test), not from our own output.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.count import irv
from hustings.count.irv import FINAL_ROUND_SURPLUS, NO_RANKINGS, RESIDUAL_TARGET, Options, count, count_sequential
from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN, Profile, Ranking, ranking
from hustings.count.result import EXHAUSTED, EXHAUSTED_TARGET, OVERVOTES, REPEATED_RANKINGS, SKIPPED_RANKINGS
from hustings.count.ties import TieError, TiePolicy, java_hashset_order

ORDER = TiePolicy("candidate-order")


def profile(candidates: str, ballots: Iterable[tuple[Ranking, int]], withdrawn: str = "") -> Profile:
    return Profile.from_ballots(list(candidates), ballots, withdrawn=list(withdrawn))


def opts(**kw: object) -> Options:
    return dataclasses.replace(Options(tie_break=ORDER), **kw)  # type: ignore[arg-type]


def test_majority_threshold_is_recomputed_from_continuing_votes_each_round() -> None:
    # 11 ballots: threshold floor(11/2)+1 = 6; C goes, one of its ballots exhausts, so 10 remain: threshold 6.
    p = profile("ABC", [(ranking("A"), 5), (ranking("B"), 4), (ranking("C"), 1), (ranking("C", "B"), 1)])
    res = count(p, opts())
    r1, r2 = res.rounds
    assert r1.threshold == 6 and r1.excluded == ("C",)
    assert dict(r1.actions[0].transfers) == {"B": 1, EXHAUSTED_TARGET: 1}
    assert r2.tally == {"A": 5, "B": 5}
    assert r2.threshold == 6 and r2.inactive[EXHAUSTED] == 1
    # Two left, neither at the threshold: the leader wins, here by the tie-break (candidate order: A first).
    assert res.elected == ("A",)
    assert r2.tie_breaks[0].tied == ("A", "B") and r2.tie_breaks[0].chosen == "A"


@pytest.mark.parametrize(
    ("rule", "expected_b", "expected_overvotes"),
    [("exhaust-immediately", 0, 1), ("always-skip-to-next-rank", 1, 0), ("exhaust-if-multiple-continuing", 0, 1)],
)
def test_overvote_rule_decides_a_rank_with_two_marks(rule: str, expected_b: int, expected_overvotes: int) -> None:
    p = profile("ABC", [(ranking({"A", "C"}, "B"), 1), (ranking("A"), 3), (ranking("C"), 2), (ranking("B"), 2)])
    first = count(p, opts(overvote_rule=rule)).rounds[0]
    assert first.tally["B"] == 2 + expected_b
    assert first.inactive[OVERVOTES] == expected_overvotes


def test_exhaust_if_multiple_continuing_counts_the_one_continuing_candidate() -> None:
    # C is excluded from the start, so {A, C} holds one continuing candidate: the ballot counts for A.
    p = profile("ABC", [(ranking({"A", "C"}, "B"), 1), (ranking("B"), 1)], withdrawn="C")
    first = count(p, opts(overvote_rule="exhaust-if-multiple-continuing")).rounds[0]
    assert first.tally == {"A": 1, "B": 1} and first.inactive[OVERVOTES] == 0


def test_overvote_marker_exhausts_or_is_skipped() -> None:
    p = profile("AB", [(ranking(OVERVOTE, "B"), 1), (ranking("A"), 2)])
    assert count(p, opts()).rounds[0].inactive[OVERVOTES] == 1
    assert count(p, opts(overvote_rule="always-skip-to-next-rank")).rounds[0].tally["B"] == 1
    with pytest.raises(ValueError, match="overvote"):
        count(p, opts(overvote_rule="exhaust-if-multiple-continuing"))


def test_skipped_ranks_beyond_the_allowance_exhaust_the_ballot() -> None:
    p = profile("AB", [(ranking(None, "A"), 1), (ranking("B"), 3)])
    assert count(p, opts(max_skipped_ranks=0)).rounds[0].inactive[SKIPPED_RANKINGS] == 1
    assert count(p, opts(max_skipped_ranks=1)).rounds[0].tally["A"] == 1
    assert count(p, opts(max_skipped_ranks=None)).rounds[0].tally["A"] == 1


def test_duplicate_candidate_exhausts_only_when_the_rule_says_so() -> None:
    # A is eliminated; the ballot A, A, B then meets A again before B.
    p = profile("ABC", [(ranking("A", "A", "B"), 1), (ranking("B"), 2), (ranking("C"), 3)])
    strict = count(p, opts(exhaust_on_duplicate=True)).rounds[1]
    assert strict.inactive[REPEATED_RANKINGS] == 1 and strict.tally["B"] == 2
    lenient = count(p, opts()).rounds[1]
    assert lenient.inactive[REPEATED_RANKINGS] == 0 and lenient.tally["B"] == 3


def test_ballot_ranking_nobody_is_an_undervote() -> None:
    p = profile("AB", [((), 2), (ranking("A"), 3), (ranking("B"), 1)])
    res = count(p, opts())
    assert res.rounds[0].inactive[NO_RANKINGS] == 2 and res.total == 6
    assert res.rounds[0].threshold == 3  # floor(4/2)+1 from the 4 votes held by candidates


def test_batch_elimination_removes_everyone_who_cannot_overtake_the_next() -> None:
    # Running totals 1 < 2 and 3 < 6 but 9 >= 9: D and C go together, B stays.
    p = profile("ABCD", [(ranking("A"), 9), (ranking("B"), 6), (ranking("C"), 2), (ranking("D"), 1)])
    assert set(count(p, opts(batch_elimination=True)).rounds[0].excluded) == {"C", "D"}
    assert count(p, opts()).rounds[0].excluded == ("D",)


def test_surplus_transfer_truncates_to_the_decimal_places() -> None:
    # 12 ballots, 2 seats: threshold floor(12/3)+1 = 5.  A has 7: surplus fraction 2/7 truncated to 0.2857;
    # each ballot keeps 0.7143 for A (7 x 0.7143 = 5.0001: residual 0.0001) and sends 0.2857 to C.
    p = profile("ABC", [(ranking("A", "C"), 7), (ranking("B"), 3), (ranking("C"), 2)])
    res = count(p, opts(seats=2, winner_mode="multi-winner-multiple-per-round"))
    r1, r2, r3, r4 = res.rounds
    assert r1.threshold == 5 and r1.elected == ("A",)
    assert dict(r1.actions[0].transfers) == {"C": Decimal("1.9999"), RESIDUAL_TARGET: Decimal("0.0001")}
    assert r2.tally == {"A": 5, "B": 3, "C": Decimal("3.9999")}
    assert r2.excluded == ("B",) and r3.elected == ("C",)
    # One more round shows the last winner's surplus leaving the count (none here: C is under the threshold).
    assert r4.extra[FINAL_ROUND_SURPLUS] == 0 and res.elected == ("A", "C")


def test_only_one_winner_per_round_defers_the_second() -> None:
    p = profile("ABC", [(ranking("A"), 5), (ranking("B"), 5), (ranking("C"), 2)])
    both = count(p, opts(seats=2, winner_mode="multi-winner-multiple-per-round")).rounds[0]
    assert set(both.elected) == {"A", "B"}
    one = count(p, opts(seats=2, winner_mode="multi-winner-one-per-round"))
    assert one.rounds[0].elected == ("A",) and one.rounds[1].elected == ("B",)


@pytest.mark.parametrize(
    ("extra", "threshold"),
    [({}, Decimal(5)), ({"hare_quota": True}, Decimal(6)), ({"non_integer_threshold": True}, Decimal("4.0001"))],
)
def test_multi_winner_threshold_forms(extra: dict[str, bool], threshold: Decimal) -> None:
    # 12 votes, 2 seats: Droop floor(12/3)+1; Hare ceil(12/2); non-integer 12/3 + 10^-4.
    p = profile("ABC", [(ranking("A"), 6), (ranking("B"), 4), (ranking("C"), 2)])
    assert count(p, opts(seats=2, winner_mode="multi-winner-multiple-per-round", **extra)).rounds[0].threshold == (
        threshold
    )


def test_continue_until_two_remain_keeps_counting_after_the_winner() -> None:
    p = profile("ABC", [(ranking("A"), 6), (ranking("B"), 3), (ranking("C"), 2)])
    assert len(count(p, opts()).rounds) == 1
    # A is elected in round 1; a round never both elects and eliminates, so C goes in round 2
    # and a last round shows the two who remain.
    res = count(p, opts(continue_until_two_remain=True))
    assert res.elected == ("A",) and [r.excluded for r in res.rounds] == [(), ("C",), ()]
    assert set(res.rounds[-1].tally) == {"A", "B"}


def test_stop_after_round_ends_the_count_early() -> None:
    p = profile("ABCD", [(ranking("A"), 4), (ranking("B"), 3), (ranking("C"), 2), (ranking("D"), 1)])
    res = count(p, opts(stop_after_round=1))
    assert len(res.rounds) == 1 and res.elected == ()


def test_undeclared_write_ins_are_eliminated_first_and_block_any_winner() -> None:
    # A has a majority, but nobody is elected while write-ins hold votes; they go first, though not last.
    p = profile(
        "AB" + "",
        [(ranking("A"), 6), (ranking("B"), 1), (ranking(UNDECLARED_WRITE_IN), 3)],
    )
    res = count(p, opts())
    assert res.rounds[0].excluded == (UNDECLARED_WRITE_IN,) and res.rounds[0].elected == ()
    assert res.rounds[1].elected == ("A",)


def test_minimum_vote_threshold_eliminates_everyone_below_it() -> None:
    p = profile("ABCD", [(ranking("A"), 5), (ranking("B"), 4), (ranking("C"), 2), (ranking("D", "B"), 2)])
    assert set(count(p, opts(minimum_vote_threshold=3)).rounds[0].excluded) == {"C", "D"}


def test_random_tie_break_draws_from_java_util_random() -> None:
    # new java.util.Random(0).nextDouble() is 0.730967787376657 (OpenJDK): index floor(0.73 * 2) = 1 of [B, C].
    p = profile("ABC", [(ranking("A"), 4), (ranking("B"), 2), (ranking("C"), 2)])
    tie = count(p, opts(tie_break=TiePolicy("random", seed=0))).rounds[0].tie_breaks[0]
    assert tie.tied == ("B", "C") and tie.chosen == "C" and tie.purpose == "exclude"


def test_previous_round_counts_break_a_later_tie() -> None:
    # Round 1: B 3, C 2 (D 1 goes to C); round 2 B and C tie at 3: C had fewer in round 1 and is eliminated.
    p = profile("ABCD", [(ranking("A"), 5), (ranking("B"), 3), (ranking("C"), 2), (ranking("D", "C"), 1)])
    res = count(p, opts(tie_break=TiePolicy("previous-round-then-random", seed=0)))
    assert res.rounds[1].tally["B"] == res.rounds[1].tally["C"] == 3
    assert res.rounds[1].excluded == ("C",) and "round 1" in res.rounds[1].tie_breaks[0].reason


def test_a_tie_left_to_an_operator_stops_the_count() -> None:
    # RCTab stopCountingAndAsk: a batch count has no operator, so it must not guess.
    p = profile("ABC", [(ranking("A"), 2), (ranking("B"), 1), (ranking("C"), 1)])
    with pytest.raises(TieError, match="B, C"):
        count(p, opts(tie_break=TiePolicy("ask")))  # type: ignore[arg-type]
    # previousRoundCountsThenAsk asks only when earlier rounds do not separate them.
    q = profile("ABCD", [(ranking("A"), 5), (ranking("B"), 3), (ranking("C"), 2), (ranking("D", "C"), 1)])
    res = count(q, opts(tie_break=TiePolicy("previous-round-then-ask")))  # type: ignore[arg-type]
    assert res.rounds[1].excluded == ("C",)


def test_bottoms_up_eliminates_until_the_seats_are_filled() -> None:
    p = profile("ABCD", [(ranking("A"), 9), (ranking("B"), 4), (ranking("C"), 2), (ranking("D", "C"), 1)])
    res = count(p, opts(seats=2, winner_mode="bottoms-up"))
    assert [r.excluded for r in res.rounds[:2]] == [("D",), ("C",)]
    assert set(res.elected) == {"A", "B"}


def test_bottoms_up_percentage_stops_when_everyone_exceeds_the_share() -> None:
    # 20 votes, 25%: threshold 5.00; D (1) then C (4, after D's vote) fall below it.
    p = profile("ABCD", [(ranking("A"), 9), (ranking("B"), 7), (ranking("C"), 3), (ranking("D", "C"), 1)])
    res = count(p, opts(seats=0, winner_mode="bottoms-up-percentage", bottoms_up_percentage=Fraction(1, 4)))
    assert res.rounds[0].threshold == Decimal("5.00")
    assert [r.excluded for r in res.rounds[:2]] == [("D",), ("C",)]
    assert set(res.elected) == {"A", "B"}


def test_multi_pass_excludes_earlier_winners() -> None:
    p = profile("ABC", [(ranking("A", "B"), 5), (ranking("B"), 3), (ranking("C", "B"), 2)])
    first, second = count_sequential(p, opts(seats=2, winner_mode="multi-pass"))
    assert first.elected == ("A",) and second.elected == ("B",)
    assert "A" not in second.rounds[0].tally and second.rounds[0].tally["B"] == 8
    joined = count(p, opts(seats=2, winner_mode="multi-pass"))
    assert joined.elected == ("A", "B") and len(joined.rounds) == len(first.rounds) + len(second.rounds)


def test_rules_rctab_allows_only_with_one_seat_are_refused_with_several() -> None:
    p = profile("ABC", [(ranking("A"), 1)])
    with pytest.raises(ValueError, match="single seat"):
        count(p, opts(seats=2, winner_mode="multi-winner-multiple-per-round", batch_elimination=True))


def test_ballots_beyond_the_maximum_rankings_are_refused() -> None:
    p = profile("ABC", [(ranking("A", "B", "C"), 1)])
    with pytest.raises(ValueError, match="rankings allowed"):
        count(p, opts(max_rankings=2))


def test_registry_runs_irv_with_defaults() -> None:
    from hustings.count import registry

    p = Profile.from_lists("ABC", [["A"], ["A"], ["B", "A"], ["C", "B"]])
    assert registry.run("irv", p).elected == ("A",)


def test_a_profile_of_100000_distinct_rankings_is_counted_in_full() -> None:
    # 100,000 distinct rankings of 12 candidates: a round moves only the ballots of those who leave it.
    # How long it takes is measured, not asserted, in benchmarks/irv_distinct.py (goal: under 15 s).
    import random

    rng = random.Random(7)
    names = [f"C{i}" for i in range(12)]
    marks = {c: frozenset((c,)) for c in names}
    ballots: dict[Ranking, int] = {}
    while len(ballots) < 100_000:
        ballots[tuple(marks[c] for c in rng.sample(names, 6))] = rng.randint(1, 5)
    p = Profile(tuple(names), ballots)
    res = irv.count(p, Options())
    assert res.elected and res.total == sum(ballots.values())


def test_java_hashset_order_matches_openjdk() -> None:
    # RCTab falls back to a draw over tied names in java.util.HashSet order; this order was printed by
    # OpenJDK 17 for `new HashSet<>(List.of(...))` of the same 26 names.
    names = ["BETSY HODGES", "MARK ANDREW", "DON SAMUELS", "Alice", "Bob", "Carol", "Dave"]
    names += ["Undeclared Write-ins", "Zed", "Émile", *"ABCDEFGHIJKLMNOP"]
    java = (
        "BETSY HODGES|A|B|C|DON SAMUELS|D|Undeclared Write-ins|E|F|G|H|I|J|K|Carol|L|M|N|O|MARK ANDREW|P"
        "|Bob|Émile|Alice|Dave|Zed"
    )
    assert "|".join(java_hashset_order(names)) == java


names_strategy = st.sampled_from(["A", "B", "C", "D", "E"])
rank_strategy = st.one_of(
    st.just(frozenset()),
    names_strategy.map(lambda c: frozenset((c,))),
    st.frozensets(names_strategy, min_size=2, max_size=3),
)
profiles = st.lists(
    st.tuples(st.lists(rank_strategy, max_size=5).map(tuple), st.integers(1, 9)), min_size=1, max_size=25
).map(lambda bs: Profile.from_ballots(list("ABCDE"), bs))
option_sets = st.builds(
    Options,
    seats=st.integers(1, 3),
    winner_mode=st.sampled_from(["single-winner-majority", "multi-winner-one-per-round", "bottoms-up"]),
    overvote_rule=st.sampled_from(
        ["exhaust-immediately", "always-skip-to-next-rank", "exhaust-if-multiple-continuing"]
    ),
    max_skipped_ranks=st.sampled_from([None, 0, 1]),
    exhaust_on_duplicate=st.booleans(),
    decimal_places=st.integers(1, 4),
    batch_elimination=st.booleans(),
    tie_break=st.sampled_from([TiePolicy("random", seed=3), ORDER]),
)


@settings(max_examples=150, deadline=None)
@given(profiles, option_sets)
def test_every_vote_is_accounted_for_in_every_round(p: Profile, o: Options) -> None:
    if o.seats > 1 and o.winner_mode == "single-winner-majority":
        o = dataclasses.replace(o, winner_mode="multi-winner-multiple-per-round")
    if o.seats == 1 and o.winner_mode != "single-winner-majority":
        o = dataclasses.replace(o, winner_mode="single-winner-majority")
    if o.seats > 1:
        o = dataclasses.replace(o, batch_elimination=False)  # refused with several seats, as RCTab does
    res = count(p, o)
    residual = Decimal(0)
    for r in res.rounds:
        held = sum(r.tally.values(), Decimal(0)) + sum(r.inactive.values(), Decimal(0))
        # Votes held, inactive, set aside as final surplus, or stranded by truncation: never more or less.
        final = r.extra.get(FINAL_ROUND_SURPLUS, 0)
        assert held + final + residual == res.total
        # What truncation strands from a winner is taken off in the next round's tally.
        residual += sum((a.transfers.get(RESIDUAL_TARGET, 0) for a in r.actions), Decimal(0))
        for a in r.actions:
            if a.kind == "exclude" and r.number < len(res.rounds):
                # An eliminated candidate's votes all go somewhere in the next round.
                assert sum(a.transfers.values(), Decimal(0)) == r.tally[a.candidate]
    assert len(res.elected) <= max(o.seats, 1)
