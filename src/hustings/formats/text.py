"""Reading a text ballot file: the file's bytes as text, or a FormatError."""

from __future__ import annotations

from pathlib import Path


def read_text(path: str | Path) -> str:
    """The text of ``path``: UTF-8 (a byte-order mark is dropped), else Windows-1252.

    Files that are not valid UTF-8 come from older Windows tools, whose
    encoding is Windows-1252 (bytes it leaves undefined become U+FFFD).
    Raises :class:`FormatError` for a missing file or a directory.
    """
    from hustings.formats.errors import FormatError

    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise FormatError(str(path), "no such file") from None
    except IsADirectoryError:
        raise FormatError(str(path), "is a directory, not a ballot file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
