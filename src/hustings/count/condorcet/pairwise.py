"""The pairwise matrix: for each ordered pair (a, b), the weight of ballots preferring a to b.

A ballot is read as a weak order with :meth:`Profile.weak`: candidates at
earlier ranks are preferred to those at later ranks, any ranked candidate is
preferred to every unranked one, and candidates at the same rank (an equal
ranking or an overvote) or both unranked contribute nothing to their pair.
This is the usual reading of truncated ballots for Condorcet methods (a
voter prefers every candidate ranked to every candidate left unranked, and is
indifferent among those left unranked); ``pref_voting`` calls it "extended
strict preference".

Exactness and size.  The matrix is a numpy array of whole numbers: every
weight is multiplied by the common denominator of the weights (``scale``, 1
for whole-number ballots), so ``counts[a, b] / scale`` is exactly the weight
preferring a to b.  While the scaled total fits in 62 bits the array is
int64; past that it is summed in 32-bit pieces and kept as Python integers,
still exact, for at most :data:`MAX_CANDIDATES_PAST_INT64` candidates and
:data:`MAX_PIECE_STEPS` steps.  A scaled total over
:data:`MAX_WEIGHT_DIGITS` digits, more than :data:`MAX_CANDIDATES`
candidates, or a count past those bounds is refused with a
:class:`PairwiseError` saying why.  Building costs one pass over the
ballots, ``k × n`` for a ballot ranking ``k`` of ``n`` candidates.
"""

from __future__ import annotations

import math
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hustings.count.by_score import score_result
from hustings.count.profile import Profile, Weight
from hustings.count.result import Result, TieBreak, Votes

MAX_CANDIDATES = 2_000
"""The most candidates a pairwise count takes: its matrices have ``n²`` cells, its strongest paths ``n³`` steps."""

MAX_WEIGHT_DIGITS = 1_000
"""The most decimal digits the total weight may need once scaled to whole numbers."""

MAX_CANDIDATES_PAST_INT64 = 300
"""The most candidates when the scaled total needs more than 62 bits (its matrix is of Python integers)."""

MAX_PIECE_STEPS = 10**9
"""Past 62 bits: the most distinct ballots x candidates² x 32-bit pieces of the total (about 6 s here)."""

_INT64_BITS = 62  # a scaled total below 2**62 leaves int64 room to subtract and negate
_PIECE_BITS = 32
_MAX_BITS = 4 * MAX_WEIGHT_DIGITS  # more bits than the digits allowed can need: str() only below it


class PairwiseError(ValueError):
    """A profile too large for a pairwise count; the message says which limit and why."""


class Matrix(Mapping[str, Mapping[str, Weight]]):
    """``matrix[a][b]``: the weight of ballots preferring ``a`` to ``b`` (no diagonal).

    Read as a mapping of mappings of exact weights (``int``, or ``Fraction``
    when the ballots' weights are fractions); the counts behind it are
    :attr:`counts` (whole numbers, ``scale`` to one vote) in the order of
    :attr:`names`, which the methods read directly.
    """

    __slots__ = ("counts", "index", "names", "scale")

    def __init__(self, names: Sequence[str], counts: NDArray[Any], scale: int = 1) -> None:
        self.names: tuple[str, ...] = tuple(names)
        self.index: dict[str, int] = {c: i for i, c in enumerate(self.names)}
        self.counts = counts
        self.scale = scale

    @classmethod
    def of(cls, matrix: Mapping[str, Mapping[str, Weight]]) -> Matrix:
        """A :class:`Matrix` holding the same weights as ``matrix`` (itself, if it is one)."""
        if isinstance(matrix, Matrix):
            return matrix
        names = list(matrix)
        scale = math.lcm(*(Fraction(w).denominator for row in matrix.values() for w in row.values()))
        counts = _counts_array([[0 if a == b else int(matrix[a][b] * scale) for b in names] for a in names])
        return cls(names, counts, scale)

    def weight(self, value: Any) -> Weight:
        """A scaled count as the exact weight it stands for."""
        if self.scale == 1:
            return int(value)
        w = Fraction(int(value), self.scale)
        return w.numerator if w.denominator == 1 else w

    def __getitem__(self, a: str) -> Mapping[str, Weight]:
        if a not in self.index:
            raise KeyError(a)
        return _Row(self, a)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        return f"Matrix({ {a: _Row(self, a).as_dict() for a in self.names}!r})"


class _Row(Mapping[str, Weight]):
    """One row of a :class:`Matrix`: the weights preferring ``a`` to each other candidate."""

    __slots__ = ("_a", "_i", "_matrix")

    def __init__(self, matrix: Matrix, a: str) -> None:
        self._matrix = matrix
        self._a = a
        self._i = matrix.index[a]

    def __getitem__(self, b: str) -> Weight:
        j = self._matrix.index.get(b)
        if j is None or b == self._a:
            raise KeyError(b)
        return self._matrix.weight(self._matrix.counts[self._i, j])

    def __iter__(self) -> Iterator[str]:
        return (b for b in self._matrix.names if b != self._a)

    def __len__(self) -> int:
        return len(self._matrix.names) - 1

    def as_dict(self) -> dict[str, Weight]:
        """The row as a dictionary, read from the counts in one pass."""
        m = self._matrix
        counts = m.counts[self._i].tolist()
        return {b: m.weight(v) for b, v in zip(m.names, counts, strict=True) if b != self._a}

    def items(self) -> ItemsView[str, Weight]:
        return self.as_dict().items()

    def values(self) -> ValuesView[Weight]:
        return self.as_dict().values()

    def __repr__(self) -> str:
        return repr(self.as_dict())


def pairwise_matrix(profile: Profile) -> Matrix:
    """The pairwise matrix of the continuing candidates, in ballot-paper order."""
    names = profile.continuing
    n = len(names)
    if n > MAX_CANDIDATES:
        raise PairwiseError(
            f"{n:,} candidates standing: pairwise methods count at most {MAX_CANDIDATES:,} "
            f"(the matrix of pairs grows as the square of the candidates, strongest paths as the cube)"
        )
    ballots = list(profile.weak())
    scale = _common_denominator(w for _, w in ballots)
    weights = [int(w * scale) for _, w in ballots]
    total = sum(abs(w) for w in weights)
    if total.bit_length() > _MAX_BITS or len(str(total)) > MAX_WEIGHT_DIGITS:
        raise _too_fine()
    index = {c: i for i, c in enumerate(names)}
    counts: NDArray[Any]
    if total.bit_length() <= _INT64_BITS:
        counts = _accumulate(ballots, weights, index, n)
    else:
        _check_past_int64(len(ballots), n, total)
        counts = _accumulate_in_pieces(ballots, weights, index, n, total.bit_length())
    return Matrix(names, counts, scale)


def _check_past_int64(ballots: int, n: int, total: int) -> None:
    """Refuse a count in pieces too large for the memory or time a count may take."""
    why = f"the ballots' weights total {len(str(total)):,} digits, past 64-bit integers, and "
    if n > MAX_CANDIDATES_PAST_INT64:
        raise PairwiseError(
            why + f"are counted exactly for at most {MAX_CANDIDATES_PAST_INT64:,} candidates ({n:,} standing)"
        )
    steps = ballots * n * n * -(-total.bit_length() // _PIECE_BITS)
    if steps > MAX_PIECE_STEPS:
        raise PairwiseError(
            why + f"counting {ballots:,} distinct ballots over {n:,} candidates exactly would take "
            f"{steps:.1e} steps (distinct ballots x candidates² x 32-bit pieces; the limit is {MAX_PIECE_STEPS:.0e})"
        )


def _too_fine() -> PairwiseError:
    return PairwiseError(
        "the ballots' weights are too large or too finely divided for a pairwise count: "
        f"their total needs more than {MAX_WEIGHT_DIGITS:,} digits as a whole number of parts"
    )


def _common_denominator(weights: Iterable[Weight]) -> int:
    """The least common denominator of the weights, refused once past the digits allowed."""
    scale = 1
    for w in weights:
        if isinstance(w, Fraction) and scale % w.denominator:
            scale = math.lcm(scale, w.denominator)
            if scale.bit_length() > _MAX_BITS:
                raise _too_fine()
    return scale


def _positions(ranks: tuple[frozenset[str], ...], index: Mapping[str, int]) -> tuple[list[int], list[int]]:
    """The candidates a ballot ranks (as numbers) and the rank of each."""
    ranked: list[int] = []
    level: list[int] = []
    for r, rank in enumerate(ranks):
        for c in rank:
            ranked.append(index[c])
            level.append(r)
    return ranked, level


def _accumulate(
    ballots: Sequence[tuple[tuple[frozenset[str], ...], Weight]],
    weights: Sequence[int],
    index: Mapping[str, int],
    n: int,
) -> NDArray[np.int64]:
    """Each ballot adds its weight to (a, b) for every a it ranks above b: int64, the total fits."""
    counts = np.zeros((n, n), dtype=np.int64)
    unranked = np.iinfo(np.int32).max
    position = np.full(n, unranked, dtype=np.int32)
    for (ranks, _), w in zip(ballots, weights, strict=True):
        ranked, level = _positions(ranks, index)
        if not ranked or w == 0:
            continue
        rows = np.array(ranked, dtype=np.intp)
        position[rows] = level
        if len(ranked) * 8 >= n:  # whole rows at once beat gathering and scattering most of them
            counts += np.less.outer(position, position) * np.int64(w)
        else:
            counts[rows] += np.less.outer(position[rows], position) * np.int64(w)
        position[rows] = unranked
    return counts


def _accumulate_in_pieces(
    ballots: Sequence[tuple[tuple[frozenset[str], ...], Weight]],
    weights: Sequence[int],
    index: Mapping[str, int],
    n: int,
    bits: int,
) -> NDArray[np.object_]:
    """As :func:`_accumulate` for weights past int64: 32-bit pieces summed in int64, then joined exactly.

    Each piece's sum stays below 2**63 while there are fewer than 2**31 ballots;
    carrying between pieces then leaves each a 32-bit digit (the last one
    signed), and each cell is read from its digits at once.
    """
    pieces = -(-bits // _PIECE_BITS) + 2  # room for the carries
    mask = (1 << _PIECE_BITS) - 1
    sums = np.zeros((pieces, n, n), dtype=np.int64)
    unranked = np.iinfo(np.int32).max
    position = np.full(n, unranked, dtype=np.int32)
    for (ranks, _), w in zip(ballots, weights, strict=True):
        ranked, level = _positions(ranks, index)
        if not ranked or w == 0:
            continue
        rows = np.array(ranked, dtype=np.intp)
        position[rows] = level
        sign, size = (-1 if w < 0 else 1), abs(w)
        digits = np.array([sign * ((size >> (_PIECE_BITS * p)) & mask) for p in range(pieces)], dtype=np.int64)
        used = int(np.flatnonzero(digits)[-1]) + 1
        above = np.less.outer(position[rows], position)
        sums[:used, rows] += digits[:used, None, None] * above[None]
        position[rows] = unranked
    for p in range(pieces - 1):
        carry = sums[p] >> _PIECE_BITS
        sums[p] -= carry << _PIECE_BITS
        sums[p + 1] += carry
    low = np.ascontiguousarray(np.moveaxis(sums[:-1].astype("<u4"), 0, -1)).tobytes()
    width = 4 * (pieces - 1)
    top = sums[-1].ravel().tolist()
    shift = _PIECE_BITS * (pieces - 1)
    cells = [int.from_bytes(low[i * width : (i + 1) * width], "little") + (t << shift) for i, t in enumerate(top)]
    counts = np.empty(n * n, dtype=object)
    counts[:] = cells
    return counts.reshape(n, n)


def _counts_array(rows: list[list[int]]) -> NDArray[Any]:
    big = max((abs(v) for row in rows for v in row), default=0)
    return np.array(rows, dtype=np.int64 if big.bit_length() <= _INT64_BITS else object).reshape(len(rows), len(rows))


def beats(matrix: Mapping[str, Mapping[str, Weight]], a: str, b: str) -> bool:
    """More ballots prefer ``a`` to ``b`` than ``b`` to ``a``."""
    return matrix[a][b] > matrix[b][a]


def condorcet_winner(matrix: Mapping[str, Mapping[str, Weight]]) -> str | None:
    """The candidate who beats every other, if there is one."""
    m = Matrix.of(matrix)
    wins = np.count_nonzero(m.counts > m.counts.T, axis=1)
    found = np.flatnonzero(wins == len(m.names) - 1)
    return m.names[found[0]] if len(found) else None


def condorcet_result(
    method: str,
    profile: Profile,
    options: Any,
    matrix: Mapping[str, Mapping[str, Weight]],
    scores: Mapping[str, Votes],
    elected: tuple[str, ...],
    ties: Sequence[TieBreak],
    notes: Sequence[str] = (),
) -> Result:
    """The record every pairwise method returns: scores, the matrix, and whether a Condorcet winner exists."""
    cw = condorcet_winner(matrix)
    notes = (*notes, f"Condorcet winner: {cw}" if cw else "no Condorcet winner")
    return score_result(method, profile, options, scores, elected, ties, pairwise=matrix, notes=notes)
