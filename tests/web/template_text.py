"""The visible text of a Django template that is not marked for translation.

A template is read with Django's own lexer, so that its tags and variables are told apart from its
text exactly as Django tells them; text inside `{% translate %}` and `{% blocktranslate %}` is
marked, `{% comment %}` blocks and `{# #}` comments are not shown. What remains is read as HTML
(Python's `html.parser`): the text of elements (not of `<script>` or `<style>`) and the attributes
a person reads or hears (`title`, `alt`, `placeholder`, `aria-label`, the `value` of a button) are
visible. A piece of visible text that holds a letter, once the allowlist's words are taken out,
is unmarked. Variables count as no text (`{{ ballot.title }}` is data, translated, if at all, where
it is made); a filter that writes English words itself (`pluralize`, or `yesno` or `default` given English
words rather than `_("...")`) is reported too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

WEB = Path(__file__).resolve().parents[2] / "src" / "hustings" / "web"

# Visible text that is not a word of any language, each with the reason it stays as it is.
ALLOWLIST: dict[str, str] = {
    "Hustings": "the software's name, a proper noun (the brand in the header and page titles)",
    "JSON": "a file format's name, the same in every language",
    "CSV": "a file format's name, the same in every language",
    "XLSX": "a file format's name, the same in every language",
    "SVG": "an image format's name, the same in every language",
    "PNG": "an image format's name, the same in every language",
    "BLT": "a ballot-file format's name, the same in every language",
    "RSS": "a feed format's name, the same in every language",
    "Atom": "a feed format's name, the same in every language",
    "OpenAPI": "a specification's name, the same in every language",
    "XXXX-XXXX-XXXX-XXXX": "the shape of a tracking code, shown as the search field's placeholder",
}

MARKER = "\x01"  # where a variable or tag stood: no text
BOUNDARY = "\x02"  # a block tag: the text on either side is two pieces
# Elements whose text is not prose: scripts and styles, and code (`<code>hustings verify</code>`,
# a command, a file name or a key a program reads), which stays as written in every language.
RAW = {"script", "style", "code", "pre", "kbd", "samp"}
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "summary"}
ENGLISH_FILTERS = re.compile(r"\|\s*pluralize\b|\|\s*(?:yesno|default|default_if_none)\s*:\s*['\"][^'\"]*[A-Za-z]")
LETTER = re.compile(r"[^\W\d_]")
# A file's name (`board.json`, `election.json`) is what a program writes and reads: not a word.
FILE_NAME = re.compile(r"\b[\w-]+\.(?:json|csv|blt|key|yaml)\b")


@dataclass(frozen=True)
class Unmarked:
    """One piece of visible text not marked for translation."""

    template: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.text!r}"


def _is_words(text: str) -> bool:
    text = FILE_NAME.sub("", text)
    for word in ALLOWLIST:
        text = re.sub(rf"\b{re.escape(word)}\b", "", text)
    return bool(LETTER.search(text))


def _masked(source: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, str]]]:
    """The source with tags and variables replaced by markers, the (offset, line) of each text
    token for line numbers, and the (line, variable) of variables whose filters write English."""
    out: list[str] = []
    lines: list[tuple[int, int]] = []
    english: list[tuple[int, str]] = []
    skipping: str | None = None  # the closing tag of a block whose content is not shown as written
    for token in Lexer(source).tokenize():
        contents = token.contents.strip()
        if skipping is not None:
            if token.token_type == TokenType.BLOCK and contents.split()[0] == skipping:
                skipping = None
            continue
        if token.token_type == TokenType.TEXT:
            lines.append((len("".join(out)), token.lineno))
            out.append(token.contents)
        elif token.token_type == TokenType.VAR:
            if ENGLISH_FILTERS.search(contents):
                english.append((token.lineno, contents))
            out.append(MARKER)
        elif token.token_type == TokenType.BLOCK:
            name = contents.split()[0] if contents else ""
            if name in ("blocktranslate", "blocktrans"):
                if ENGLISH_FILTERS.search(contents):
                    english.append((token.lineno, contents))
                skipping = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
            elif name == "comment":
                skipping = "endcomment"
            out.append(MARKER if name in ("translate", "trans", "csrf_token", "url", "static") else BOUNDARY)
    return "".join(out), lines, english


class _Reader(HTMLParser):
    def __init__(self, masked: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []  # (offset in the masked source, text)
        self._raw = 0
        self._starts = [0] + [m.end() for m in re.finditer("\n", masked)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RAW:
            self._raw += 1
        kind = dict(attrs).get("type", "")
        for name, value in attrs:
            shown = name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag == "input" and kind in ("submit", "button", "reset")
            )
            if shown and value:
                self._add(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in RAW and self._raw:
            self._raw -= 1

    def handle_data(self, data: str) -> None:
        if not self._raw:
            self._add(data)

    def _add(self, text: str) -> None:
        offset = self._offset()
        for piece in text.split(BOUNDARY):
            # A variable counts as a digit when judging (`dealing-{{ i }}.json` is a file name).
            if _is_words(piece.replace(MARKER, "0")):
                self.found.append((offset, " ".join(piece.replace(MARKER, " ").split())))


def unmarked_text(path: Path, root: Path = WEB) -> list[Unmarked]:
    """Every piece of visible text of the template at `path` that is not marked for translation,
    named by its path under `root`."""
    source = path.read_text(encoding="utf-8")
    masked, lines, english = _masked(source)
    reader = _Reader(masked)
    reader.feed(masked)
    reader.close()
    name = str(path.relative_to(root))

    def line_of(offset: int) -> int:
        line = 1
        for start, lineno in lines:
            if start > offset:
                break
            line = lineno + masked[start:offset].count("\n")
        return line

    found = [Unmarked(name, line_of(offset), text) for offset, text in reader.found]
    found += [Unmarked(name, line, "{{ " + variable + " }}") for line, variable in english]
    return sorted(found, key=lambda u: u.line)


def templates() -> list[Path]:
    """Every template of the web application."""
    return sorted(WEB.rglob("templates/**/*.html"))
