"""The numpy counts of the Condorcet methods return exactly the records of the plain reference.

Random profiles with equal rankings, truncation, skipped ranks, overvote
markers and withdrawn candidates; weights whole, fractional, or too large
for int64; every tie-break mode that decides without an operator.  Small
electorates with one ballot per ranking make pairwise ties, equal margins
and cycles common, so the tie-breaking paths are exercised.  The whole
:class:`Result` is compared: winners, scores, the pairwise matrix, every
tie decided and every note (ranked pairs lists each defeat locked or
skipped, in order).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.count.condorcet import reference

from hustings.count import OVERVOTE, Profile, Result
from hustings.count.condorcet import copeland, minimax, ranked_pairs, schulze
from hustings.count.condorcet.pairwise import (
    MAX_CANDIDATES,
    MAX_CANDIDATES_PAST_INT64,
    MAX_PIECE_STEPS,
    PairwiseError,
    pairwise_matrix,
)
from hustings.count.profile import Rank, Weight
from hustings.count.ties import TiePolicy

NAMES = "ABCDEFG"

SETTINGS = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def profiles(draw: st.DrawFn, *, cyclic: bool = False) -> Profile:
    """Random profiles; ``cyclic``: 3-5 candidates, rotations of one order and a few other complete
    ballots, all of weight 1, so that cycles of equal margins (and ranked pairs' tie-breaking
    ranking) are common."""
    m = draw(st.integers(3, 5) if cyclic else st.integers(1, 7))
    names = NAMES[:m]
    weight_kind = "one" if cyclic else draw(st.sampled_from(["one", "small", "fraction", "huge"]))
    ballots: list[tuple[tuple[Rank, ...], Weight]] = []
    if cyclic:  # rotations of one order: a Condorcet cycle, its margins equal at equal distances
        base = draw(st.permutations(names))
        turns = draw(st.lists(st.integers(0, m - 1), min_size=2, max_size=m, unique=True))
        ballots += [(tuple(frozenset((c,)) for c in base[t:] + base[:t]), 1) for t in turns]
    for _ in range(draw(st.integers(0, 2) if cyclic else st.integers(0, 9))):
        order = draw(st.permutations(names))[: m if cyclic else draw(st.integers(0, m))]
        ranks: list[set[str]] = []
        for c in order:
            if ranks and not cyclic and draw(st.integers(0, 3)) == 0:
                ranks[-1].add(c)  # an equal ranking
            else:
                ranks.append({c})
        if ranks and not cyclic and draw(st.integers(0, 9)) == 0:
            ranks.insert(draw(st.integers(0, len(ranks))), set())  # a skipped rank
        if ranks and draw(st.integers(0, 9)) == 0:
            ranks.insert(draw(st.integers(0, len(ranks))), {OVERVOTE})
        if ranks and draw(st.integers(0, 9)) == 0:
            ranks.append({order[0]})  # a repeat
        w: Weight
        if weight_kind == "one":
            w = 1
        elif weight_kind == "small":
            w = draw(st.integers(1, 4))
        elif weight_kind == "fraction":
            w = Fraction(draw(st.integers(1, 6)), draw(st.sampled_from([1, 2, 3, 7, 10])))
        else:
            w = draw(st.integers(1, 3)) * 10 ** draw(st.sampled_from([18, 40, 400]))
        ballots.append((tuple(frozenset(r) for r in ranks), w))
    withdrawn = set() if cyclic else draw(st.sets(st.sampled_from(names), max_size=max(0, m - 1)))
    return Profile.from_ballots(list(names), ballots, withdrawn=withdrawn)


policies = st.one_of(
    st.builds(TiePolicy, st.just("lot"), st.integers(0, 3)),
    st.just(TiePolicy("candidate-order")),
    st.builds(TiePolicy, st.just("generate-permutation"), st.integers(0, 3)),
    st.builds(TiePolicy, st.just("random"), st.integers(0, 3)),
)

Counter = Callable[[Profile, Any], Result]

METHODS: list[tuple[str, Counter, Counter, Callable[[TiePolicy], Any]]] = [
    ("copeland", copeland.count, reference.copeland_count, lambda t: copeland.Options(tie_break=t)),
    ("llull", copeland.count, reference.copeland_count, lambda t: copeland.Options(tie_score=1, tie_break=t)),
    ("minimax", minimax.count, reference.minimax_count, lambda t: minimax.Options(tie_break=t)),
    (
        "minimax-margins",
        minimax.count,
        reference.minimax_count,
        lambda t: minimax.Options(strength="margins", tie_break=t),
    ),
    (
        "minimax-opposition",
        minimax.count,
        reference.minimax_count,
        lambda t: minimax.Options(strength="pairwise-opposition", tie_break=t),
    ),
    ("schulze", schulze.count, reference.schulze_count, lambda t: schulze.Options(tie_break=t)),
    (
        "schulze-margins",
        schulze.count,
        reference.schulze_count,
        lambda t: schulze.Options(strength="margins", tie_break=t),
    ),
    ("ranked-pairs", ranked_pairs.count, reference.ranked_pairs_count, lambda t: ranked_pairs.Options(tie_break=t)),
]


def test_the_matrix_reads_as_the_reference_matrix_for_every_weight() -> None:
    huge = 7 * 10**400
    profile = Profile.from_ballots(
        "ABC",
        [((frozenset("A"), frozenset("B")), huge), ((frozenset("C"),), Fraction(1, 3))],
    )
    matrix = pairwise_matrix(profile)
    assert matrix == reference.pairwise_matrix(profile)
    assert matrix["A"]["B"] == huge + Fraction(0) and matrix["C"]["A"] == Fraction(1, 3)


@pytest.mark.parametrize(("label", "fast", "plain", "options"), METHODS, ids=[m[0] for m in METHODS])
@SETTINGS
@given(profile=profiles(), policy=policies)
def test_the_fast_count_returns_the_reference_record(
    label: str, fast: Counter, plain: Counter, options: Callable[[TiePolicy], Any], profile: Profile, policy: TiePolicy
) -> None:
    try:
        expected = plain(profile, options(policy))
    except ValueError as refused:
        event("refused by both")
        with pytest.raises(ValueError, match=str(refused).split(";")[0][:30]):
            fast(profile, options(policy))
        return
    result = fast(profile, options(policy))
    drawn = any(t.purpose == "order" for t in expected.all_tie_breaks)
    event("tie-breaking ranking drawn" if drawn else "ties decided" if expected.all_tie_breaks else "no tie")
    assert result == expected
    assert result.to_dict() == expected.to_dict()


@pytest.mark.parametrize(("label", "fast", "plain", "options"), METHODS, ids=[m[0] for m in METHODS])
@settings(SETTINGS, max_examples=150)
@given(profile=profiles(cyclic=True), policy=policies)
def test_the_fast_count_returns_the_reference_record_through_majority_cycles(
    label: str, fast: Counter, plain: Counter, options: Callable[[TiePolicy], Any], profile: Profile, policy: TiePolicy
) -> None:
    expected = plain(profile, options(policy))
    event("tie-breaking ranking drawn" if any(t.purpose == "order" for t in expected.tie_breaks) else "none drawn")
    assert fast(profile, options(policy)) == expected


def test_more_candidates_than_the_limit_are_refused_with_the_limit_named() -> None:
    names = [f"C{i}" for i in range(MAX_CANDIDATES + 1)]
    profile = Profile.from_lists(names, [names[:3]])
    with pytest.raises(PairwiseError, match=f"at most {MAX_CANDIDATES:,}"):
        schulze.count(profile, schulze.Options())


def test_weights_needing_more_digits_than_the_limit_are_refused() -> None:
    profile = Profile.from_ballots("AB", [((frozenset("A"),), 10**1200)])
    with pytest.raises(PairwiseError, match="too large or too finely divided"):
        ranked_pairs.count(profile, ranked_pairs.Options())


def test_weights_past_int64_are_refused_for_more_candidates_than_their_limit() -> None:
    names = [f"C{i}" for i in range(MAX_CANDIDATES_PAST_INT64 + 1)]
    profile = Profile.from_ballots(names, [((frozenset(names[:1]),), 10**30)])
    with pytest.raises(PairwiseError, match=f"at most {MAX_CANDIDATES_PAST_INT64:,} candidates"):
        copeland.count(profile, copeland.Options())


def test_weights_past_int64_are_refused_when_the_exact_count_would_take_too_long() -> None:
    names = [f"C{i}" for i in range(MAX_CANDIDATES_PAST_INT64)]
    # 900-digit weights: 94 pieces of 32 bits.
    ballots = [((frozenset((names[i],)),), 10**900 + i) for i in range(MAX_PIECE_STEPS // (300 * 300 * 90) + 1)]
    with pytest.raises(PairwiseError, match=r"would take .* steps"):
        minimax.count(Profile.from_ballots(names, ballots), minimax.Options())


@settings(SETTINGS, max_examples=25)
@given(data=st.data(), policy=policies)
def test_ranked_pairs_on_32_to_40_candidates_returns_the_reference_record(
    data: st.DataObject, policy: TiePolicy
) -> None:
    names = [f"C{i:02d}" for i in range(data.draw(st.integers(32, 40)))]
    base = data.draw(st.permutations(names))
    turns = data.draw(st.lists(st.integers(0, len(names) - 1), min_size=2, max_size=5, unique=True))
    ballots = [(tuple(frozenset((c,)) for c in base[t:] + base[:t]), 1) for t in turns]
    for _ in range(data.draw(st.integers(0, 3))):
        order = data.draw(st.permutations(names))[: data.draw(st.integers(1, len(names)))]
        ballots.append((tuple(frozenset((c,)) for c in order), data.draw(st.integers(1, 2))))
    profile = Profile.from_ballots(names, ballots)
    options = ranked_pairs.Options(tie_break=policy)
    expected = reference.ranked_pairs_count(profile, options)
    event("tie-breaking ranking drawn" if any(t.purpose == "order" for t in expected.tie_breaks) else "none drawn")
    assert ranked_pairs.count(profile, options) == expected


@pytest.mark.parametrize("n", [40, 5], ids=["small group: undone from the journal", "large group: from a copy"])
def test_a_group_that_completes_a_cycle_is_undone_whole(n: int) -> None:
    closure = ranked_pairs.Closure(n)
    closure.lock(0, 1)
    closure.lock(1, 2)
    before = (list(closure.below), list(closure.above), list(closure.defeated))
    assert not closure.lock_all([(2, 3), (3, 0)])  # 3 > 0 would close 0 > 1 > 2 > 3 > 0
    assert (closure.below, closure.above, closure.defeated) == before
    assert closure.lock_all([(2, 3), (4, 0)])
    assert closure.over(4, 3) and closure.below_counts()[4] == 4
