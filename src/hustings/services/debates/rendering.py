"""Markdown made safe: rendered once when a text is saved, then sanitised with an allow-list.

Members write plain text with Markdown (emphasis, lists, quotes, code, links). The HTML that
Markdown makes is cleaned by nh3 (the ammonia sanitiser): only the tags and attributes below
survive, links keep only http, https and mailto URLs and get rel="nofollow noopener ugc", and
raw HTML written into the text (script, style, event attributes, iframes) is removed.
"""

from __future__ import annotations

import threading

import markdown
import nh3

TAGS = frozenset(
    {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "hr", "del"}
)
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
MAX_LENGTH = 10_000


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's Markdown converter (building one costs more than converting a comment)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    return converter


def render(text: str) -> str:
    """The safe HTML of a Markdown text."""
    converter = _markdown()
    converter.reset()
    html = converter.convert(text)
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    ).strip()


def quote(text: str) -> str:
    """A comment's text as a Markdown block quote, to begin a reply that quotes it."""
    return "\n".join("> " + line if line else ">" for line in text.strip().splitlines()) + "\n\n"
