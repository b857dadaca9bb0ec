"""The packed reader reads a plain CSV of rankings as the ordinary reader does, and hands anything else back to it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.count.packed import PackedProfile
from hustings.count.profile import Profile
from hustings.formats import rankings_csv, rankings_csv_packed
from hustings.formats.errors import FormatError

# Names that trip a byte-level reader: prefixes of each other, inner spaces, non-ASCII, longer than 8 and 16 bytes.
POOL = ("Ann", "Annabel", "Bo", "Jean-Luc Picard", "Zoë", "Bartholomew Featherstonehaugh", "X", "Ó Súilleabháin")


@st.composite
def plain_files(draw: st.DrawFn) -> bytes:
    """A plain CSV of rankings: strict rankings, trailing empty cells, maybe blank rows and no final line break."""
    names = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=len(POOL), unique=True))
    rows = draw(
        st.lists(st.permutations(names).flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[:k])), min_size=1)
    )
    width = max(2, max(len(r) for r in rows) + draw(st.integers(0, 2)))  # (one column: a blank row is an empty line)
    lines = [",".join(f"rank{i}" for i in range(1, width + 1))]
    lines += [",".join(list(r) + [""] * (width - len(r))) for r in rows]
    text = "\n".join(lines) + draw(st.sampled_from(["\n", ""]))
    return draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + text.encode()


def same_profile(packed: PackedProfile, profile: Profile) -> None:
    expanded = packed.to_profile()
    assert expanded.candidates == profile.candidates
    assert list(expanded.ballots.items()) == list(profile.ballots.items())  # same rankings, weights and order
    assert packed.total == profile.total
    assert len(packed) == len(profile)


@settings(max_examples=300, deadline=None)
@given(plain_files(), st.sampled_from([1, 16, 64, 1 << 19]))
def test_plain_file_packs_to_the_profile_the_ordinary_reader_reads(data: bytes, block_size: int) -> None:
    profile = rankings_csv.parse(data)
    if not profile.candidates:  # only blank ballots: the ordinary reader's business
        assert rankings_csv_packed.pack(data, block_size) is None
        return
    packed = rankings_csv_packed.pack(data, block_size)
    assert packed is not None
    same_profile(packed, profile)


def test_read_packs_a_plain_file(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("rank1,rank2,rank3\nBob,Ann,\nAnn,,\n,,\nBob,Ann,\nCat,Bob,Ann\n")
    packed = rankings_csv_packed.read(path)
    assert isinstance(packed, PackedProfile)
    assert packed.candidates == ("Bob", "Ann", "Cat")
    assert packed.counts.tolist() == [2, 1, 1, 1]
    same_profile(packed, rankings_csv.read(path))


@pytest.mark.parametrize(
    "text",
    [
        'rank1,rank2\n"Ann",Bob\n',  # quotes
        "rank1,rank2,weight\nAnn,Bob,2\n",  # weight column
        "rank1,rank2\nAnn=Bob,\n",  # overvote
        "rank1,rank2,rank3\nAnn,,Bob\n",  # skipped rank before a later one
        "rank1,rank2\n,Ann\n",  # first rank skipped
        "rank1,rank2\nAnn,Ann\n",  # a name twice
        "rank1,rank2\nAnn, Bob\n",  # spaces around a name
        "rank1,rank2\r\nAnn,Bob\r\n",  # CRLF
        "rank1,rank2\nAnn,Bob\n\nBob,\n",  # an empty line
        "rank1\nAnn\n\nBob\n",  # an empty line in a one-column file
        "rank1,rank2\nAnn,Bob\nrank1,rank2\n",  # the header again (an error)
        "rank1,rank2\nAnn,Undeclared Write-ins\n",  # undeclared write-ins
        "rank1,rank2\nAnn,Bob\nBob\n",  # a short row (an error)
        "rank1,rank2\nAnn,Bob,\n",  # a long row (an error)
        "rank1,rank2\nAnn,Bob\t\n",  # a tab after a name
        "rank1,rank2\nAnn,B\x00b\n",  # a NUL byte
        "rank1,rank2\n,\n,\n",  # blank ballots only
        "rank1,rank2\n",  # no ballots (an error)
        "",  # empty (an error)
        "\nrank1,rank2\nAnn,Bob\n",  # the header after an empty line
        "Ann,Bob\nBob,Ann\n",  # no header (an error)
        "rank1,rank2\n" + "".join(f"C{i},\n" for i in range(16)),  # 16 candidates
        ",".join(f"rank{i}" for i in range(1, 18)) + "\n" + ",".join(f"C{i}" for i in range(17)) + "\n",  # 17 ranks
        "rank1,rank2\nAnn,Bob\n" + "x" * 70 + ",\n",  # a name over 64 bytes
    ],
)
def test_anything_but_a_plain_file_goes_to_the_ordinary_reader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(text.encode())
    assert rankings_csv_packed.pack(path.read_bytes()) is None
    try:
        expected: Profile | str = rankings_csv.read(path)
    except FormatError as exc:
        expected = str(exc)
    try:
        got: Profile | PackedProfile | str = rankings_csv_packed.read(path)
    except FormatError as exc:
        got = str(exc)
    assert isinstance(got, (Profile, str))
    assert got == expected
    if isinstance(got, Profile) and isinstance(expected, Profile):
        assert list(got.ballots) == list(expected.ballots)


def test_bytes_that_are_not_utf8_give_the_ordinary_error(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(b"rank1,rank2\nAnn,Bob\nB\xffb,Ann\n")
    with pytest.raises(FormatError) as packed_error:
        rankings_csv_packed.read(path)
    with pytest.raises(FormatError) as ordinary_error:
        rankings_csv.read(path)
    assert str(packed_error.value) == str(ordinary_error.value)
    assert packed_error.value.line == 3


@pytest.mark.parametrize("mark", ['"', "=", "\r", "\x00"])
def test_a_byte_no_plain_file_holds_is_found_in_the_header_or_any_block(mark: str) -> None:
    rows = ["Ann,Bob", "Bob,", "Cat,Ann"] * 40
    assert rankings_csv_packed.pack(("rank1,rank2\n" + "\n".join(rows) + "\n").encode(), block_size=32) is not None
    assert rankings_csv_packed.pack(("rank1" + mark + ",rank2\n" + "\n".join(rows) + "\n").encode()) is None
    for at in (0, 60, len(rows) - 1):
        marked = [*rows[:at], rows[at].replace(",", mark + ",", 1), *rows[at + 1 :]]
        assert rankings_csv_packed.pack(("rank1,rank2\n" + "\n".join(marked) + "\n").encode(), block_size=32) is None


def test_a_name_first_seen_late_in_a_later_block_is_found() -> None:
    rows = ["Ann,Bob"] * 50 + ["Cat,"] + ["Bob,Cat"] * 3 + ["Annabel,Ann"]
    data = ("rank1,rank2\n" + "\n".join(rows) + "\n").encode()
    packed = rankings_csv_packed.pack(data, block_size=32)
    assert packed is not None
    assert packed.candidates == ("Ann", "Bob", "Cat", "Annabel")
    same_profile(packed, rankings_csv.parse(data))


@st.composite
def blocks_of_keys(draw: st.DrawFn) -> list[list[tuple[int, ...]]]:
    """Blocks of lines, each line a ranking of codes 1..15 (up to 16 ranks), drawn from a small pool."""
    pool = draw(st.lists(st.lists(st.integers(1, 15), max_size=16).map(tuple), min_size=1, max_size=8))
    line = st.sampled_from(pool)
    return draw(st.lists(st.lists(line, min_size=1, max_size=40), min_size=1, max_size=5))


@settings(max_examples=300, deadline=None)
@given(blocks_of_keys())
def test_distinct_lines_are_found_in_order_of_first_appearance_with_their_counts(
    blocks: list[list[tuple[int, ...]]],
) -> None:
    """Lines of many ranks leave no room for a line's number in the key: both ways must agree."""

    def key(codes: tuple[int, ...]) -> int:
        return sum(c << (60 - 4 * p) for p, c in enumerate(codes))

    arrays = [(np.array([key(c) for c in b], dtype=np.uint64), max(len(c) for c in b)) for b in blocks]
    distinct, counts = rankings_csv_packed._distinct(arrays)
    expected = Counter(key(c) for b in blocks for c in b)  # insertion order: first appearance
    assert distinct.tolist() == list(expected)
    assert counts.tolist() == list(expected.values())
