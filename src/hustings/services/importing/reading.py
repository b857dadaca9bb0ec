"""Read an uploaded file into its header and rows of text, whatever it is: CSV (UTF-8 with or
without a byte-order mark; comma, semicolon or tab, sniffed from the header line) or XLSX (the
first sheet, read by python-calamine). Anything else is refused with `ImportFileError`, whose
words name the file and the line, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from python_calamine import CalamineWorkbook

from hustings.services.importing.columns import COLUMNS, REQUIRED, column_of

_ZIP = b"PK\x03\x04"
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"


class ImportFileError(ValueError):
    """A file that cannot be read as a member import at all (not a single row can be judged)."""


@dataclass
class Table:
    """The file's columns (our column name -> position) and its rows as (line number, cells)."""

    file_name: str
    columns: dict[str, int]
    rows: list[tuple[int, list[str]]]
    ignored: list[str]  # headers we do not read, reported so that a misspelt one is noticed


def read_table(data: bytes, file_name: str) -> Table:
    if not data.strip():
        raise ImportFileError(f"{file_name} is empty")
    if data.startswith(_ZIP):
        lines = _xlsx_lines(data, file_name)
    elif data.startswith(_OLD_EXCEL):
        raise ImportFileError(f"{file_name} is an old Excel (.xls) file: save it as .xlsx or CSV")
    else:
        lines = _csv_lines(data, file_name)
    header: tuple[int, list[str]] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, cells in lines:
        if header is None:
            if any(cells):
                header = (line, cells)
            continue
        if any(cells):
            rows.append((line, cells))
    if header is None:
        raise ImportFileError(f"{file_name} has no header line")
    columns, ignored = _columns(header[1], file_name, header[0])
    if not rows:
        raise ImportFileError(f"{file_name}, line {header[0]}: a header but no rows after it")
    return Table(file_name, columns, rows, ignored)


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
            raise ImportFileError(f"{file_name}, line {line}: two columns mean {column!r} ({title!r} is the second)")
        columns[column] = position
    if not columns:
        raise ImportFileError(
            f"{file_name}, line {line}: no recognised column in the header {header[:6]!r}; "
            f"the columns are {', '.join(COLUMNS)}"
        )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportFileError(f"{file_name}, line {line}: the header has no column for {', '.join(missing)}")
    return columns, ignored


def _csv_lines(data: bytes, file_name: str) -> Iterator[tuple[int, list[str]]]:
    if b"\x00" in data[:4096]:
        raise ImportFileError(f"{file_name} is not a CSV or XLSX file (it holds binary data)")
    try:
        first = data[:65536].decode("utf-8-sig", errors="ignore").split("\n", 1)[0]
        data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        raise ImportFileError(
            f"{file_name}, line {line}: not UTF-8 text (save the CSV as UTF-8, or upload XLSX)"
        ) from None
    delimiter = max((",", ";", "\t"), key=first.count)
    # Decoded as it is read, so that a large file is not held twice as text.
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, [cell.strip() for cell in cells]
            line = reader.line_num + 1
    except csv.Error as problem:
        raise ImportFileError(f"{file_name}, line {reader.line_num}: {problem}") from None


def _xlsx_lines(data: bytes, file_name: str) -> Iterator[tuple[int, list[str]]]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise ImportFileError(f"{file_name} is a workbook with no sheet")
        sheet = book.get_sheet_by_index(0)
        values = sheet.to_python(skip_empty_area=False)
    except ImportFileError:
        raise
    except Exception as problem:  # calamine raises several types for a damaged or foreign zip
        raise ImportFileError(f"{file_name} is not a readable XLSX workbook ({problem})") from None
    for index, cells in enumerate(values, start=1):
        yield index, [_cell_text(value) for value in cells]


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
