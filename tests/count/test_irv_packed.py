"""IRV on a packed profile gives exactly the record of the reference count on the same ballots read the ordinary way."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.count import irv, irv_packed
from hustings.count.packed import PackedProfile
from hustings.count.ties import TieError, TiePolicy
from hustings.formats import rankings_csv, rankings_csv_packed

NAMES = ("Ann", "Bob", "Cat", "Dan", "Eve", "Fay")
policies = st.builds(
    TiePolicy,
    mode=st.sampled_from(
        ["random", "candidate-order", "generate-permutation", "previous-round-then-random", "forward", "backward"]
    ),
    seed=st.integers(0, 50),
)


@st.composite
def plain_csv(draw: st.DrawFn) -> bytes:
    """Strict rankings (some blank) of a few candidates, few ballots: ties at every turn."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=len(NAMES), unique=True))
    ranking = st.permutations(names).flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[:k]))
    rows = draw(st.lists(ranking, min_size=1, max_size=30).filter(lambda rs: any(rs)))
    width = max(2, max(len(r) for r in rows))
    lines = [",".join(f"rank{i}" for i in range(1, width + 1))]
    lines += [",".join(list(r) + [""] * (width - len(r))) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def records_agree(data: bytes, options: irv.Options) -> None:
    packed = rankings_csv_packed.pack(data, block_size=48)
    assert packed is not None
    reference = irv.count(rankings_csv.parse(data), options)
    result = irv_packed.count(packed, options)
    assert result.to_dict() == reference.to_dict()
    assert json.dumps(result.to_dict()) == json.dumps(reference.to_dict())  # same order of keys too


@settings(max_examples=400, deadline=None)
@given(plain_csv(), policies)
def test_packed_count_record_equals_reference_count(data: bytes, policy: TiePolicy) -> None:
    records_agree(data, irv.Options(tie_break=policy))


@settings(max_examples=100, deadline=None)
@given(plain_csv())
def test_a_tie_left_to_an_operator_stops_both_counts_alike(data: bytes) -> None:
    options = irv.Options(tie_break=TiePolicy("ask"))
    packed = rankings_csv_packed.pack(data)
    assert packed is not None
    try:
        expected = irv.count(rankings_csv.parse(data), options).to_dict()
    except TieError as exc:
        with pytest.raises(TieError, match=re.escape(str(exc))):
            irv_packed.count(packed, options)
        return
    assert irv_packed.count(packed, options).to_dict() == expected


def test_benchmark_model_file_counts_alike(tmp_path: Path) -> None:
    """The benchmark's realistic model at a small size, through the file readers."""
    import sys

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    path = generate.write(tmp_path / "pl.csv", "pl", 3000, seed=7)
    packed = rankings_csv_packed.read(path)
    assert isinstance(packed, PackedProfile)
    reference = irv.count(rankings_csv.read(path), irv.Options())
    assert irv_packed.count(packed, irv.Options()).to_dict() == reference.to_dict()


def test_options_other_than_the_plain_count_are_refused() -> None:
    packed = PackedProfile(("Ann", "Bob"), np.array([[1, 2], [2, 0]], dtype=np.uint8), np.array([2, 1]))
    assert irv_packed.qualifies(irv.Options(tie_break=TiePolicy("forward")))
    for options in (irv.Options(seats=2), irv.Options(batch_elimination=True), irv.Options(max_skipped_ranks=0)):
        assert not irv_packed.qualifies(options)
        with pytest.raises(ValueError, match="default options"):
            irv_packed.count(packed, options)
    assert irv_packed.count(packed, irv.Options()).winner == "Ann"
