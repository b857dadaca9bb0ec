"""BLT ballot files (Hill, Wichmann & Woodall 1987; OpenSTV/OpaVote; ERS).

The format, as described by Hill, Wichmann & Woodall, "Algorithm 123: Single
Transferable Vote by Meek's method", *Computer Journal* 30(3), 1987, section
3.1, with the extensions OpenSTV and OpaVote added (documented by OpaVote's
help, "BLT file format", and by Droop's wiki page "BltFileFormat")::

    4 2                 candidates and seats
    -2                  optional: withdrawn candidates, as negative numbers
    3 1 3 4 0           weight, then preferences by candidate number, then 0
    2 4 1=3 0           ``=`` joins candidates ranked equal at one preference
    1 2 - 3 0           ``-`` is a skipped preference (OpenSTV)
    (b7) 1 3 0          an optional ballot ID in parentheses (OpenSTV)
    0                   end of ballots
    "Adam"              one line per candidate name, in candidate-number order
    "Basil"
    "Charlotte"
    "Donald"
    "Title"             the title of the election

Weights are whole numbers or exact decimals (``2.5``) or ratios (``5/2``),
kept exact.  ``#`` starts a comment to the end of the line in the header and
ballot lines (OpenSTV); a name-section line starting with ``#`` is a comment.
Blank lines are ignored, a final newline is optional.  Repeated candidates on
one ballot are kept as written: whether they count is for the rule to decide.

Names and title: a line holding exactly one double-quoted string, in which a
quote is written as two quotes (the convention of CSV and of the councils'
exports), gives the text inside the quotes with doubled quotes undoubled;
any other line gives its own text.  Spaces around the text are not part of
it.  So ``"Adam"`` is ``Adam``, ``Adam`` is ``Adam``, the Scottish 2012 line
``"Lab ""Barney CROCKETT"" "`` is ``Lab "Barney CROCKETT"``, and a line of
two quoted strings such as ``"Sasha BRYDON" "Scottish Labour Party"`` is kept
as written, quotes included.  :func:`write` quotes every name this way, so
what it writes reads back unchanged.

A file whose first line ends with a comma is a spreadsheet export (one
Scottish by-election file is): its commas are read as spaces.

Text is UTF-8 (a byte-order mark is ignored); a file that is not valid UTF-8
is read as Windows-1252, the encoding of older Windows tools
(:func:`hustings.formats.text.read_text`).
"""

from __future__ import annotations

import gc
import re
from fractions import Fraction
from pathlib import Path
from typing import IO

from hustings.count.profile import OVERVOTE, SKIPPED, Profile, Rank, Ranking, Weight
from hustings.count.result import decimal_string
from hustings.formats.errors import FormatError
from hustings.formats.limits import MAX_COUNT, MAX_NUMBER_CHARS, bounded, too_long
from hustings.formats.text import read_text

_NUMBER = re.compile(r"\d+(\.\d*)?|\.\d+|\d+/\d+")
_BALLOT_ID = re.compile(r"\(([^()]*)\)")
_ALTERNATIVE_NAME = re.compile(r"#\s*ALTERNATIVE NAME (\d+):(.*)")


def read(path: str | Path) -> Profile:
    """Read a BLT file into a :class:`Profile`; raise :class:`FormatError` if it is malformed."""
    return parse(read_text(path), str(path))


def parse(text: str, path: str | None = None) -> Profile:
    """Parse the text of a BLT file; ``path`` is used only in error messages."""
    lines = text.split("\n")
    if lines[0].rstrip().endswith(","):
        lines = [line.replace(",", " ") for line in lines]
    return _Reader(lines, path).profile()


def _content(line: str) -> list[str]:
    """The tokens of a header or ballot line, without its comment."""
    cut = line.find("#")
    return (line if cut < 0 else line[:cut]).split()


class _EarlyEnd(Exception):
    """The ballots end before the line first taken for their end (a ``0`` with spaces or a comment)."""

    def __init__(self, index: int) -> None:
        self.index = index


class _Reader:
    """One pass over the lines of one file; indexes are 0-based, messages say 1-based lines."""

    def __init__(self, lines: list[str], path: str | None) -> None:
        self.lines = lines
        self.path = path

    def fail(self, index: int, message: str) -> FormatError:
        return FormatError(self.path, message, line=index + 1)

    def profile(self) -> Profile:
        lines = self.lines
        head = 0
        while head < len(lines) and not _content(lines[head]):
            head += 1
        if head == len(lines):
            raise FormatError(self.path, "empty file: expected a header line 'candidates seats'", line=1)
        n, seats = self._header(head)
        withdrawn, start = self._withdrawn(head + 1, n)
        end = self._find_end(start)
        while True:
            names, title, names_error = self._names(end, n)
            rank_of = {str(k): frozenset((name,)) for k, name in enumerate(names, 1)}
            try:
                ballots = self._ballots(start, end if end is not None else len(lines), rank_of, n)
            except _EarlyEnd as early:
                end = early.index
                continue
            break
        if end is None:
            last = max(i for i, line in enumerate(lines) if line.strip())
            raise self.fail(last, "the ballots are not ended by a line '0' before the end of the file")
        if names_error is not None:
            raise names_error
        return Profile(
            candidates=tuple(names),
            ballots=ballots,
            withdrawn=frozenset(names[k - 1] for k in withdrawn),
            title=title,
            seats=seats,
        )

    def _header(self, index: int) -> tuple[int, int]:
        tokens = _content(self.lines[index])
        if len(tokens) != 2 or not all(t.isascii() and t.isdigit() for t in tokens):
            raise self.fail(
                index, f"expected a header 'candidates seats' (two whole numbers), found {' '.join(tokens)!r}"
            )
        too_long(tokens[0], self.path, line=index + 1, what="number of candidates")
        too_long(tokens[1], self.path, line=index + 1, what="number of seats")
        n, seats = int(tokens[0]), int(tokens[1])
        # Every candidate is named on a line of its own after the header: a
        # file with fewer lines cannot be read, and nothing of size n is built.
        if n > len(self.lines) - index - 1:
            raise self.fail(
                index,
                f"the header declares {n} candidates but the file has {len(self.lines) - index - 1} lines "
                "after it, too few to name them",
            )
        if n < 1:
            raise self.fail(index, "the header declares no candidates")
        if seats < 1:
            raise self.fail(index, "the header declares no seats to fill")
        if seats > n:
            raise self.fail(index, f"the header declares {seats} seats but only {n} candidates")
        return n, seats

    def _withdrawn(self, index: int, n: int) -> tuple[list[int], int]:
        """Withdrawn candidates' numbers and the index of the first ballot line."""
        lines = self.lines
        while index < len(lines) and not _content(lines[index]):
            index += 1
        if index == len(lines):
            return [], index
        tokens = _content(lines[index])
        if not all(t.startswith("-") and t[1:].isascii() and t[1:].isdigit() for t in tokens):
            return [], index  # a ballot line (a negative weight is reported there)
        out: list[int] = []
        for t in tokens:
            too_long(t, self.path, line=index + 1, what="withdrawn candidate")
            k = int(t[1:])
            if not 1 <= k <= n:
                raise self.fail(index, f"withdrawn candidate {k} does not exist (the header declares {n} candidates)")
            out.append(k)
        return out, index + 1

    def _find_end(self, start: int) -> int | None:
        """Index of the line ``0`` that ends the ballots (checked again while reading them)."""
        lines = self.lines
        found = [i for i in (_index(lines, "0", start), _index(lines, "0\r", start)) if i is not None]
        if found:
            return min(found)
        for i in range(start, len(lines)):
            if _content(lines[i]) == ["0"]:
                return i
        return None

    def _ballots(self, start: int, end: int, rank_of: dict[str, Rank], n: int) -> dict[Ranking, Weight]:
        """Ballot lines ``start`` to ``end``, merged by ranking, in order of first appearance.

        A section of plain lines is converted in bulk (:func:`_plain_ballots`);
        otherwise each plain line is looked up directly and any other line
        (comments, IDs, ``=``, ``-``, decimals, errors) is parsed token by token.
        """
        plain = _plain_ballots(self.lines[start:end], rank_of, n)
        if plain is not None:
            return plain
        ballots: dict[Ranking, Weight] = {}
        lookup = rank_of.__getitem__
        for index, tokens in enumerate(map(str.split, self.lines[start:end]), start):
            if not tokens:
                continue
            weight: Weight
            if len(tokens) > 1 and tokens[-1] == "0" and tokens[0].isdigit():
                try:
                    rk: Ranking = tuple(map(lookup, tokens[1:-1]))
                    weight = int(tokens[0])
                    if weight > MAX_COUNT:
                        raise ValueError  # worded by _weight
                except (KeyError, ValueError):
                    parsed = self._ballot(index, rank_of, n)
                    if parsed is None:
                        continue
                    weight, rk = parsed
            else:
                parsed = self._ballot(index, rank_of, n)
                if parsed is None:
                    continue
                weight, rk = parsed
            ballots[rk] = ballots[rk] + weight if rk in ballots else weight
        return ballots

    def _ballot(self, index: int, rank_of: dict[str, Rank], n: int) -> tuple[Weight, Ranking] | None:
        """One ballot line in full generality; ``None`` for a comment line."""
        line = self.lines[index]
        cut = line.find("#")
        body = (line if cut < 0 else line[:cut]).strip()
        if not body:
            return None
        if body == "0":
            raise _EarlyEnd(index)
        if body.startswith("("):
            m = _BALLOT_ID.match(body)
            if m is None:
                raise self.fail(index, "a ballot ID opened with '(' is not closed with ')'")
            body = body[m.end() :].strip()
            if not body:
                raise self.fail(index, "a ballot ID with no weight or preferences after it")
        tokens = body.split()
        if not (tokens[0][:1].isdigit() or tokens[0][:1] in "-."):
            raise self.fail(index, f"found {body!r} where a ballot or the line '0' ending the ballots should be")
        weight = self._weight(index, tokens[0])
        if len(tokens) < 2 or tokens[-1] != "0":
            if "0" in tokens[1:]:
                extra = tokens[tokens.index("0", 1) + 1 :]
                raise self.fail(index, f"text after the ballot's closing 0: {' '.join(extra)!r}")
            raise self.fail(index, "the ballot does not end with 0")
        ranks: list[Rank] = []
        for t in tokens[1:-1]:
            rank = rank_of.get(t)
            ranks.append(rank if rank is not None else self._rank(index, t, rank_of, n))
        return weight, tuple(ranks)

    def _weight(self, index: int, token: str) -> Weight:
        too_long(token, self.path, line=index + 1, what="ballot weight")
        if token.isascii() and token.isdigit():
            return bounded(int(token), token, self.path, line=index + 1, what="ballot weight")
        if token.startswith("-") and _NUMBER.fullmatch(token[1:]):
            raise self.fail(index, f"negative ballot weight {token}")
        if _NUMBER.fullmatch(token) and not token.endswith("/0"):
            return bounded(Fraction(token), token, self.path, line=index + 1, what="ballot weight")
        raise self.fail(index, f"the ballot weight {token!r} is not a number")

    def _rank(self, index: int, token: str, rank_of: dict[str, Rank], n: int) -> Rank:
        if token == "-":
            return SKIPPED
        marks: set[str] = set()
        for p in token.split("="):
            if p.isascii() and p.isdigit() and len(p) <= MAX_NUMBER_CHARS and 1 <= int(p) <= n:
                marks |= rank_of[str(int(p))]
            elif p.isascii() and p.lstrip("-").isdigit():
                shown = p if len(p) <= MAX_NUMBER_CHARS else p[:12] + "..."
                raise self.fail(index, f"preference for candidate {shown}, but the header declares candidates 1 to {n}")
            elif p == "":
                raise self.fail(index, f"malformed equal ranking {token!r}")
            else:
                raise self.fail(index, f"unexpected {p!r} among the preferences (expected candidate numbers)")
        return frozenset(marks)

    def _names(self, end: int | None, n: int) -> tuple[list[str], str, FormatError | None]:
        """Names and title after line ``end``; a problem is returned, to be raised after the ballots' own."""
        placeholder = [str(k) for k in range(1, n + 1)]
        if end is None:
            return placeholder, "", None
        lines = self.lines
        found: list[tuple[int, str]] = []
        for index in range(end + 1, len(lines)):
            raw = lines[index].strip()
            if raw.startswith("#"):
                m = _ALTERNATIVE_NAME.match(raw)
                if m is None:
                    continue
                if len(m[1]) > MAX_NUMBER_CHARS or int(m[1]) != len(found) + 1:
                    return placeholder, "", self.fail(index, f"expected the name of candidate {len(found) + 1}")
                found.append((index, m[2].strip()))
            elif raw:
                found.append((index, _unquote(raw)))
        if len(found) < n + 1:
            at = found[-1][0] if found else end
            error = self.fail(
                at, f"expected {n} candidate names and a title after the ballots, found {len(found)} lines"
            )
            return placeholder, "", error
        if len(found) > n + 1:
            index, text = found[n + 1]
            error = self.fail(index, f"more lines than the {n} candidate names and the title the header calls for")
            return placeholder, "", error
        seen: dict[str, int] = {}
        for index, text in found[:n]:
            if not text:
                return placeholder, "", self.fail(index, "empty candidate name")
            if text in seen:
                return placeholder, "", self.fail(index, f"candidate name {text!r} is also on line {seen[text] + 1}")
            seen[text] = index
        return [text for _, text in found[:n]], found[n][1], None


def _plain_ballots(lines: list[str], rank_of: dict[str, Rank], n: int) -> dict[Ranking, Weight] | None:
    """The ballots of a section holding only plain lines (``weight pref ... 0``), or ``None``.

    Most files are plain: whole positive weights, one candidate per
    preference, no comments.  Such a section is checked with a few string
    scans and converted with numpy, building the rankings in C rather than
    line by line (a third less time on the 747 Scottish files).  Anything else
    (including a candidate number out of range) returns ``None`` and is read
    line by line, which also words the error.
    """
    import numpy as np

    if not lines:
        return {}
    section = "\n".join(lines) + "\n"
    if "\r" in section:
        section = section.replace("\r", "")
    if section[0] == " " or "\n\n" in section or " \n" in section or "\n " in section:
        return None
    if not section.isascii() or section.encode("ascii").translate(None, b"0123456789 \n"):
        return None
    numbers = np.fromstring(section, dtype=np.int64, sep=" ")
    ends = np.flatnonzero(numbers == 0)
    # Every line ends with a zero token, and there are no other zeros: so the
    # zeros close the ballots, and weights and preferences are all positive.
    if not (len(ends) == section.count(" 0\n") == section.count("\n")):
        return None
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    top = int(numbers.max())
    if top == np.iinfo(np.int64).max or top > MAX_COUNT:
        return None  # a weight too large for int64, or over the limit: read exactly (or refused), line by line
    codes = numbers.copy()
    codes[starts] = 0
    if int(codes.max()) > n:
        return None
    ranks = np.empty(n + 1, dtype=object)  # ranks[k]: the rank of candidate k alone
    ranks[1:] = list(rank_of.values())
    weights: list[int] = numbers[starts].tolist()
    lengths = ends - starts - 1
    # Ballots of equal length k, taken in order of length, are a k-row table
    # of marks whose columns zip() turns into rankings in C; the rankings are
    # then put back in file order.
    order = np.argsort(lengths, kind="stable")
    sizes, firsts = np.unique(lengths[order], return_index=True)
    bounds = [*firsts.tolist(), len(order)]
    built: list[Ranking] = []
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of new tuples: collecting while building them only costs time
    try:
        for g, k in enumerate(sizes.tolist()):
            rows = order[bounds[g] : bounds[g + 1]]
            if k == 0:
                built.extend([()] * len(rows))
                continue
            at = (starts[rows] + 1)[None, :] + np.arange(k)[:, None]
            built.extend(zip(*ranks[numbers[at]].tolist(), strict=True))
        place = np.empty_like(order)
        place[order] = np.arange(len(order))
        rankings: list[Ranking] = list(map(built.__getitem__, place.tolist()))
        ballots: dict[Ranking, Weight] = dict(zip(rankings, weights, strict=True))
        if len(ballots) < len(rankings):  # the same ranking on several lines: add up
            ballots = {}
            for rk, w in zip(rankings, weights, strict=True):
                ballots[rk] = ballots[rk] + w if rk in ballots else w
    finally:
        if collecting:
            gc.enable()
    return ballots


def _index(lines: list[str], value: str, start: int) -> int | None:
    try:
        return lines.index(value, start)
    except ValueError:
        return None


def _unquote(raw: str) -> str:
    """The text a name or title line defines: see the module docstring."""
    if len(raw) >= 2 and raw[0] == '"' and raw[-1] == '"':
        inner = raw[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"').strip()
    return raw


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _weight_text(w: Weight) -> str:
    if isinstance(w, bool) or not isinstance(w, (int, Fraction)):
        raise ValueError(f"a BLT weight must be a whole number or a fraction, not {w!r}")
    if w < 0:
        raise ValueError(f"a BLT weight cannot be negative: {w}")
    if isinstance(w, int) or w.denominator == 1:
        return str(int(w))
    text = decimal_string(w)
    if Fraction(text) == w:
        return text
    return f"{w.numerator}/{w.denominator}"  # no finite decimal is exact: write the ratio


def dumps(profile: Profile) -> str:
    """The BLT text of ``profile`` (see :func:`write`)."""
    number = {c: i for i, c in enumerate(profile.candidates, 1)}
    out = [f"{len(profile.candidates)} {profile.seats or 1}\n"]
    if profile.withdrawn:
        unknown = sorted(set(profile.withdrawn) - set(number))
        if unknown:
            raise ValueError(f"withdrawn candidate {unknown[0]!r} is not among the candidates")
        out.append(" ".join(f"-{number[c]}" for c in profile.candidates if c in profile.withdrawn) + "\n")
    for rk, w in profile.ballots.items():
        prefs = [_preference_text(rank, number) for rank in rk]
        out.append(" ".join([_weight_text(w), *prefs, "0"]) + "\n")
    out.append("0\n")
    for c in profile.candidates:
        if not c or c != c.strip() or "\n" in c or "\r" in c:
            raise ValueError(f"candidate name {c!r} cannot be written to BLT (empty, line break or outer spaces)")
        out.append(_quote(c) + "\n")
    if profile.title != profile.title.strip() or "\n" in profile.title or "\r" in profile.title:
        raise ValueError(f"title {profile.title!r} cannot be written to BLT (line break or outer spaces)")
    out.append(_quote(profile.title) + "\n")
    return "".join(out)


def _preference_text(rank: Rank, number: dict[str, int]) -> str:
    """One rank of a BLT ballot line: ``-`` when skipped, candidate numbers joined by ``=`` when equal."""
    if not rank:
        return "-"
    if OVERVOTE in rank:
        raise ValueError("an overvote recorded without names cannot be written to BLT")
    missing = sorted(c for c in rank if c not in number)
    if missing:
        raise ValueError(f"a ballot ranks {missing[0]!r}, who is not among the candidates")
    return "=".join(str(k) for k in sorted(number[c] for c in rank))


def write(profile: Profile, target: str | Path | IO[str]) -> None:
    """Write ``profile`` as a BLT file to a path or an open text stream.

    Names and the title are always quoted (inner quotes doubled), equal
    rankings are written ``1=2``, skipped ranks ``-``, weights as whole
    numbers or exact decimals (a ratio ``p/q`` when no finite decimal is
    exact; only Hustings reads those back).  The header's seats are the
    profile's own, or 1.  Reading the result gives back an equal profile.
    Raises ``ValueError`` for what BLT cannot hold: overvotes recorded
    without names, names outside the candidate list, negative weights,
    names with line breaks or outer spaces.
    """
    text = dumps(profile)
    if isinstance(target, (str, Path)):
        Path(target).write_text(text, encoding="utf-8")
    else:
        target.write(text)
