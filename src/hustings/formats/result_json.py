"""The project's result record as JSON, and back.

A record is :meth:`Result.to_dict` (numbers as decimal strings, never binary
floats) preceded by where the ballots came from::

    {"source": "ward1.blt", "title": "Ward 1", "method": "stv", "seats": 3,
     "candidates": [...], "elected": [...], "quota": "1235", "total": "4937",
     "rounds": [{"round": 1, "tally": {"A": "1500"}, "threshold": "1235",
                 "actions": [{"action": "elect", "candidate": "A", "transfers": {}}],
                 "inactive": {}}, ...]}

Several records are written as JSON Lines, one record per line, which is
what ``hustings count --format json`` prints.  Reading gives back the
:class:`Result`: whole numbers as ``int`` and the others as ``Decimal`` with
the digits written, so that writing a result read back gives the same text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from hustings.count.result import Action, Result, Round, TieBreak, Votes
from hustings.formats.errors import FormatError
from hustings.formats.jsonload import load_json

_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def record(result: Result, *, source: str | None = None, title: str | None = None) -> dict[str, Any]:
    """The JSON record of ``result``, with ``source`` and ``title`` first when given."""
    head: dict[str, Any] = {}
    if source is not None:
        head["source"] = source
    if title is not None:
        head["title"] = title
    return {**head, **result.to_dict()}


def dumps(result: Result, *, source: str | None = None, title: str | None = None) -> str:
    """One record on one line (no final newline); names are written as they are, not escaped."""
    return json.dumps(record(result, source=source, title=title), ensure_ascii=False)


def write(
    results: Iterable[Result | tuple[Result, str | None, str | None]],
    target: str | Path | IO[str],
) -> None:
    """Write records as JSON Lines to a path or an open text stream.

    Each item is a result, or ``(result, source, title)``.
    """
    lines = []
    for item in results:
        result, source, title = item if isinstance(item, tuple) else (item, None, None)
        lines.append(dumps(result, source=source, title=title) + "\n")
    if isinstance(target, (str, Path)):
        Path(target).write_text("".join(lines), encoding="utf-8")
    else:
        target.writelines(lines)


def read(path: str | Path) -> list[Result]:
    """The results in a JSON Lines file (or a file holding one JSON record)."""
    from hustings.formats.text import read_text

    return list(_parse(read_text(path), str(path)))


def loads(text: str, source: str | None = None) -> list[Result]:
    """The results in JSON Lines text (or text holding one JSON record)."""
    return list(_parse(text, source))


def _parse(text: str, source: str | None) -> Iterator[Result]:
    stripped = text.strip()
    if not stripped:
        raise FormatError(source, "empty file: no result records")
    if "\n" in stripped:  # several lines: JSON Lines, or one record pretty-printed
        try:
            whole = load_json(stripped, source)
        except FormatError:
            whole = None  # read line by line below, where any error is reported
        if isinstance(whole, dict):
            yield from_dict(whole, source)
            return
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            data = load_json(line, source)
        except FormatError as exc:
            raise FormatError(source, exc.message.replace("not valid JSON", "not JSON"), line=number) from None
        try:
            yield from_dict(data, source)
        except FormatError as exc:
            raise FormatError(source, exc.message, line=number, field=exc.field) from None


def from_dict(data: Any, source: str | None = None) -> Result:
    """The :class:`Result` a record describes (``source`` and ``title`` are not part of it)."""
    reader = _Fields(source)
    d = reader.mapping(data, "record")
    return Result(
        method=reader.text(d, "method"),
        seats=reader.integer(d, "seats"),
        candidates=tuple(reader.names(d, "candidates")),
        elected=tuple(reader.names(d, "elected")),
        rounds=tuple(reader.round(r, f"rounds[{i}]") for i, r in enumerate(reader.listed(d, "rounds"))),
        quota=reader.number(d["quota"], "quota") if "quota" in d else None,
        total=reader.number(d["total"], "total") if "total" in d else None,
        options=reader.mapping(d.get("options", {}), "options"),
        scores=reader.tally(d["scores"], "scores") if "scores" in d else None,
        pairwise=(
            {a: reader.tally(row, f"pairwise.{a}") for a, row in reader.mapping(d["pairwise"], "pairwise").items()}
            if "pairwise" in d
            else None
        ),
        tie_breaks=tuple(reader.tie(t, f"tie_breaks[{i}]") for i, t in enumerate(d.get("tie_breaks", []))),
        notes=tuple(str(n) for n in d.get("notes", [])),
    )


class _Fields:
    """Typed access to a record's fields; any mismatch is a FormatError naming the field."""

    def __init__(self, source: str | None) -> None:
        self.source = source

    def fail(self, field: str, message: str) -> FormatError:
        return FormatError(self.source, message, field=field)

    def mapping(self, value: Any, field: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, "expected a JSON object")
        return value

    def listed(self, d: Mapping[str, Any], key: str) -> list[Any]:
        value = d.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "expected a JSON array")
        return value

    def text(self, d: Mapping[str, Any], key: str) -> str:
        value = d.get(key)
        if not isinstance(value, str):
            raise self.fail(key, "expected a string")
        return value

    def integer(self, d: Mapping[str, Any], key: str) -> int:
        value = d.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(key, "expected a whole number")
        return value

    def names(self, d: Mapping[str, Any], key: str) -> list[str]:
        value = self.listed(d, key)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected an array of names")
        return value

    def number(self, value: Any, field: str) -> Votes:
        if not isinstance(value, str) or not _NUMBER.fullmatch(value):
            raise self.fail(field, f'expected a decimal string such as "12.5", found {value!r}')
        return Decimal(value) if "." in value else int(value)

    def tally(self, value: Any, field: str) -> dict[str, Votes]:
        return {k: self.number(v, f"{field}.{k}") for k, v in self.mapping(value, field).items()}

    def tie(self, value: Any, field: str) -> TieBreak:
        t = self.mapping(value, field)
        purpose = t.get("purpose")
        if purpose not in ("elect", "exclude", "order"):
            raise self.fail(f"{field}.purpose", "expected elect, exclude or order")
        return TieBreak(purpose, tuple(self.names(t, "tied")), self.text(t, "chosen"), self.text(t, "reason"))

    def round(self, value: Any, field: str) -> Round:
        r = self.mapping(value, field)
        actions = []
        for i, a in enumerate(self.listed(r, "actions")):
            a = self.mapping(a, f"{field}.actions[{i}]")
            kind = a.get("action")
            if kind not in ("elect", "exclude", "surplus", "note"):
                raise self.fail(f"{field}.actions[{i}].action", "expected elect, exclude, surplus or note")
            actions.append(
                Action(
                    kind,
                    self.text(a, "candidate"),
                    self.tally(a.get("transfers", {}), f"{field}.actions[{i}].transfers"),
                    str(a.get("note", "")),
                )
            )
        return Round(
            number=self.integer(r, "round"),
            tally=self.tally(r.get("tally", {}), f"{field}.tally"),
            actions=tuple(actions),
            threshold=self.number(r["threshold"], f"{field}.threshold") if "threshold" in r else None,
            inactive=self.tally(r.get("inactive", {}), f"{field}.inactive"),
            tie_breaks=tuple(self.tie(t, f"{field}.tie_breaks[{i}]") for i, t in enumerate(r.get("tie_breaks", []))),
            extra=self.tally(r.get("extra", {}), f"{field}.extra"),
        )
