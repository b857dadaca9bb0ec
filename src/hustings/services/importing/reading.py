"""Read an uploaded file as its header and a stream of rows of text, whatever it is: CSV (UTF-8
with or without a byte-order mark; comma, semicolon or tab, sniffed from the header line) or XLSX
(the first sheet, read by python-calamine row by row). Anything else is refused with
`ImportFileError`, whose words name the file and the line, never a traceback.

The file is never held as rows: `read_table` reads the header (and makes sure a row follows it),
and `Table.rows()` reads the file again from its start each time it is called, a buffer at a time,
so that a 600,000-row register is checked in bounded memory (docs/import.md, "Large files"). The
file comes as bytes or as an opener of a binary stream (the upload stored in the database is read
in slices, `jobs.stored_upload`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext
from python_calamine import CalamineWorkbook

from hustings.services.importing.columns import COLUMNS, REQUIRED, column_of

_ZIP = b"PK\x03\x04"
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"

Opener = Callable[[], BinaryIO]
Source = bytes | Opener


class ImportFileError(ValueError):
    """A file that cannot be read as a member import at all (not a single row can be judged)."""


@dataclass
class Table:
    """The file's columns (our column name -> position), the headers we do not read (reported so
    that a misspelt one is noticed), and the means to read its rows again."""

    file_name: str
    columns: dict[str, int]
    ignored: list[str]
    open: Opener
    delimiter: str | None  # None: a workbook

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Every non-empty row after the header, as (line number, cells), read from the file's start."""
        header_seen = False
        for line, cells in _lines(self.open, self.file_name, self.delimiter):
            if any(cells):
                if header_seen:
                    yield line, cells
                header_seen = True


def opener(source: Source) -> Opener:
    """An opener of `source`: itself, or for bytes a reader over them."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return lambda: io.BytesIO(data)
    return source


def read_table(source: Source, file_name: str) -> Table:
    """The file's header and columns; `ImportFileError` if it is empty, not CSV or XLSX, has no
    header we understand or no row after the header."""
    open_ = opener(source)
    delimiter = _kind(open_, file_name)
    header: tuple[int, list[str]] | None = None
    for line, cells in _lines(open_, file_name, delimiter):
        if not any(cells):
            continue
        if header is not None:
            break
        header = (line, cells)
    else:
        if header is None:
            raise ImportFileError(gettext("{file_name} has no header line").format(file_name=file_name))
        _columns(header[1], file_name, header[0])
        raise ImportFileError(
            gettext("{file_name}, line {header}: a header but no rows after it").format(
                file_name=file_name, header=header[0]
            )
        )
    columns, ignored = _columns(header[1], file_name, header[0])
    return Table(file_name, columns, ignored, open_, delimiter)


def _kind(open_: Opener, file_name: str) -> str | None:
    """The CSV's delimiter, or None for a workbook; refuses an empty file, an old Excel file and
    binary data."""
    stream = open_()
    try:
        start = stream.read(65536)
        while start and not start.strip():
            start = stream.read(65536)
    finally:
        stream.close()
    if not start.strip():
        raise ImportFileError(gettext("{file_name} is empty").format(file_name=file_name))
    if start.startswith(_ZIP):
        return None
    if start.startswith(_OLD_EXCEL):
        raise ImportFileError(
            gettext("{file_name} is an old Excel (.xls) file: save it as .xlsx or CSV").format(file_name=file_name)
        )
    if b"\x00" in start[:4096]:
        raise ImportFileError(
            gettext("{file_name} is not a CSV or XLSX file (it holds binary data)").format(file_name=file_name)
        )
    first = start.decode("utf-8-sig", errors="ignore").split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def _lines(open_: Opener, file_name: str, delimiter: str | None) -> Iterator[tuple[int, list[str]]]:
    if delimiter is None:
        return _xlsx_lines(open_, file_name)
    return _csv_lines(open_, file_name, delimiter)


def _csv_lines(open_: Opener, file_name: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV's lines as cells, decoded as they are read. Bytes that are not UTF-8 are kept as
    escapes while reading, so that the line holding them is named exactly."""
    raw = open_()
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            if not "".join(cells).isascii():
                _require_utf8(cells, file_name, line)
            yield line, [cell.strip() for cell in cells]
            line = reader.line_num + 1
    except csv.Error as problem:
        raise ImportFileError(
            gettext("{file_name}, line {line_num}: {problem}").format(
                file_name=file_name, line_num=reader.line_num, problem=problem
            )
        ) from None
    finally:
        text.close()


def _require_utf8(cells: list[str], file_name: str, line: int) -> None:
    try:
        "".join(cells).encode("utf-8")
    except UnicodeEncodeError:
        raise ImportFileError(
            gettext("{file_name}, line {line}: not UTF-8 text (save the CSV as UTF-8, or upload XLSX)").format(
                file_name=file_name, line=line
            )
        ) from None


def _xlsx_lines(open_: Opener, file_name: str) -> Iterator[tuple[int, list[str]]]:
    stream = open_()
    try:
        book = CalamineWorkbook.from_filelike(stream)
        if not book.sheet_names:
            raise ImportFileError(gettext("{file_name} is a workbook with no sheet").format(file_name=file_name))
        values = book.get_sheet_by_index(0).iter_rows()
    except ImportFileError:
        raise
    except Exception as problem:  # calamine raises several types for a damaged or foreign zip
        raise ImportFileError(
            gettext("{file_name} is not a readable XLSX workbook ({problem})").format(
                file_name=file_name, problem=problem
            )
        ) from None
    finally:
        stream.close()
    for index, cells in enumerate(values, start=1):
        yield index, [_cell_text(value) for value in cells]


def _columns(header: list[str], file_name: str, line: int) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for position, title in enumerate(header):
        column = column_of(title)
        if column is None:
            if title.strip():
                ignored.append(title.strip())
            continue
        if column in columns:
            raise ImportFileError(
                gettext("{file_name}, line {line}: two columns mean {column!r} ({title!r} is the second)").format(
                    file_name=file_name, line=line, column=column, title=title
                )
            )
        columns[column] = position
    if not columns:
        raise ImportFileError(
            gettext(
                "{file_name}, line {line}: no recognised column in the header {header!r}; the columns are {COLUMNS}"
            ).format(file_name=file_name, line=line, header=header[:6], COLUMNS=", ".join(COLUMNS))
        )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportFileError(
            gettext("{file_name}, line {line}: the header has no column for {missing}").format(
                file_name=file_name, line=line, missing=", ".join(missing)
            )
        )
    return columns, ignored


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold: whole numbers without '.0', dates in ISO."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
