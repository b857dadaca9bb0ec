"""JSON read with bounds: nesting depth and integer length checked before Python's parser sees them.

``json.loads`` recurses once per level of nesting, so a few kilobytes of
``[[[[...`` end in ``RecursionError``; and it converts integers with
``int()``, which refuses more than 4,300 digits with a message that names no
file.  :func:`load_json` refuses both as :class:`FormatError` naming the file
and line.  The depth check runs in C: every byte is classed (bracket,
quote, other) by ``bytes.translate``, brackets after an odd number of
quotes are inside strings, and the running depth is summed with numpy; only
a refused file is scanned again, in Python, to find the line.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from hustings.formats.errors import FormatError

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects read; RCTab, CDF, Dominion and board files use under 10."""

_INT_DIGITS = sys.get_int_max_str_digits()  # what int() reads (4,300 unless changed); json.loads fails beyond

_OPEN, _CLOSE, _QUOTE = 1, 2, 3
_CLASSES = bytes(_OPEN if b in b"[{" else _CLOSE if b in b"]}" else _QUOTE if b == ord('"') else 0 for b in range(256))
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_LONG_INTEGER = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|(?<![\d.eE+-])-?\d{%d,}' % (_INT_DIGITS + 1), re.DOTALL)


def read_json(path: str | Path, *, shown: str | None = None, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The JSON value in the file ``path``; ``shown`` names it in messages (default: the path)."""
    name = str(path) if shown is None else shown
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise FormatError(name, "no such file") from None
    except IsADirectoryError:
        raise FormatError(name, "is a directory, not a JSON file") from None
    return load_json(data, name, max_depth=max_depth)


def load_json(data: str | bytes, path: str | None, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The JSON value in ``data`` (UTF-8 bytes, a byte-order mark allowed, or text).

    Raises :class:`FormatError` naming ``path`` and the line for text that is
    not UTF-8, not JSON, nested deeper than ``max_depth`` arrays and objects,
    or holding an integer longer than ``int()`` reads (the readers bound the numbers they use).
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FormatError(path, f"not UTF-8 text: {exc.reason}", line=line) from None
    _check_depth(raw, path, max_depth)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(path, f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
    except ValueError:  # an integer too long for int(); the scan below finds it
        pass
    except RecursionError:  # a depth bound above the interpreter's recursion limit
        raise FormatError(path, "not read: nested too deeply for the JSON reader") from None
    for m in _LONG_INTEGER.finditer(raw):
        if not m.group().startswith(b'"'):
            line = raw[: m.start()].count(b"\n") + 1
            digits = len(m.group().lstrip(b"-"))
            raise FormatError(
                path, f"an integer of {digits} digits, more than the {_INT_DIGITS} Python reads", line=line
            )
    raise FormatError(path, "not valid JSON: a number cannot be read")


def _check_depth(raw: bytes, path: str | None, max_depth: int) -> None:
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return
    import numpy as np

    if b"\\" in raw:
        raw = _ESCAPE.sub(b"", raw)  # an escaped quote does not end a string
    codes = np.frombuffer(raw.translate(_CLASSES), dtype=np.uint8)
    kinds = codes[np.flatnonzero(codes)]  # quotes and brackets, in file order
    inside = np.cumsum(kinds == _QUOTE, dtype=np.uint8) & 1  # after an odd number of quotes (parity survives wrapping)
    steps = np.array([0, 1, -1, 0], dtype=np.int8)[kinds]  # by class: other, open, close, quote
    steps[inside.view(bool)] = 0
    if int(np.cumsum(steps, dtype=np.int32).max()) <= max_depth:
        return
    depth = 0
    for m in _TOKEN.finditer(raw):
        token = m.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > max_depth:
                line = raw[: m.start()].count(b"\n") + 1
                raise FormatError(path, f"nested more than {max_depth} arrays or objects deep", line=line)
        elif token in (b"]", b"}"):
            depth -= 1
