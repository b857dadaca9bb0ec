"""The one error every reader raises for bad input."""

from __future__ import annotations


class FormatError(ValueError):
    """Input that cannot be read, with where and why.

    ``path`` is the file as the user named it, ``line`` the 1-based line (or
    row) when one applies, ``field`` the configuration field when one applies.
    ``str()`` gives the one-line message shown to users (line breaks in the
    message become spaces).
    """

    def __init__(self, path: str | None, message: str, *, line: int | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.field = field
        self.message = message

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        # One line whatever the message holds (a parser's text may carry line breaks).
        return f"{where}: {' '.join(self.message.splitlines())}"
