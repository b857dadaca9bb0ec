"""Member import from CSV and XLSX (docs/import.md): `dry_run` reads and checks a file and reports
per row what would be created, changed or left unchanged, or why the row is refused; `apply`
writes the whole file in one transaction, or nothing if a single row is refused. Both stream the
file (bytes, or an opener of a binary stream) in chunks, in bounded memory."""

from hustings.services.importing.columns import ALIASES, COLUMNS, REQUIRED
from hustings.services.importing.reading import ImportFileError, read_table
from hustings.services.importing.reporting import (
    CHANGE,
    CREATE,
    KEPT_ROWS,
    OUTCOMES,
    REFUSE,
    UNCHANGED,
    Report,
    RowReport,
)
from hustings.services.importing.writing import ImportRefused, apply, digest, dry_run

__all__ = [
    "ALIASES",
    "CHANGE",
    "COLUMNS",
    "CREATE",
    "KEPT_ROWS",
    "OUTCOMES",
    "REFUSE",
    "REQUIRED",
    "UNCHANGED",
    "ImportFileError",
    "ImportRefused",
    "Report",
    "RowReport",
    "apply",
    "digest",
    "dry_run",
    "read_table",
]
