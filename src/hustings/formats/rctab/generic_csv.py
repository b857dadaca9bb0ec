"""Generic CSV cast vote records (RCTab provider ``genericCsv``).

The first non-empty line is a header; from ``firstVoteColumnIndex`` on, each
header cell names a candidate (or is ``undeclaredWriteInLabel``, for a column
of undeclared write-ins) and must not be blank.  Every later line is one
ballot whose cell under a candidate holds the rank given to that candidate
(blank: not ranked).  Two candidates with the same rank are an overvote.  As in
RCTab, ``firstVoteRowIndex`` does not skip lines (its ``CsvCvrReader`` reads
every line after the header), a rank must be a whole number, and a rank above
``maxRankingsAllowed`` is refused (checked with the other records).
"""

from __future__ import annotations

import csv
import re

from hustings.count.profile import UNDECLARED_WRITE_IN
from hustings.formats.errors import FormatError
from hustings.formats.limits import too_long
from hustings.formats.rctab.config import CvrSource, RctabConfig
from hustings.formats.rctab.records import Record, java_trim

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")  # what Java's Integer.parseInt accepts


def read(source: CvrSource, config: RctabConfig) -> list[Record]:
    """Read one generic CSV file's ballots: a header naming a candidate per column from
    ``firstVoteColumnIndex``, then one ballot a line giving the rank of each candidate."""
    assert source.path is not None and source.first_vote_column is not None
    shown = source.shown
    first = source.first_vote_column - 1
    records: list[Record] = []
    try:
        with open(source.path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header: list[str] | None = None
            names: list[str] = []
            for row in reader:
                if not row or row == [""]:
                    continue  # Commons CSV skips empty lines
                if header is None:
                    header = row
                    names = _header_names(row, first, source, reader.line_num)
                    continue
                marks = _marks(row, first, names, shown, reader.line_num)
                records.append(_record(row, tuple(marks), source, len(records) + 1))
    except UnicodeDecodeError as exc:
        raise FormatError(shown, f"not UTF-8 text: {exc.reason}") from None
    except csv.Error as exc:
        raise FormatError(shown, f"malformed CSV: {exc}") from None
    if header is None:
        raise FormatError(shown, "no header line naming the candidates")
    return records


def _header_names(row: list[str], first: int, source: CvrSource, line: int) -> list[str]:
    """The candidate of each column from ``firstVoteColumnIndex``; ``undeclaredWriteInLabel`` names the
    write-in column."""
    names: list[str] = []
    for col in range(first, len(row)):
        if not row[col].strip():
            raise FormatError(source.shown, f"the header has no candidate name in column {col + 1}", line=line)
        label = row[col]
        names.append(UNDECLARED_WRITE_IN if label == source.undeclared_write_in_label else label)
    return names


def _marks(row: list[str], first: int, names: list[str], shown: str, line: int) -> list[tuple[int, str]]:
    """A ballot's marks: each non-blank cell from ``firstVoteColumnIndex`` is the rank (a whole number, as Java's
    ``Integer.parseInt`` reads it) given to its column's candidate."""
    marks: list[tuple[int, str]] = []
    for col in range(first, len(row)):
        cell = row[col]
        if not cell.strip():
            continue
        text = java_trim(cell)
        if not _WHOLE_NUMBER.fullmatch(text):
            raise FormatError(shown, f"expected a rank number in column {col + 1}, found {cell!r}", line=line)
        if col - first >= len(names):
            raise FormatError(shown, f"column {col + 1} has no candidate in the header", line=line)
        too_long(text, shown, line=line, what="rank")
        marks.append((int(text), names[col - first]))
    return marks


def _record(row: list[str], marks: tuple[tuple[int, str], ...], source: CvrSource, number: int) -> Record:
    """A ballot with its ``idColumnIndex`` identifier (else its number) and, when their columns are given,
    its precinct and batch."""
    cvr_id: str | int = _cell(row, source.id_column) or number
    precinct = _cell(row, source.precinct_column)
    batch = _cell(row, source.batch_column)
    return Record(
        marks,
        cvr_id,
        None if source.precinct_column is None else precinct or "no precinct id",
        None if source.batch_column is None else batch or "no batch id",
    )


def _cell(row: list[str], column: int | None) -> str | None:
    if column is None:
        return None
    if column - 1 >= len(row):
        return ""
    return row[column - 1]
