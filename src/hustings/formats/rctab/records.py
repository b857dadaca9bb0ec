"""What every cast-vote-record reader returns: RCTab's raw cast vote records.

A record keeps the marks as the file gives them, ``(rank, text)`` pairs in any
order, where the text is a candidate's name or alias, or one of the markers
:data:`~hustings.count.profile.OVERVOTE` (the file only says "overvote") and
:data:`~hustings.count.profile.UNDECLARED_WRITE_IN`.  Names are resolved and
checked against the configuration afterwards, in :mod:`.contest`, once for all
providers, as RCTab does after each source is read.
"""

from __future__ import annotations

from typing import NamedTuple


class Record(NamedTuple):
    """One cast vote record for the contest being counted."""

    marks: tuple[tuple[int, str], ...]
    cvr_id: str | int
    """The ballot's identifier in the file, or its number (from 1) in the file when it has none."""
    precinct: str | None = None
    batch: str | None = None
    contest_id: str | None = None


def java_trim(text: str) -> str:
    """Java's ``String.trim``: strip characters up to U+0020 from both ends."""
    start, end = 0, len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


def java_split(text: str, separator: str) -> list[str]:
    """Java's ``String.split`` on a literal separator: trailing empty pieces are dropped."""
    if text == "":
        return [""]
    parts = text.split(separator)
    while parts and parts[-1] == "":
        parts.pop()
    return parts
