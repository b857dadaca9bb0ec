"""PrefLib ordinal preference files: ``.soc``, ``.soi``, ``.toc``, ``.toi``.

The format is PrefLib's own specification (``FORMAT_SPECIFICATION.md`` of the
``PrefLib/PrefLib-Data`` repository, "File Formats for Ordinal Preferences",
the format in use since September 2022)::

    # FILE NAME: 00002-00000006.toc
    # TITLE: Debian 2010 Leader
    # DATA TYPE: toc
    # NUMBER ALTERNATIVES: 5
    # NUMBER VOTERS: 436
    # NUMBER UNIQUE ORDERS: 82
    # ALTERNATIVE NAME 1: Stefano Zacchiroli
    ...
    41: 1,2,4,3,5          41 voters with this strict order
    7: 1,{2,3,4,5}         braces: alternatives tied at one position

Metadata lines start with ``#``; each data line is ``count: order``, commas
separating positions and braces grouping tied alternatives.  A tie becomes
one rank holding several candidates (for the rule to read as an equal
ranking).  The four file kinds restrict the orders: ``soc`` strict and
complete, ``soi`` strict, ``toc`` complete; the reader enforces the kind
named by the file's suffix (or its ``DATA TYPE`` when the suffix says
nothing), and checks ``NUMBER VOTERS`` against the counts.

The older PrefLib format (before 2022) is read too: a first line with the
number of alternatives, one ``number,name`` line for each, a line
``voters,sum of counts,unique orders``, then ``count,order`` lines.

Candidates are the alternatives in the order of their numbers; the title is
``TITLE``; PrefLib states no number of seats.
"""

from __future__ import annotations

from pathlib import Path

from hustings.count.profile import Profile, Rank, Ranking, Weight
from hustings.formats.errors import FormatError
from hustings.formats.limits import MAX_CANDIDATES, MAX_NUMBER_CHARS, whole
from hustings.formats.text import read_text

KINDS = ("soc", "soi", "toc", "toi")


def read(path: str | Path) -> Profile:
    """Read a PrefLib ordinal file into a :class:`Profile`, or raise :class:`FormatError`."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return parse(read_text(path), str(path), kind=suffix if suffix in KINDS else None)


def parse(text: str, path: str | None = None, *, kind: str | None = None) -> Profile:
    """Parse PrefLib text; ``kind`` (``soc`` ...) is the file kind its name declares, if any."""
    lines = text.split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    if not first:
        raise FormatError(path, "empty file", line=1)
    reader = _Reader(lines, path, kind)
    if first.startswith("#") or ":" in first:
        return reader.current()
    return reader.old()


class _Reader:
    def __init__(self, lines: list[str], path: str | None, kind: str | None) -> None:
        self.lines = lines
        self.path = path
        self.kind = kind

    def fail(self, index: int, message: str) -> FormatError:
        return FormatError(self.path, message, line=index + 1)

    def current(self) -> Profile:
        """The 2022 format: ``# KEY: value`` metadata, then ``count: order`` lines."""
        names: dict[int, str] = {}
        meta: dict[str, tuple[int, str]] = {}
        orders: list[tuple[int, str, str]] = []
        for index, raw in enumerate(self.lines):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                key, sep, value = line[1:].partition(":")
                key = " ".join(key.split()).upper()
                if not sep:
                    continue  # a comment, not metadata
                if key.startswith("ALTERNATIVE NAME "):
                    number = key[len("ALTERNATIVE NAME ") :]
                    if not (number.isascii() and number.isdecimal()) or len(number) > MAX_NUMBER_CHARS:
                        raise self.fail(index, f"alternative number {number!r} is not a whole number")
                    if int(number) in names:
                        raise self.fail(index, f"alternative {int(number)} is named twice")
                    names[int(number)] = value.strip()
                else:
                    meta[key] = (index, value.strip())
                continue
            count, sep, order = line.partition(":")
            if not sep:
                raise self.fail(index, f"expected 'count: order', found {line!r}")
            orders.append((index, count.strip(), order))
        declared = self._declared_kind(meta)
        if not names:
            n = self._number(meta, "NUMBER ALTERNATIVES")
            if n is None:
                raise FormatError(self.path, "no alternatives: neither ALTERNATIVE NAME lines nor NUMBER ALTERNATIVES")
            if n > MAX_CANDIDATES:
                index = meta["NUMBER ALTERNATIVES"][0]
                raise self.fail(
                    index, f"NUMBER ALTERNATIVES says {n}, over the limit of {MAX_CANDIDATES} unnamed alternatives"
                )
            names = {k: str(k) for k in range(1, n + 1)}
        else:
            n = self._number(meta, "NUMBER ALTERNATIVES")
            if n is not None and n != len(names):
                index = meta["NUMBER ALTERNATIVES"][0]
                raise self.fail(index, f"NUMBER ALTERNATIVES says {n} but {len(names)} alternatives are named")
        profile = self._profile(names, orders, declared, meta.get("TITLE", (0, ""))[1])
        voters = self._number(meta, "NUMBER VOTERS")
        if voters is not None and voters != profile.total:
            index = meta["NUMBER VOTERS"][0]
            raise self.fail(index, f"NUMBER VOTERS says {voters} but the orders count {profile.total} voters")
        return profile

    def old(self) -> Profile:
        """The format before 2022: a count of alternatives, their names, a totals line, then orders."""
        lines = [(i, line.strip()) for i, line in enumerate(self.lines) if line.strip()]
        index, first = lines[0]
        if not (first.isascii() and first.isdecimal()):
            raise self.fail(index, f"expected PrefLib metadata or the number of alternatives, found {first[:40]!r}")
        n = whole(first, self.path, line=index + 1, what="number of alternatives")
        if len(lines) < n + 2:
            raise self.fail(lines[-1][0], f"expected {n} alternative names and a line of totals")
        names: dict[int, str] = {}
        for index, line in lines[1 : n + 1]:
            number, sep, name = line.partition(",")
            if not sep or not number.strip().isdecimal() or len(number.strip()) > MAX_NUMBER_CHARS:
                raise self.fail(index, f"expected 'number,name' for an alternative, found {line[:60]!r}")
            if int(number) in names:
                raise self.fail(index, f"alternative {int(number)} is named twice")
            names[int(number)] = name.strip()
        index, totals = lines[n + 1]
        parts = [p.strip() for p in totals.split(",")]
        if len(parts) != 3 or not all(p.isdecimal() for p in parts):
            raise self.fail(index, f"expected 'voters,sum of counts,unique orders', found {totals[:60]!r}")
        for p in parts:
            whole(p, self.path, line=index + 1, what="total")
        orders = []
        for i, line in lines[n + 2 :]:
            count, _, order = line.partition(",")
            orders.append((i, count.strip(), order))
        profile = self._profile(names, orders, self.kind, "")
        if int(parts[1]) != profile.total:
            raise self.fail(index, f"the totals line says {parts[1]} voters but the orders count {profile.total}")
        return profile

    def _declared_kind(self, meta: dict[str, tuple[int, str]]) -> str | None:
        declared = meta.get("DATA TYPE")
        if declared is None:
            return self.kind
        index, value = declared
        value = value.lower()
        if value not in KINDS:
            raise self.fail(index, f"DATA TYPE {value!r} is not an ordinal kind ({', '.join(KINDS)})")
        if self.kind is not None and value != self.kind:
            raise self.fail(index, f"the file is named .{self.kind} but declares DATA TYPE {value}")
        return value

    def _number(self, meta: dict[str, tuple[int, str]], key: str) -> int | None:
        if key not in meta:
            return None
        index, value = meta[key]
        if not value.isdecimal():
            raise self.fail(index, f"{key} {value[:40]!r} is not a whole number")
        return whole(value, self.path, line=index + 1, what=key)

    def _profile(
        self, names: dict[int, str], orders: list[tuple[int, str, str]], kind: str | None, title: str
    ) -> Profile:
        numbers = sorted(names)
        candidates = [names[k] for k in numbers]
        seen: dict[str, int] = {}
        for k in numbers:
            if not names[k]:
                raise FormatError(self.path, f"alternative {k} has an empty name")
            if names[k] in seen:
                raise FormatError(self.path, f"alternatives {seen[names[k]]} and {k} have the same name {names[k]!r}")
            seen[names[k]] = k
        single = {str(k): frozenset((names[k],)) for k in numbers}
        ballots: dict[Ranking, Weight] = {}
        for index, count, order in orders:
            if not count.isdecimal():
                raise self.fail(index, f"the count {count[:40]!r} is not a whole number")
            weight = whole(count, self.path, line=index + 1)
            rk = self._order(index, order, single, len(numbers), kind)
            ballots[rk] = ballots.get(rk, 0) + weight
        return Profile(tuple(candidates), ballots, title=title)

    def _order(self, index: int, order: str, single: dict[str, Rank], n: int, kind: str | None) -> Ranking:
        text = "".join(order.split())
        ranks: list[Rank] = []
        i = 0
        while i < len(text):
            if text[i] == "{":
                j = text.find("}", i)
                if j < 0:
                    raise self.fail(index, "a '{' is not closed by '}'")
                inner = text[i + 1 : j]
                group = [self._alternative(index, a, single) for a in inner.split(",")] if inner else []
                i = j + 1
            else:
                j = text.find(",", i)
                j = len(text) if j < 0 else j
                group = [self._alternative(index, text[i:j], single)]
                i = j
            if group:
                ranks.append(frozenset().union(*group))
            if i < len(text):
                if text[i] != ",":
                    raise self.fail(index, f"expected ',' after a position, found {text[i]!r}")
                i += 1
                if i == len(text):
                    raise self.fail(index, "the order ends with a comma")
        marks = [c for rank in ranks for c in rank]
        if len(set(marks)) < len(marks):
            raise self.fail(index, "an alternative appears twice in one order")
        if kind in ("soc", "soi") and any(len(rank) > 1 for rank in ranks):
            raise self.fail(index, f"a tie ('{{...}}') in a .{kind} file, whose orders are strict")
        if kind in ("soc", "toc") and len(marks) != n:
            raise self.fail(index, f"the order ranks {len(marks)} of {n} alternatives; a .{kind} order ranks all")
        return tuple(ranks)

    def _alternative(self, index: int, token: str, single: dict[str, Rank]) -> Rank:
        rank = single.get(token)
        if rank is None:
            if token.isdecimal() and len(token) <= MAX_NUMBER_CHARS and str(int(token)) in single:
                return single[str(int(token))]
            if token.isdecimal():
                raise self.fail(index, f"alternative {token[:40]} is not declared")
            raise self.fail(index, f"expected an alternative number, found {token[:40]!r}")
        return rank
