"""The bounds every reader holds input to, so that bad input is refused before it costs much.

A reader checks what a file declares against what the file holds before
allocating anything of the declared size (a BLT header declaring 10^9
candidates is refused because the file cannot hold 10^9 names, not after
building a list of them), and reads numbers through :func:`whole`,
:func:`too_long` and :func:`bounded`, which refuse text longer than
:data:`MAX_NUMBER_CHARS` and values above :data:`MAX_COUNT` with a
:class:`FormatError` naming the file and line or field (never Python's own
``int()`` message).
"""

from __future__ import annotations

from fractions import Fraction

from hustings.formats.errors import FormatError

MAX_COUNT = 10**24
"""Largest ballot weight, ballot count or vote total one line or cell may give: far beyond any
electorate (10^14 times the world's population), yet holding the 20-digit weights that BLT
files written by Hustings carry and read back."""

MAX_NUMBER_CHARS = 1000
"""Longest number read, in characters (digits, point, slash): an exact weight such as 1/2^128
written as a decimal takes 130; ``int()`` reads 1,000 digits in microseconds, while past 4,300
it refuses with a message naming no file."""

MAX_CANDIDATES = 100_000
"""Most candidates a ballot file may declare, whatever its size."""

MAX_RANKS = 1_000
"""Highest rank number a cast-vote record may give (a ranking is built with a place for every rank
below its highest); real ballots have at most a few dozen."""


def whole(
    text: str, path: str | None, *, line: int | None = None, field: str | None = None, what: str = "count"
) -> int:
    """The whole number ``text`` (ASCII digits, spaces around allowed), at most :data:`MAX_COUNT`."""
    s = text.strip()
    if not (s.isascii() and s.isdigit()):
        raise FormatError(path, f"the {what} {shown(s)} is not a whole number", line=line, field=field)
    too_long(s, path, line=line, field=field, what=what)
    value = int(s)
    if value > MAX_COUNT:
        raise FormatError(path, f"the {what} {s} is over the limit of 10^24", line=line, field=field)
    return value


def bounded(
    value: int | Fraction,
    text: str,
    path: str | None,
    *,
    line: int | None = None,
    field: str | None = None,
    what: str = "weight",
) -> int | Fraction:
    """``value`` (read from ``text``) as an ``int`` when whole; refused above :data:`MAX_COUNT`."""
    if value > MAX_COUNT:
        raise FormatError(path, f"the {what} {text} is over the limit of 10^24", line=line, field=field)
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


def too_long(
    text: str, path: str | None, *, line: int | None = None, field: str | None = None, what: str = "number"
) -> None:
    """Refuse a number written in more than :data:`MAX_NUMBER_CHARS` characters."""
    if len(text) > MAX_NUMBER_CHARS:
        raise FormatError(
            path,
            f"the {what} {text[:12]}... is {len(text)} characters long (at most {MAX_NUMBER_CHARS} are read)",
            line=line,
            field=field,
        )


def shown(text: str) -> str:
    """``text`` quoted for a message, cut short when long."""
    return repr(text if len(text) <= 30 else text[:27] + "...")
