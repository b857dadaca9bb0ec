"""ES&S cast vote records: the first sheet of an Excel workbook, one ballot per row.

Read as RCTab's ``StreamingCvrReader`` reads them: every row the sheet holds
from ``firstVoteRowIndex`` on is a ballot, *including rows that exist but hold
no value* (RCTab counts them as ballots that ranked nobody; the sheet's own
row list is read for this, since a cell grid cannot tell an empty row from a
missing one).  Columns from ``firstVoteColumnIndex`` are ranks 1, 2, ...; only
the first ``maxRankingsAllowed`` of them are read (later columns are ignored,
not refused).  In each ranking cell, after trimming:

* ``overvoteDelimiter`` splits the cell into several names (an overvote); a
  blank piece or a skipped-rank label among several is an error;
* ``skippedRankLabel`` means the rank was left empty;
* ``overvoteLabel`` is an overvote without names, ``undeclaredWriteInLabel``
  an undeclared write-in;
* with ``treatBlankAsUndeclaredWriteIn``, every empty ranking cell (up to
  ``maxRankingsAllowed``) is an undeclared write-in.

``idColumnIndex`` must then be filled on every row; ``precinctColumnIndex``
and ``batchColumnIndex`` cells are read for tabulating by precinct or batch.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import PurePosixPath

from lxml import etree
from python_calamine import CalamineWorkbook

from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN
from hustings.formats.errors import FormatError
from hustings.formats.rctab.config import CvrSource, RctabConfig
from hustings.formats.rctab.records import Record, java_split, java_trim

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_PLAIN_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\sr="([0-9]{1,9})"')
_ROW_NUMBER = re.compile(rb'\br\s*=\s*["\']([0-9]{1,9})["\']')
_UNUSUAL_VALUE = re.compile(rb'=[^"]')  # a value in single quotes, or space after "="
_CELL_REF = re.compile(rb'\sr\s*=\s*["\']([A-Z]{1,3})([0-9]{1,12})["\']')
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
_MAX_INFLATION = 64
"""A workbook member may unpack to at most 64 times its packed size, plus 64 MiB (sheets pack about 10:1)."""
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MISSING_PRECINCT = "missing_precinct_id"
MISSING_BATCH = "missing_batch_id"


_Marks = tuple[tuple[int, str], ...]


def read(source: CvrSource, config: RctabConfig) -> list[Record]:
    """Read one ES&S workbook's ballots: every row the sheet holds from ``firstVoteRowIndex`` on."""
    assert source.path is not None and source.first_vote_row is not None
    shown = source.shown
    rows_present = _sheet_rows(str(source.path), shown)
    grid, row0, col0 = _grid(str(source.path), shown)
    ranking = _RankingCells.of(source, config, col0)
    ids = _IdCells.of(source, config, col0)
    first_row = source.first_vote_row - 1
    memo: dict[tuple[object, ...], _Marks] = {}
    records: list[Record] = []
    append = records.append
    n_grid = len(grid)
    start, stop, plain = ranking.start, ranking.stop, ids.plain
    for n, row_index in enumerate([r for r in rows_present if r >= first_row], start=1):
        i = row_index - row0
        row = grid[i] if 0 <= i < n_grid else ()
        # Ballots repeat: the marks of each distinct run of ranking cells are worked out once.
        cells = tuple(row[start:stop])
        marks = memo.get(cells)
        if marks is None:
            marks = memo[cells] = ranking.marks(cells, row_index + 1)
        append(Record(marks, n) if plain else ids.record(row, n, row_index + 1, marks, shown))
    return records


def _grid(path: str, shown: str) -> tuple[Sequence[Sequence[object]], int, int]:
    """The first sheet's cells, and the row and column of its first cell in the sheet (0-based)."""
    try:
        sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise FormatError(shown, f"can't read the workbook: {exc}") from None
    # calamine may or may not pad the empty area.
    row0 = (sheet.end[0] + 1 - len(grid)) if grid and sheet.end else 0
    col0 = (sheet.end[1] + 1 - len(grid[0])) if grid and grid[0] and sheet.end else 0
    return grid, row0, col0


@dataclass(frozen=True)
class _RankingCells:
    """How a row's ranking cells read: from ``firstVoteColumnIndex``, at most ``maxRankingsAllowed`` of them,
    split by ``overvoteDelimiter``, with the source's skipped-rank, overvote and write-in labels."""

    shown: str
    col0: int
    first_col: int
    start: int
    """The first ranking cell's index in a grid row."""
    stop: int | None
    special: frozenset[int]
    """Sheet columns holding the identifier, precinct or batch, never read as ranks."""
    limit: int | None
    delimiter: str | None
    skipped: str | None
    overvote: str | None
    uwi: str | None
    blank_uwi: bool

    @classmethod
    def of(cls, source: CvrSource, config: RctabConfig, col0: int) -> _RankingCells:
        assert source.first_vote_column is not None
        first_col = source.first_vote_column - 1
        limit = config.options.max_rankings
        last_col = None if limit is None else first_col + limit  # exclusive
        special = (source.precinct_column, source.batch_column, source.id_column)
        return cls(
            shown=source.shown,
            col0=col0,
            first_col=first_col,
            start=max(first_col - col0, 0),
            stop=None if last_col is None else max(last_col - col0, 0),
            special=frozenset(c - 1 for c in special if c is not None),
            limit=limit,
            delimiter=source.overvote_delimiter or None,
            skipped=source.skipped_rank_label,
            overvote=source.overvote_label,
            uwi=source.undeclared_write_in_label,
            blank_uwi=source.treat_blank_as_undeclared_write_in,
        )

    def marks(self, cells: tuple[object, ...], row_number: int) -> _Marks:
        """The marks of one row's ranking cells; with ``treatBlankAsUndeclaredWriteIn`` every empty rank
        up to ``maxRankingsAllowed`` is an undeclared write-in."""
        marks: list[tuple[int, str]] = []
        last_rank = 0
        for j, value in enumerate(cells, start=self.start + self.col0):
            if value == "" or j in self.special:
                continue
            rank = j - self.first_col + 1
            if self.blank_uwi:
                marks.extend((k, UNDECLARED_WRITE_IN) for k in range(last_rank + 1, rank))
            marks.extend((rank, name) for name in self._names(value, j, row_number))
            last_rank = rank
        if self.blank_uwi and self.limit is not None:
            marks.extend((k, UNDECLARED_WRITE_IN) for k in range(last_rank + 1, self.limit + 1))
        return tuple(marks)

    def _names(self, value: object, j: int, row_number: int) -> list[str]:
        """One ranking cell, trimmed and split by ``overvoteDelimiter``, its labels read; a blank piece or a
        ``skippedRankLabel`` among several names is an error."""
        cell = java_trim(_cell_text(value))
        pieces = java_split(cell, self.delimiter) if self.delimiter else [cell]
        names: list[str] = []
        for piece in pieces:
            piece = java_trim(piece)
            if len(pieces) > 1 and (piece == "" or piece == self.skipped):
                raise FormatError(
                    self.shown,
                    f"cell {_column_letters(j)}{row_number} splits into several names with a blank or "
                    "skipped rank among them",
                    line=row_number,
                )
            if piece == self.skipped:
                continue
            if piece == self.overvote:
                piece = OVERVOTE
            elif piece == self.uwi:
                piece = UNDECLARED_WRITE_IN
            names.append(piece)
        return names


@dataclass(frozen=True)
class _IdCells:
    """Where a row's ``idColumnIndex``, ``precinctColumnIndex`` and ``batchColumnIndex`` cells are in a grid row;
    precincts and batches are read only when the count is tabulated by them."""

    id_j: int | None
    precinct_j: int | None
    batch_j: int | None

    @classmethod
    def of(cls, source: CvrSource, config: RctabConfig, col0: int) -> _IdCells:
        precinct = source.precinct_column if config.tabulate_by_precinct else None
        batch = source.batch_column if config.tabulate_by_batch else None
        return cls(*(None if c is None else c - 1 - col0 for c in (source.id_column, precinct, batch)))

    @property
    def plain(self) -> bool:
        """Whether a row's ballot is numbered by its place among the rows."""
        return self.id_j is None and self.precinct_j is None and self.batch_j is None

    def record(self, row: Sequence[object], n: int, row_number: int, marks: _Marks, shown: str) -> Record:
        """The ballot of one row with its identifier (required on every row when ``idColumnIndex`` is given),
        precinct and batch."""
        cvr_id: str | int = n
        if self.id_j is not None:
            if not 0 <= self.id_j < len(row) or row[self.id_j] == "":
                raise FormatError(
                    shown, f"row {row_number} has no ballot identifier in column {self.id_j + 1}", line=row_number
                )
            cvr_id = _cell_text(row[self.id_j])
        precinct = batch = None
        if self.precinct_j is not None:
            value = row[self.precinct_j] if 0 <= self.precinct_j < len(row) else ""
            precinct = value if type(value) is str and value else _cell_text(value) if value != "" else MISSING_PRECINCT
        if self.batch_j is not None:
            j = self.batch_j
            batch = (_cell_text(row[j]) if 0 <= j < len(row) and row[j] != "" else None) or MISSING_BATCH
        return Record(marks, cvr_id, precinct, batch)


def _cell_text(value: object) -> str:
    """A cell as Excel's General format shows it (as RCTab receives it)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time | timedelta):
        return value.isoformat() if not isinstance(value, timedelta) else str(value)
    return str(value)


def _column_letters(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _sheet_rows(path: str, shown: str) -> list[int]:
    """0-based numbers of the rows the first sheet holds, in file order, empty ones included."""
    try:
        with zipfile.ZipFile(path) as book:
            for info in book.infolist():
                if info.file_size > _MAX_INFLATION * info.compress_size + 2**26:
                    raise FormatError(
                        shown, f"workbook part {info.filename} unpacks to {info.file_size} bytes, too many to read"
                    )
            sheet_xml = book.read(_first_sheet_part(book))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, ValueError, EOFError, zlib.error) as exc:
        if isinstance(exc, FormatError):
            raise
        raise FormatError(
            shown, f"not an Excel workbook (.xlsx): {exc}; ES&S files must be saved as Excel Workbook"
        ) from None
    _check_extent(sheet_xml, shown)
    # Fast path: every row tag is a plain <row ...> with its number.
    numbers = _PLAIN_ROW_NUMBER.findall(sheet_xml)
    if len(numbers) == sheet_xml.count(b"<row ") + sheet_xml.count(b"<row>") and numbers:
        return [int(x) - 1 for x in numbers]
    rows: list[int] = []
    following = 0
    for match in _ROW_TAG.finditer(sheet_xml):
        number = _ROW_NUMBER.search(match.group(1))
        index = int(number.group(1)) - 1 if number else following
        rows.append(index)
        following = index + 1
    return rows


def _check_extent(sheet_xml: bytes, shown: str) -> None:
    """Refuse a sheet whose cells span a grid far larger than the sheet itself.

    The workbook reader builds the whole grid from A1 to the last cell, so one
    cell at XFD1048576 would cost gigabytes.  Two scans in C pass the usual
    sheet: within its ``sheetData`` every attribute value is double-quoted
    right after its ``=``, and none starts with two capitals (column AA on) or
    with a capital and more digits than the budget allows rows.  Otherwise
    every cell reference is read.
    """
    budget = 4 * len(sheet_xml) + 2**22
    digits = len(str(budget // 26)) - 1  # rows below 10**digits, times 26 columns, fit the budget
    start = max(sheet_xml.find(b"<sheetData"), 0)
    end = sheet_xml.find(b"</sheetData>", start)
    end = len(sheet_xml) if end < 0 else end
    far = re.compile(rb'="[A-Z](?:[A-Z]|[0-9]{%d})' % (digits + 1))
    if not _UNUSUAL_VALUE.search(sheet_xml, start, end) and not far.search(sheet_xml, start, end):
        return
    refs = set(_CELL_REF.findall(sheet_xml))
    rows = max((int(r) for _, r in refs), default=1)
    columns = max((_column_number(c) for c, _ in refs), default=1)
    if rows * columns > budget:
        raise FormatError(
            shown, f"the first sheet's cells span {rows} rows by {columns} columns, far more than it holds; not read"
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for b in letters:
        number = number * 26 + b - 64
    return number


def _first_sheet_part(book: zipfile.ZipFile) -> str:
    """The zip member holding the workbook's first sheet."""
    workbook = etree.fromstring(book.read("xl/workbook.xml"), _SAFE_XML)
    sheet = workbook.find(f"{{{_MAIN_NS}}}sheets/{{{_MAIN_NS}}}sheet")
    if sheet is None:
        raise KeyError("the workbook lists no sheet")
    rel_id = sheet.get(f"{{{_REL_NS}}}id")
    rels = etree.fromstring(book.read("xl/_rels/workbook.xml.rels"), _SAFE_XML)
    for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    raise KeyError(f"sheet relationship {rel_id} not found")
