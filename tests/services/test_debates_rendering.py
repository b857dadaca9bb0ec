"""Markdown made safe: whatever a member writes, no script, event handler, style or javascript:
URL reaches the page; ordinary formatting and links survive, with rel="nofollow noopener ugc"."""

from __future__ import annotations

import pytest

from hustings.services.debates.rendering import quote, render

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "<div onclick='alert(1)'>\n\n*raw block*\n\n</div>",
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    "[x](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"></svg>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="https://ok.example" onmouseover="alert(1)">hi</a>',
]


@pytest.mark.parametrize("text", ATTACKS)
def test_injected_html_and_script_are_neutralised(text: str) -> None:
    html = render(text).lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "javascript:",
        "<style",
        "<iframe",
        "<img",
        "<svg",
        "data:",
    ):
        assert bad not in html, (text, html)


def test_markdown_formatting_and_links_survive_with_safe_rel() -> None:
    html = render("*Yes*, **members**:\n\n- one\n- two\n\n> quoted\n\n[rules](https://example.org/rules)")
    assert "<em>Yes</em>" in html and "<strong>members</strong>" in html
    assert "<li>one</li>" in html and "<blockquote>" in html
    assert 'href="https://example.org/rules"' in html
    assert 'rel="nofollow noopener ugc"' in html


def test_quote_makes_a_markdown_block_quote() -> None:
    assert quote("first\n\nsecond") == "> first\n>\n> second\n\n"
    assert "<blockquote>" in render(quote("I disagree"))
