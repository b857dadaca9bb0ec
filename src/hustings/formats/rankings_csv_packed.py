"""The CSV of rankings read straight into a :class:`PackedProfile`, with numpy, when the file is plain.

The format is :mod:`hustings.formats.rankings_csv`'s; this module reads only
its plainest files, the kind a million ballots usually come in: no quotes, no
weight column, no ``=`` (overvote), no ``\\r``, no empty line, one name per
cell with no spaces around it, no rank skipped before a later one, no name
twice in a row, at most 15 candidates (so a ranking packs into 64 bits).  Such
a file is exactly a list of strict rankings, so the :class:`PackedProfile`
read here expands to the very profile :func:`rankings_csv.read` gives
(:meth:`PackedProfile.to_profile`); any other file is handed to
:func:`rankings_csv.parse`, which reads it (and reports its errors) as usual.

How, without a Python object per ballot or per cell: the file's bytes are
scanned by numpy, a block of about half a megabyte of whole lines at a time,
for the start and end of every non-empty cell and for the line breaks; each
cell is identified by its bytes (up to eight 64-bit words compared exactly
with those of the names found, a hash only choosing which name to compare
with); every line must have the header's number of commas and its non-empty
cells first; a line packs into one 64-bit number, four bits per rank, and
equal numbers are counted by sorting, each block and then all blocks.  At
10^6 ballots this reads the file in less than half the time of counting its
raw lines and building the profile's rankings (``benchmarks/README.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from hustings.count.packed import PackedProfile
from hustings.count.profile import UNDECLARED_WRITE_IN, Profile
from hustings.formats import rankings_csv
from hustings.formats.errors import FormatError

if TYPE_CHECKING:
    from pathlib import Path

MAX_CANDIDATES = 15
"""Four bits a rank (0: no rank), sixteen ranks a 64-bit number."""
_MAX_WORDS = 8
"""Names up to 64 bytes are compared word by word."""
_BOM = b"\xef\xbb\xbf"
_MARKS = b'"=\r\0'
"""Bytes no plain file holds (a NUL would also defeat the comparison of names by words)."""
_DATA = bytes(2 if b in _MARKS else 0 if b in b",\n" else 1 for b in range(256))
"""``bytes.translate`` table: 1 for a byte inside a cell, 0 for a separator, 2 for one of the marks."""
_BLOCK = 1 << 19
"""Bytes of rows scanned at once: the arrays of a block stay in the processor's cache."""
_HASH_STEP = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1


def read(path: str | Path) -> PackedProfile | Profile:
    """The file as a packed profile when it is plain, else as :func:`rankings_csv.read` reads it."""
    with open(path, "rb") as f:
        data = f.read()
    packed = pack(data)
    return packed if packed is not None else rankings_csv.parse(data, str(path))


def pack(data: bytes, block_size: int = _BLOCK) -> PackedProfile | None:
    """The packed profile of a plain CSV of rankings, or None when the file is not plain (or not valid).

    The rows are scanned in blocks of about ``block_size`` bytes of whole lines.
    """
    if not data.endswith(b"\n"):
        data += b"\n"
    end = data.index(b"\n")
    if end == 0 or end + 1 == len(data) or any(mark in data[:end] for mark in _MARKS):
        return None  # (the rows are searched for the marks block by block, as they are scanned)
    try:
        header = data[:end].removeprefix(_BOM).decode("utf-8").split(",")
        layout = rankings_csv._layout(header, None, lambda: 1)
    except (UnicodeDecodeError, FormatError):
        return None
    if layout.weight_column is not None or (layout.width == 1 and b"\n\n" in data):
        return None  # (wider, an empty line has too few commas)
    names = _Names({h.strip() for h in header})
    blocks: list[tuple[npt.NDArray[np.uint64], int]] = []
    while end + 1 < len(data):
        # A block of whole lines, with the line break before it: small enough to stay in the cache.
        stop = data.find(b"\n", min(end + block_size, len(data) - 1)) + 1
        block = _keys(data[end:stop], layout.width, names)
        if block is None:
            return None
        blocks.append(block)
        end = stop - 1
    candidates = names.text()
    if not candidates:
        return None
    ranks = max(r for _, r in blocks)
    distinct, counts = _distinct(blocks)
    table = np.empty((distinct.size, ranks), dtype=np.uint8)
    once = np.zeros(distinct.size, dtype=np.uint32)
    seen = np.zeros(distinct.size, dtype=np.uint32)
    for p in range(ranks):
        column = (distinct >> np.uint64(60 - 4 * p)) & np.uint64(15)
        table[:, p] = column
        bit = np.where(column > 0, np.uint32(1) << column.astype(np.uint32), np.uint32(0))
        once += bit
        seen |= bit
    if (once != seen).any():
        return None  # a name twice in one ballot
    return PackedProfile(candidates, table, counts)


def _distinct(
    blocks: list[tuple[npt.NDArray[np.uint64], int]],
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """The distinct keys of all blocks in order of first appearance, and how many times each occurs.

    Each block is made distinct first (a small sort that stays in the cache),
    then the blocks' distinct keys together.
    """
    keys, first, counts = [], [], []
    offset = 0
    for block, ranks in blocks:
        k, f, c = _block_distinct(block, ranks)
        keys.append(k)
        first.append(f + offset)
        counts.append(c)
        offset += block.size
    all_keys = np.concatenate(keys)
    order = np.argsort(all_keys, kind="stable")  # a merge of the blocks' sorted runs: faster than a quicksort
    ordered = all_keys[order]
    bounds = _starts_of_runs(ordered)
    earliest = np.minimum.reduceat(np.concatenate(first)[order], bounds)
    total = np.add.reduceat(np.concatenate(counts)[order], bounds)
    by_appearance = np.argsort(earliest)
    return ordered[bounds][by_appearance], total[by_appearance]


def _block_distinct(
    keys: npt.NDArray[np.uint64], ranks: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """A block's distinct keys (sorted), the line where each first appears, and its count.

    A key of ``ranks`` ranks leaves its low ``64 - 4 * ranks`` bits zero; when
    the line numbers fit there, one plain sort (much faster than an argsort)
    orders the keys and finds each one's first line.
    """
    lines = keys.size
    free = 64 - 4 * ranks
    if free >= 64 or lines <= 1 << free:
        low = np.uint64((1 << min(free, 63)) - 1)
        composite = keys | np.arange(lines, dtype=np.uint64)
        composite.sort()
        key = composite & ~low
        bounds = _starts_of_runs(key)
        first = (composite[bounds] & low).astype(np.int64)
        return key[bounds], first, np.diff(np.append(bounds, lines)).astype(np.int64)
    order = np.argsort(keys)
    ordered = keys[order]
    bounds = _starts_of_runs(ordered)
    first = np.minimum.reduceat(order, bounds).astype(np.int64)
    return ordered[bounds], first, np.diff(np.append(bounds, lines)).astype(np.int64)


def _starts_of_runs(ordered: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
    """Where each run of equal values of a sorted array starts."""
    new = np.empty(ordered.size, dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return np.flatnonzero(new)


def _keys(block: bytes, width: int, names: _Names) -> tuple[npt.NDArray[np.uint64], int] | None:
    """Each line of ``block`` (which starts with the line break before its first line) packed into a number.

    Also the most ranks a line marks.  None if a line is not plain.
    """
    rows = np.frombuffer(block, np.uint8)
    translated = block.translate(_DATA)
    if b"\x02" in translated:
        return None  # a quote, "=", "\r" or NUL: not plain
    inside = np.frombuffer(translated, np.int8)
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    edges += 1
    starts, ends = edges[0::2], edges[1::2]  # the block ends with a line break: every cell ends
    breaks = np.flatnonzero(rows == 10)
    size = np.diff(breaks) - 1
    keys = np.zeros(breaks.size - 1, dtype=np.uint64)
    if starts.size == 0:
        return (keys, 0) if (size == width - 1).all() else None
    length = ends - starts
    if int(length.max()) > 8 * _MAX_WORDS:
        return None
    # A cell follows a line break or a non-empty cell: no rank is skipped before a later one.
    first = rows[starts - 1] == 10
    if not (first | (inside[starts - 2] == 1)).all():
        return None
    heads = np.flatnonzero(first)
    # Every line has the header's width-1 commas: a line of names is its names and those commas;
    # any other line is width-1 bytes without a name, so commas only.
    marked = np.flatnonzero(size != width - 1)
    if marked.size != heads.size or (breaks[marked] != starts[heads] - 1).any():
        return None
    cells = np.diff(np.append(heads, starts.size))
    # Names are one comma apart (checked above), so what follows the last name must be width - cells commas.
    if (breaks[marked + 1] - ends[np.append(heads[1:], starts.size) - 1] != width - cells).any():
        return None
    ranks = int(cells.max())
    if ranks > 16:
        return None
    code = names.codes(block, starts, length)
    if code is None:
        return None
    rank = np.arange(starts.size) - np.repeat(heads, cells)
    keys[marked] = np.add.reduceat(_PACKED.take(rank * 16 + code), heads)
    return keys, ranks


_PACKED = np.array([code << (60 - 4 * rank) for rank in range(16) for code in range(16)], dtype=np.uint64)
"""``_PACKED[16 * rank + code]``: a name's code (4 bits) at its rank's place in a line's number."""


class _Names:
    """The candidates found so far, in order of first appearance, and how to recognise them in cells.

    A cell is read as up to eight 64-bit words, the bytes after its end
    masked out; as the file holds no NUL byte, equal words mean equal names.
    A hash of the words (perfect on the names found) says which name to
    compare a cell with.
    """

    def __init__(self, header: set[str]) -> None:
        self.header = header
        self.names: list[bytes] = []
        self.words = 0
        self.multiplier = 0

    def codes(
        self, block: bytes, starts: npt.NDArray[np.intp], length: npt.NDArray[np.intp]
    ) -> npt.NDArray[np.uint8] | None:
        """1 + the candidate number of each cell (new names are added); None past 15 candidates."""
        padded = block + bytes(8 * _MAX_WORDS)
        words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
        needed = max(self.words, (int(length.max()) + 7) // 8)  # as many words as the longest name so far
        cell_words = []
        for j in range(needed):
            w = words[starts + 8 * j]
            keep = (np.clip(length - 8 * j, 0, 8) if j else np.minimum(length, 8)).astype(np.uint64)
            w &= np.uint64(_MASK64) >> (np.uint64(64) - np.uint64(8) * keep)
            if j:
                w[keep == 0] = 0
            cell_words.append(w)
        if needed > self.words:
            self.words = needed
            self.multiplier = 0
        while len(self.names) <= MAX_CANDIDATES:
            if self.names:
                if not self.multiplier:
                    self._rehash()
                    if not self.multiplier:
                        return None
                fingerprint = cell_words[0]
                for w in cell_words[1:]:
                    fingerprint = fingerprint * np.uint64(_HASH_STEP) + w
                slot = (fingerprint * np.uint64(self.multiplier)) >> np.uint64(56)
                ok = self.expected[0].take(slot) == cell_words[0]
                for j in range(1, needed):
                    ok &= self.expected[j].take(slot) == cell_words[j]
                unknown = np.flatnonzero(~ok)
                if unknown.size == 0:
                    return self.code.take(slot)
                s, n = int(starts[unknown[0]]), int(length[unknown[0]])
            else:
                s, n = int(starts[0]), int(length[0])
            self.names.append(block[s : s + n])
            self.multiplier = 0
        return None

    def _rehash(self) -> None:
        """Choose a hash with no two names in one of 256 slots, and each slot's name (0: none)."""
        prints = [_fingerprint(name, self.words) for name in self.names]
        for attempt in range(1, 256):
            multiplier = (_HASH_STEP * attempt) & _MASK64 | 1
            slots = [((p * multiplier) & _MASK64) >> 56 for p in prints]
            if len(set(slots)) == len(slots):
                self.multiplier = multiplier
                self.code = np.zeros(256, dtype=np.uint8)
                self.code[slots] = np.arange(1, len(self.names) + 1)
                # A cell's first word is never 0 (it has no NUL), so an empty slot matches no cell.
                self.expected = np.zeros((self.words, 256), dtype=np.uint64)
                self.expected[:, slots] = np.array([_words(name, self.words) for name in self.names]).T
                return

    def text(self) -> tuple[str, ...] | None:
        """The names as text, if each is one the careful reader reads the same way."""
        out: list[str] = []
        for raw in self.names:
            try:
                name = raw.decode("utf-8")
            except UnicodeDecodeError:
                return None
            if not name or name.strip() != name or name == UNDECLARED_WRITE_IN or name in self.header:
                return None
            out.append(name)
        return tuple(out)


def _words(name: bytes, count: int) -> list[int]:
    padded = name + bytes(8 * count - len(name))
    return [int.from_bytes(padded[8 * j : 8 * j + 8], "little") for j in range(count)]


def _fingerprint(name: bytes, count: int) -> int:
    """As the cells' fingerprints are computed: the first word, then times the step plus each next word."""
    first, *rest = _words(name, count)
    h = first
    for w in rest:
        h = (h * _HASH_STEP + w) & _MASK64
    return h
