"""Clear Ballot cast vote records (ClearVote RCV CSV export, RCTab provider ``clearBallot``).

Ten fixed columns (``RowNumber``, ``BoxID``, ``BoxPosition``, ``BallotID``,
``PrecinctID``, ``BallotStyleID``, ``PrecinctStyleName``, ``ScanComputerName``,
``Status``, ``Remade``) are followed by one column per (contest, rank,
choice): its header is ``Choice_n_m:contest:rank:vote rule:choice:party``.
Only the columns of the configured ``contestId`` whose rank is allowed by
``maxRankingsAllowed`` are read (others are ignored, as RCTab does); a cell
``1`` marks the choice at that rank.  A choice named by
``undeclaredWriteInLabel`` is an undeclared write-in.
"""

from __future__ import annotations

import re

from hustings.count.profile import UNDECLARED_WRITE_IN
from hustings.formats import limits
from hustings.formats.errors import FormatError
from hustings.formats.limits import MAX_NUMBER_CHARS
from hustings.formats.rctab.config import CvrSource, RctabConfig
from hustings.formats.rctab.records import Record, java_split

_FIXED_COLUMNS = 10
_BALLOT_ID, _PRECINCT_ID = 3, 4
# RCTab splits lines on commas outside double quotes (quotes are kept in the fields).
_COMMA_OUTSIDE_QUOTES = re.compile(r',(?=(?:[^"]*"[^"]*")*[^"]*$)')


def _split_line(line: str) -> list[str]:
    fields = _COMMA_OUTSIDE_QUOTES.split(line)
    while len(fields) > 1 and fields[-1] == "":
        fields.pop()  # Java's split drops trailing empty fields
    return fields


def read(source: CvrSource, config: RctabConfig) -> list[Record]:
    """Read one Clear Ballot CSV file's ballots for the configured contest."""
    assert source.path is not None
    shown = source.shown
    try:
        lines = source.path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise FormatError(shown, f"not UTF-8 text: {exc.reason}") from None
    if not lines:
        raise FormatError(shown, "no header line")
    columns = _contest_columns(_split_line(lines[0]), source, config)
    records: list[Record] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = _split_line(line)
        if len(cells) <= max(columns, default=_PRECINCT_ID):
            raise FormatError(shown, f"the line has {len(cells)} columns, fewer than the header", line=number)
        marks = _marks(cells, columns, shown, number)
        records.append(Record(tuple(marks), cells[_BALLOT_ID], cells[_PRECINCT_ID]))
    return records


def _whole_number(text: str) -> int | None:
    """``text`` read as a whole number by Python's ``int``, or None when it is not one or is too long to read."""
    try:
        return int(text) if len(text) <= MAX_NUMBER_CHARS else None
    except ValueError:
        return None


def _contest_columns(header: list[str], source: CvrSource, config: RctabConfig) -> dict[int, tuple[int, str]]:
    """The rank and choice of each column of the ``contestId`` contest, from its header
    ``...:contest:rank:...:choice:...``; ranks beyond ``maxRankingsAllowed`` are not read."""
    shown = source.shown
    if len(header) < _FIXED_COLUMNS:
        raise FormatError(shown, f"the header has {len(header)} columns; Clear Ballot files have at least 10", line=1)
    columns: dict[int, tuple[int, str]] = {}
    contests: set[str] = set()
    for col in range(_FIXED_COLUMNS, len(header)):
        fields = java_split(header[col], ":")
        if len(fields) != 6:
            raise FormatError(
                shown, f"column {col + 1} header {header[col]!r} should have 6 fields separated by ':'", line=1
            )
        _, contest, rank_text, _, choice, _ = fields
        contests.add(contest)
        if contest != source.contest_id:
            continue
        if choice == source.undeclared_write_in_label:
            choice = UNDECLARED_WRITE_IN
        rank = _whole_number(rank_text)
        if rank is None:
            raise FormatError(shown, f"column {col + 1} has rank {limits.shown(rank_text)}, not a number", line=1)
        if config.is_ranking_allowed(rank):
            columns[col] = (rank, choice)
    if source.contest_id not in contests:
        known = ", ".join(sorted(contests)) or "none"
        raise FormatError(
            shown,
            f"contest {source.contest_id!r} not found (contests: {known})",
            field=f"{source.field_prefix}.contestId",
        )
    return columns


def _marks(cells: list[str], columns: dict[int, tuple[int, str]], shown: str, number: int) -> list[tuple[int, str]]:
    """A ballot's marks: every contest column holding 1."""
    marks: list[tuple[int, str]] = []
    for col, mark in columns.items():
        value = _whole_number(cells[col])
        if value is None:
            raise FormatError(shown, f"column {col + 1} holds {limits.shown(cells[col])}, not 0 or 1", line=number)
        if value == 1:
            marks.append(mark)
    return marks
