"""The fast single-winner IRV path gives exactly the reference engine's record, or declines."""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.count import irv, irv_fast
from hustings.count.profile import OVERVOTE, SKIPPED, UNDECLARED_WRITE_IN, Profile, ranking
from hustings.count.ties import TiePolicy

NAMES = ("Ann", "Bob", "Cat", "Dan", "Eve")

ranks = st.one_of(
    st.sampled_from((*NAMES, "Zed")).map(lambda c: frozenset((c,))),  # Zed: a name nobody declared
    st.just(SKIPPED),
    st.frozensets(st.sampled_from(NAMES), min_size=2, max_size=3),
    st.just(frozenset((OVERVOTE,))),
)
rankings = st.lists(ranks, max_size=6).map(tuple)
policies = st.builds(
    TiePolicy,
    mode=st.sampled_from(
        ["random", "candidate-order", "generate-permutation", "previous-round-then-random", "forward", "backward"]
    ),
    seed=st.integers(0, 50),
)


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    n = draw(st.integers(1, len(NAMES)))
    candidates = NAMES[:n]
    withdrawn = draw(st.sets(st.sampled_from(candidates), max_size=n - 1))
    ballots = draw(st.lists(st.tuples(rankings, st.integers(0, 4)), max_size=25))
    return Profile.from_ballots(candidates, ballots, withdrawn=withdrawn)


def records_agree(profile: Profile, options: irv.Options) -> None:
    fast = irv_fast.attempt(profile, options)
    assert fast is not None
    reference = irv._Count(profile, options).run()  # the reference engine itself, not irv.count's dispatch
    assert fast.to_dict() == reference.to_dict()
    assert json.dumps(fast.to_dict()) == json.dumps(reference.to_dict())  # same order of keys too


@settings(max_examples=400, deadline=None)
@given(profiles(), policies)
def test_fast_path_record_equals_reference_engine(profile: Profile, policy: TiePolicy) -> None:
    records_agree(profile, irv.Options(tie_break=policy))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.permutations(NAMES[:4]).map(lambda p: ranking(*p[:2])), min_size=1, max_size=12))
def test_fast_path_agrees_when_ties_are_everywhere(ballots: list[tuple[frozenset[str], ...]]) -> None:
    records_agree(Profile.from_ballots(NAMES[:4], [(rk, 1) for rk in ballots]), irv.Options())


def test_options_other_than_the_defaults_go_to_the_reference_engine() -> None:
    p = Profile.from_lists(NAMES[:3], [["Ann", "Bob"], ["Bob"], ["Cat", "Ann"]])
    assert irv_fast.attempt(p, irv.Options(tie_break=TiePolicy("candidate-order"))) is not None
    assert irv_fast.attempt(p, irv.Options(seats=2)) is None
    assert irv_fast.attempt(p, irv.Options(overvote_rule="always-skip-to-next-rank")) is None
    assert irv_fast.attempt(p, irv.Options(max_skipped_ranks=1)) is None
    assert irv_fast.attempt(p, irv.Options(batch_elimination=True)) is None


def test_fractional_weights_and_write_ins_go_to_the_reference_engine() -> None:
    p = Profile.from_ballots(NAMES[:2], [(ranking("Ann"), Fraction(1, 2)), (ranking("Bob"), 1)])
    assert irv_fast.attempt(p, irv.Options()) is None
    w = Profile.from_ballots(NAMES[:2], [(ranking("Ann"), 2), (ranking(UNDECLARED_WRITE_IN), 1)])
    assert irv_fast.attempt(w, irv.Options()) is None
