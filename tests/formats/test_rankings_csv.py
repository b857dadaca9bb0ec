"""The CSV of rankings: each point of the format's contract, and each kind of bad input with its line."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.count.profile import SKIPPED, Profile, ranking
from hustings.formats import rankings_csv
from hustings.formats.errors import FormatError


def write(tmp_path: Path, text: str | bytes, name: str = "ballots.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def read(tmp_path: Path, text: str | bytes) -> Profile:
    return rankings_csv.read(write(tmp_path, text))


def refused(tmp_path: Path, text: str | bytes) -> FormatError:
    with pytest.raises(FormatError) as info:
        read(tmp_path, text)
    return info.value


def test_one_ballot_per_row_identical_rows_merge_into_one_weight(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,rank2,rank3\nAlice,Bob,\nBob,Alice,Carol\nAlice,Bob,\n")
    assert dict(p.ballots) == {ranking("Alice", "Bob"): 2, ranking("Bob", "Alice", "Carol"): 1}
    assert p.total == 3


def test_candidates_are_names_in_order_of_first_appearance(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,rank2\nCarol,\nBob,Alice\nAlice,Dave\n")
    assert p.candidates == ("Carol", "Bob", "Alice", "Dave")


def test_skipped_rank_is_kept_as_empty_rank_and_trailing_cells_end_the_ballot(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,rank2,rank3,rank4\nAlice,,Bob,\n")
    assert list(p.ballots) == [(frozenset({"Alice"}), SKIPPED, frozenset({"Bob"}))]


def test_leading_skip_is_kept(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,rank2\n,Bob\n")
    assert list(p.ballots) == [(SKIPPED, frozenset({"Bob"}))]


def test_blank_row_is_a_ballot_ranking_nobody(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,rank2\nAlice,\n,\n,\n")
    assert dict(p.ballots) == {ranking("Alice"): 1, (): 2}


def test_names_at_one_rank_separated_by_equals_are_an_overvote(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,rank2\nCarol=Dave,Alice\nDave = Carol,Alice\n")
    assert dict(p.ballots) == {ranking({"Carol", "Dave"}, "Alice"): 2}
    assert p.candidates == ("Carol", "Dave", "Alice")


def test_duplicate_candidate_is_kept_for_the_rule_to_decide(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,rank2,rank3\nAlice,Alice,Bob\n")
    assert list(p.ballots) == [ranking("Alice", "Alice", "Bob")]


def test_spaces_around_names_and_header_are_ignored(tmp_path: Path) -> None:
    p = read(tmp_path, " Rank1 , RANK2 \n Alice , Bob\nAlice,Bob\n")
    assert dict(p.ballots) == {ranking("Alice", "Bob"): 2}


def test_weight_column_anywhere_multiplies_rows(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,weight,rank2\nAlice,3,Bob\nBob,2,\nAlice,1,Bob\n")
    assert dict(p.ballots) == {ranking("Alice", "Bob"): 4, ranking("Bob"): 2}


def test_decimal_weights_are_exact_fractions(tmp_path: Path) -> None:
    p = read(tmp_path, "weight,rank1\n0.5,Alice\n0.25,Bob\n0.5,Alice\n")
    assert dict(p.ballots) == {ranking("Alice"): 1, ranking("Bob"): Fraction(1, 4)}
    assert isinstance(p.ballots[ranking("Alice")], int)


def test_quoted_cells_may_hold_commas(tmp_path: Path) -> None:
    p = read(tmp_path, 'rank1,rank2\n"Smith, John",Alice\n"Smith, John",Alice\nAlice,\n')
    assert dict(p.ballots) == {ranking("Smith, John", "Alice"): 2, ranking("Alice"): 1}


def test_quoted_cell_may_hold_a_line_break(tmp_path: Path) -> None:
    p = read(tmp_path, 'rank1,rank2\n"Smith\nJohn",Alice\nAlice,\n')
    assert dict(p.ballots) == {ranking("Smith\nJohn", "Alice"): 1, ranking("Alice"): 1}


def test_crlf_line_ends_bom_and_empty_lines_are_accepted(tmp_path: Path) -> None:
    p = read(tmp_path, b"\xef\xbb\xbfrank1,rank2\r\nAlice,Bob\r\n\r\nBob,\r\n")
    assert dict(p.ballots) == {ranking("Alice", "Bob"): 1, ranking("Bob"): 1}


def test_names_are_kept_exactly_including_non_ascii(tmp_path: Path) -> None:
    p = read(tmp_path, "rank1,rank2\nZoë Ó Briain,Łukasz\n")
    assert p.candidates == ("Zoë Ó Briain", "Łukasz")


def test_parse_reads_bytes_in_memory_like_a_file() -> None:
    p = rankings_csv.parse(b"rank1\nAlice\nBob\nAlice\n")
    assert dict(p.ballots) == {ranking("Alice"): 2, ranking("Bob"): 1}


# Bad input: one FormatError naming the line.


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert "empty file" in str(refused(tmp_path, ""))
    assert "empty file" in str(refused(tmp_path, "\n\n"))


def test_missing_header_is_refused_on_line_1(tmp_path: Path) -> None:
    err = refused(tmp_path, "Alice,Bob\nBob,Alice\n")
    assert err.line == 1
    assert "missing header" in str(err)


def test_unknown_column_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, "rank1,rank2,voter_id\nAlice,Bob,7\n")
    assert err.line == 1
    assert "voter_id" in str(err)


def test_rank_columns_out_of_order_are_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, "rank1,rank3\nAlice,Bob\n")
    assert err.line == 1
    assert "rank2" in str(err)


def test_header_without_ballots_is_refused(tmp_path: Path) -> None:
    assert "no ballots" in str(refused(tmp_path, "rank1,rank2\n"))


@pytest.mark.parametrize("row", ["Alice", "Alice,Bob,Carol", "Alice,Bob,"])
def test_ragged_row_is_refused_with_its_line(tmp_path: Path, row: str) -> None:
    err = refused(tmp_path, f"rank1,rank2\nAlice,Bob\nBob,\n{row}\nAlice,Bob\n")
    assert err.line == 4
    assert "where the header has 2" in str(err)


def test_ragged_row_after_blank_lines_reports_the_physical_line(tmp_path: Path) -> None:
    err = refused(tmp_path, "\nrank1,rank2\n\nAlice,Bob\n\nAlice\n")
    assert err.line == 6


@pytest.mark.parametrize("weight", ["-1", "two", "", "1e3", "nan"])
def test_bad_weight_is_refused_with_its_line(tmp_path: Path, weight: str) -> None:
    err = refused(tmp_path, f"rank1,weight\nAlice,1\nBob,{weight}\n")
    assert err.line == 3
    assert err.field == "weight"


def test_empty_name_in_an_overvote_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, "rank1,rank2\nAlice,Bob\nAlice=,Bob\n")
    assert err.line == 3


def test_header_repeated_among_ballots_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, "rank1,rank2\nAlice,Bob\nrank1,rank2\nBob,\n")
    assert err.line == 3


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path: Path) -> None:
    err = refused(tmp_path, b"rank1,rank2\nAlice,Bob\nZo\xeb,Bob\n")
    assert err.line == 3
    assert "UTF-8" in str(err)


def test_ragged_row_in_a_file_with_multiline_quotes_is_refused_with_its_line(tmp_path: Path) -> None:
    err = refused(tmp_path, 'rank1,rank2\n"A\nB",C\nAlice\n')
    assert err.line == 4


def test_unknown_suffix_and_missing_file_come_from_detect(tmp_path: Path) -> None:
    from hustings.formats.detect import read_profile

    with pytest.raises(FormatError, match="no such file"):
        read_profile(str(tmp_path / "absent.csv"))


# Round trip: a profile written as CSV reads back as the same profile.


def to_csv(p: Profile, width: int) -> str:
    lines = [",".join(f"rank{i}" for i in range(1, width + 1)) + ",weight"]
    for rk, w in p.ballots.items():
        cells = ["=".join(sorted(r)) for r in rk]
        lines.append(",".join(cells + [""] * (width - len(cells)) + [str(w)]))
    return "\n".join(lines) + "\n"


NAMES = ("Alice", "Bob", "Carol", "Dave", "Zoë")
ranks = st.one_of(
    st.sampled_from(NAMES).map(lambda c: frozenset((c,))),
    st.just(SKIPPED),
    st.frozensets(st.sampled_from(NAMES), min_size=2, max_size=3),
)
rankings_ = st.lists(ranks, max_size=5).map(tuple).filter(lambda rk: not rk or bool(rk[-1]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(rankings_, st.integers(1, 5)), min_size=1, max_size=12))
def test_round_trip_of_random_profiles(ballots: list[tuple[tuple[frozenset[str], ...], int]]) -> None:
    p = Profile.from_ballots([], ballots)
    back = rankings_csv.parse(to_csv(p, 5).encode())
    assert dict(back.ballots) == dict(p.ballots)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(rankings_, st.integers(1, 3)), min_size=1, max_size=12))
def test_fast_and_careful_paths_agree(ballots: list[tuple[tuple[frozenset[str], ...], int]]) -> None:
    """Rows repeated instead of weighted take the fast path; weighted rows the careful one."""
    p = Profile.from_ballots([], ballots)
    rows = ["rank1,rank2,rank3,rank4,rank5"]
    for rk, w in ballots:
        cells = ["=".join(sorted(r)) for r in rk]
        rows += [",".join(cells + [""] * (5 - len(cells)))] * w
    fast = rankings_csv.parse(("\n".join(rows) + "\n").encode())
    careful = rankings_csv.parse(to_csv(p, 5).encode())
    assert dict(fast.ballots) == dict(careful.ballots) == dict(p.ballots)
    assert list(fast.ballots) == list(careful.ballots)
    assert fast.candidates == careful.candidates


def test_benchmark_generator_reader_and_count_run_end_to_end(tmp_path: Path) -> None:
    """The benchmark's own code path at a tiny size, so it cannot rot (no timing asserted)."""
    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    from hustings.count.registry import run

    for model in generate.MODELS:
        path = generate.write(tmp_path / f"{model}.csv", model, 300, seed=1)
        p = rankings_csv.read(path)
        assert p.total == 300
        assert set(p.candidates) <= set(generate.CANDIDATES)
        assert all(1 <= len(rk) <= 12 for rk in p.ballots)
        result = run("irv", p)
        assert result.winner in p.candidates
