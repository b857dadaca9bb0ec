"""The report of a dry run or an import, built row by row as the file streams past: the counts of
each outcome, the first `KEPT_ROWS` rows of each outcome (what the page shows), and every row as
gzip-compressed CSV (the report the officer downloads), so that the report of a 600,000-row file
costs its compressed size, not a Python object per row (docs/import.md)."""

from __future__ import annotations

import csv
import io
import zlib
from dataclasses import dataclass

CREATE, CHANGE, UNCHANGED, REFUSE = "create", "change", "unchanged", "refuse"
OUTCOMES = (REFUSE, CHANGE, CREATE, UNCHANGED)
KEPT_ROWS = 200  # rows of each outcome kept for the page
CSV_HEADER = ("line", "membership number", "outcome", "reasons", "changes")
_GZIP = 16 + zlib.MAX_WBITS  # zlib's gzip container: `gzip.decompress` reads it
_FLUSH_BYTES = 1 << 16


@dataclass(slots=True)
class RowReport:
    """One line's outcome, its reasons (refusals) and its changes as (field, before, after)."""

    line: int
    ref: str
    outcome: str
    reasons: tuple[str, ...] = ()
    changes: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Report:
    """`rows`: the first `KEPT_ROWS` rows of each outcome, in line order (every row of a file
    that has fewer); `csv_gz`: every row, gzip-compressed CSV with `CSV_HEADER`."""

    file_name: str
    rows: list[RowReport]
    counts: dict[str, int]
    ignored_columns: list[str]
    csv_gz: bytes

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def accepted(self) -> bool:
        return self.counts[REFUSE] == 0 and self.total > 0

    @property
    def to_write(self) -> int:
        return self.counts[CREATE] + self.counts[CHANGE]


class ReportBuilder:
    """Takes each row's outcome in line order; `report()` when the file is done."""

    def __init__(self, file_name: str, ignored_columns: list[str]) -> None:
        self.file_name = file_name
        self.ignored_columns = ignored_columns
        self.counts = dict.fromkeys(OUTCOMES, 0)
        self.kept: list[RowReport] = []
        self._text = io.StringIO()
        self._csv = csv.writer(self._text)
        self._gzip = zlib.compressobj(5, zlib.DEFLATED, _GZIP)
        self._parts: list[bytes] = []
        self._csv.writerow(CSV_HEADER)

    def add(self, row: RowReport) -> None:
        self.counts[row.outcome] += 1
        if self.counts[row.outcome] <= KEPT_ROWS:
            self.kept.append(row)
        changes = "; ".join(f"{field}: {before or '(none)'} → {after}" for field, before, after in row.changes)
        self._csv.writerow((row.line, row.ref, row.outcome, "; ".join(row.reasons), changes))
        if self._text.tell() >= _FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        self._parts.append(self._gzip.compress(self._text.getvalue().encode()))
        self._text.seek(0)
        self._text.truncate()

    def report(self) -> Report:
        self._flush()
        self._parts.append(self._gzip.flush())
        return Report(self.file_name, self.kept, self.counts, self.ignored_columns, b"".join(self._parts))
