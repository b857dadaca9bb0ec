"""The CSV of rankings: one ballot per row, candidate names in rank columns.

The format (docs/contracts.md, `hustings count`; docs/formats.md)::

    rank1,rank2,rank3,weight
    Alice,Bob,,1
    Bob,,Carol,2
    Carol=Dave,Alice,,1

* **Header.** The first non-empty line names the columns: ``rank1``,
  ``rank2``, ... numbered from 1 in order, and optionally one ``weight``
  column anywhere (case and surrounding spaces do not matter).  No other
  column is allowed: an unknown column is an error, not something dropped
  silently.
* **Rows.** One ballot per row, with exactly as many cells as the header
  (a row with more or fewer cells is an error naming its line).  Empty lines
  are ignored; a blank ballot is a row of empty cells (``,,``).
* **Cells.** A cell holds the name of the candidate ranked at that position,
  spaces around it removed (names are otherwise kept exactly as written).
  An empty cell is a skipped rank *if a later cell is marked* (the profile
  keeps it as an empty rank, and the counting rule decides what a skip
  means); empty cells after the last mark are simply the end of the ballot.
* **Overvotes.** Several names at one rank are written in one cell separated
  by ``=`` (``Carol=Dave``): they become one rank holding several names, an
  overvote, which again the counting rule decides.  A name therefore cannot
  contain ``=``.
* **Weight.** A non-negative whole number or exact decimal (``3``, ``0.5``);
  without a weight column every row weighs 1.
* **Candidates** are the distinct names in order of first appearance in the
  file (row by row, left to right).  A candidate no ballot names cannot be
  declared in this format; use BLT when that matters.
* **CSV quoting** follows RFC 4180 (``"Smith, John"``; ``""`` for a quote).
* The file is UTF-8 (a byte-order mark is allowed).

Reading is fast because ballots repeat: the file's lines are counted as raw
bytes first (``collections.Counter`` runs at C speed), and only the distinct
lines are split and decoded.  Lines with quotes are split by the ``csv``
module; a quoted cell holding a line break makes the whole file go through
the ``csv`` module instead (correct, and slower).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice, repeat
from typing import TYPE_CHECKING, TypeAlias

from hustings.count.profile import SKIPPED, Profile, Rank, Ranking, Weight
from hustings.formats.errors import FormatError
from hustings.formats.limits import MAX_NUMBER_CHARS, bounded, too_long

if TYPE_CHECKING:
    from pathlib import Path

OVERVOTE_SEPARATOR = "="
"""Separates several names marked at the same rank within one cell."""

_CHUNK = 1 << 22
_RANK_COLUMN = re.compile(r"rank(\d+)")
_WEIGHT = re.compile(r"\d+(\.\d+)?|\.\d+")
_HEADER_HELP = "the header must be rank1,rank2,... with an optional weight column"


@dataclass(frozen=True)
class _Layout:
    """Where the rank cells and the weight are in a row."""

    width: int
    weight_column: int | None


def read(path: str | Path) -> Profile:
    """Read a CSV of rankings into a profile (see the module docstring).

    Raises :class:`FormatError` naming the line for a missing or malformed
    header, a row with the wrong number of cells, a bad weight, bytes that are
    not UTF-8, or a file with no ballots.
    """
    from pathlib import Path  # here, not at the top: the packed reader imports this module and needs no pathlib

    file = Path(path)
    return _profile(_count_lines(file), str(path), file.read_bytes)


def parse(data: bytes, source: str | None = None) -> Profile:
    """Read a CSV of rankings from bytes already in memory."""
    return _profile(Counter(data.splitlines()), source, lambda: data)


def _count_lines(path: Path) -> Counter[bytes]:
    """Each distinct physical line with its number of occurrences, in order of first appearance."""
    counts: Counter[bytes] = Counter()
    tail = b""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            block = tail + chunk
            cut = block.rfind(b"\n") + 1  # cutting after "\n" keeps a "\r\n" whole
            counts.update(block[:cut].splitlines())
            tail = block[cut:]
    counts.update(tail.splitlines())
    return counts


Row: TypeAlias = tuple[list[str], int, Hashable]
"""A distinct row: its cells, how many times it occurs, and a key to find its line."""


def _profile(counts: Counter[bytes], source: str | None, reload: Callable[[], bytes]) -> Profile:
    counts.pop(b"", None)
    if not counts:
        raise FormatError(source, f"empty file: {_HEADER_HELP}")
    lines = _Lines(reload)
    distinct = iter(counts.items())
    header, occurrences = next(distinct)
    if occurrences > 1:
        raise FormatError(source, "the header line appears again among the ballots", line=lines.nth(header, 2))
    quoted = b'"' in b"".join(counts)
    if quoted and any(line.count(b'"') % 2 for line in counts):
        # A quoted cell spans lines: only the csv module can find the rows.
        return _profile_from_csv(reload(), source)
    header_cells = _cells(header.removeprefix(_BOM), source, lambda: lines.nth(header, 1))
    layout = _layout(header_cells, source, lambda: lines.nth(header, 1))
    if layout.weight_column is None:
        profile = _fast(counts, layout.width)
        if profile is not None:
            return profile

    def line_of(key: Hashable) -> int:
        assert isinstance(key, bytes)
        return lines.nth(key, 1, after=header)

    rows = ((_cells(line, source, lambda line=line: line_of(line)), n, line) for line, n in distinct)  # type: ignore[misc]
    return _build(rows, layout, source, line_of)


class _Unusual(Exception):
    """The fast path met something only the careful path handles (and reports)."""


class _Ranks(dict[bytes, Rank]):
    """Cell bytes -> rank, registering names in order of first appearance.

    Each distinct cell is decoded once, here; a line made of cells that
    decode is itself valid UTF-8, so lines are never decoded whole.
    """

    def __init__(self) -> None:
        super().__init__({b"": SKIPPED})
        self.candidates: dict[str, None] = {}

    def __missing__(self, cell: bytes) -> Rank:
        try:
            text = cell.decode("utf-8")
        except UnicodeDecodeError:
            raise _Unusual(cell) from None
        names = [name.strip() for name in text.split(OVERVOTE_SEPARATOR)]
        if "" in names:
            raise _Unusual(cell)
        for name in names:
            self.candidates.setdefault(name, None)
        rank = self[cell] = frozenset(names)
        return rank


def _fast(counts: Counter[bytes], width: int) -> Profile | None:
    """The profile of a file without quotes or weights, using bulk operations only; None if unusual.

    The header is the first key of ``counts``.  Every step below is a C loop
    (``map`` over built-in methods), so no Python code runs per line.
    Anything this path does not expect (bad UTF-8, a row of the wrong width,
    an empty name, cells of spaces) sends the file to the careful path
    instead, which reads it the same way and names the line of any error.
    """
    lines = list(islice(counts, 1, None))
    if not lines or set(map(bytes.count, lines, repeat(b",", len(lines)))) != {width - 1}:
        return None
    ranks = _Ranks()
    cells = map(bytes.split, map(bytes.rstrip, lines, repeat(_TRAILING)), repeat(b","))
    try:
        with _collector_paused():
            rankings: list[Ranking] = list(map(tuple, map(map, repeat(ranks.__getitem__), cells)))
    except _Unusual:
        return None
    weights = list(islice(counts.values(), 1, None))
    ballots: dict[Ranking, Weight] = dict(zip(rankings, weights, strict=True))
    if len(ballots) < len(rankings) or (SKIPPED,) in ballots:
        # Rows differing only in spaces or in the order of names at one rank; a blank row.
        ballots = {}
        for rk, n in zip(rankings, weights, strict=True):
            key = () if rk == (SKIPPED,) else rk
            ballots[key] = ballots.get(key, 0) + n
    return Profile(tuple(ranks.candidates), ballots)


_TRAILING = b", \t"


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic containers.

    Hundreds of thousands of new tuples trigger full collections again and
    again although none of them can be part of a cycle; pausing it halves the
    time to read a large file.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_BOM = b"\xef\xbb\xbf"


class _Lines:
    """The file's physical lines, loaded again only when an error needs a line number."""

    def __init__(self, reload: Callable[[], bytes]) -> None:
        self._reload = reload
        self._lines: list[bytes] | None = None

    def nth(self, line: bytes, n: int, after: bytes | None = None) -> int:
        """1-based number of the ``n``-th line equal to ``line`` (after the first ``after``, if given)."""
        if self._lines is None:
            self._lines = self._reload().splitlines()
        started = after is None
        for i, text in enumerate(self._lines, 1):
            if not started:
                started = text == after
                continue
            if text.removeprefix(_BOM) == line.removeprefix(_BOM):
                n -= 1
                if n == 0:
                    return i
        return 1


def _cells(line: bytes, source: str | None, line_number: Callable[[], int]) -> list[str]:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(source, f"not UTF-8 text ({exc.reason})", line=line_number()) from None
    if '"' in text:
        try:
            return next(csv.reader([text]))
        except csv.Error as exc:
            raise FormatError(source, f"bad CSV: {exc}", line=line_number()) from None
    return text.split(",")


def _layout(header: list[str], source: str | None, line_number: Callable[[], int]) -> _Layout:
    names = [h.strip().lower() for h in header]
    weight_column: int | None = None
    rank = 0
    for i, name in enumerate(names):
        if name == "weight" and weight_column is None:
            weight_column = i
            continue
        m = _RANK_COLUMN.fullmatch(name)
        if m is None:
            if rank == 0 and weight_column is None:
                shown = ",".join(h.strip() for h in header)
                raise FormatError(source, f"missing header: {_HEADER_HELP} (got {shown[:60]!r})", line=line_number())
            what = "a second weight column" if name == "weight" else f"unexpected column {header[i].strip()!r}"
            raise FormatError(source, f"{what}; {_HEADER_HELP}", line=line_number())
        rank += 1
        if len(m.group(1)) > MAX_NUMBER_CHARS or int(m.group(1)) != rank:
            raise FormatError(
                source,
                f"column {header[i].strip()!r} out of order: expected rank{rank}; {_HEADER_HELP}",
                line=line_number(),
            )
    if rank == 0:
        raise FormatError(source, f"no rank columns; {_HEADER_HELP}", line=line_number())
    return _Layout(len(names), weight_column)


def _build(rows: Iterable[Row], layout: _Layout, source: str | None, line_of: Callable[[Hashable], int]) -> Profile:
    """Turn distinct rows into a profile, merging rows that are the same ballot."""
    width = layout.width
    wcol = layout.weight_column
    ranks: dict[str, Rank] = {"": SKIPPED}
    candidates: dict[str, None] = {}
    ballots: dict[Ranking, Weight] = {}
    for cells, n, key in rows:
        if len(cells) != width:
            raise FormatError(
                source,
                f"{len(cells)} cell{'s' if len(cells) != 1 else ''} where the header has {width}",
                line=line_of(key),
            )
        weight: Weight = n
        if wcol is not None:
            weight = _weight(cells.pop(wcol), source, lambda key=key: line_of(key)) * n  # type: ignore[misc]
        while cells and not cells[-1].strip():
            cells.pop()
        ranking: list[Rank] = []
        for cell in cells:
            rank = ranks.get(cell)
            if rank is None:
                names = [name.strip() for name in cell.split(OVERVOTE_SEPARATOR)] if cell.strip() else []
                if "" in names:
                    raise FormatError(
                        source, f"empty name in {cell.strip()!r} (several names at one rank are A=B)", line=line_of(key)
                    )
                rank = ranks[cell] = frozenset(names)
                for name in names:
                    candidates.setdefault(name, None)
            ranking.append(rank)
        rk = tuple(ranking)
        ballots[rk] = ballots.get(rk, 0) + weight
    if not ballots:
        raise FormatError(source, "no ballots: the file has a header but no rows")
    for rk, w in ballots.items():
        if isinstance(w, Fraction) and w.denominator == 1:
            ballots[rk] = w.numerator
    return Profile(tuple(candidates), ballots)


def _weight(text: str, source: str | None, line_number: Callable[[], int]) -> Weight:
    s = text.strip()
    if len(s) > MAX_NUMBER_CHARS:
        too_long(s, source, line=line_number(), field="weight", what="weight")
    if s.isascii() and s.isdigit():
        return bounded(int(s), s, source, line=line_number(), field="weight")
    if _WEIGHT.fullmatch(s):
        return bounded(Fraction(s), s, source, line=line_number(), field="weight")
    raise FormatError(
        source,
        f"bad weight {s!r}: a weight is a non-negative whole number or decimal",
        line=line_number(),
        field="weight",
    )


def _profile_from_csv(data: bytes, source: str | None) -> Profile:
    """Rows found by the csv module over the whole file (quoted cells spanning lines)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(source, f"not UTF-8 text ({exc.reason})", line=data[: exc.start].count(b"\n") + 1) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 1
    merged: dict[tuple[str, ...], list[int]] = {}  # row -> [occurrences, first line]
    start = 1
    try:
        for row in reader:
            if row:
                if header is None:
                    header, header_line = row, start
                else:
                    entry = merged.setdefault(tuple(row), [0, start])
                    entry[0] += 1
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FormatError(source, f"bad CSV: {exc}", line=reader.line_num) from None
    if header is None:
        raise FormatError(source, f"empty file: {_HEADER_HELP}")
    layout = _layout(header, source, lambda: header_line)
    if tuple(header) in merged:
        raise FormatError(source, "the header line appears again among the ballots", line=merged[tuple(header)][1])
    rows: list[Row] = [(list(row), entry[0], row) for row, entry in merged.items()]
    return _build(rows, layout, source, lambda key: merged[key][1])  # type: ignore[index]
