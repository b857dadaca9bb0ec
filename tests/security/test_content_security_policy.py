"""Attack: inject a script into a page. Every response carries a Content-Security-Policy that runs
scripts only from this site's own files (`script-src 'self'`) and no inline style, and no template
holds an inline script, an inline event handler or an inline style for the policy to break."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from tests.web.visitors import Party, make_party

import hustings.web

WEB = Path(hustings.web.__file__).parent
STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.fixture
def party(db: None) -> Party:
    return make_party()


def signed_in(party: Party, visitor: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(party.users[visitor])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("visitor", "path", "status"),
    [
        ("anonymous", "/accounts/login/", 200),  # a form
        ("anonymous", "/units/", 302),  # a redirect
        ("member", "/", 200),  # a page
        ("member", "/debates/", 200),
        ("member", "/ballots/", 200),
        ("member", "/members/", 403),  # the refusal page
        ("member", "/no-such-page/", 404),  # the not-found page
        ("general_secretary", "/accounts/unlock/", 200),
        ("anonymous", "/admin/login/", 200),  # Django's admin
        ("anonymous", "/api/units/", 401),  # the API, JSON
        ("member", "/api/units/", 200),
        ("anonymous", "/api/openapi.json", 200),
        ("member", "/api/tokens/", 200),
    ],
)
def test_every_kind_of_response_carries_the_strict_policy(party: Party, visitor: str, path: str, status: int) -> None:
    client = Client() if visitor == "anonymous" else signed_in(party, visitor)
    response = client.get(path)
    assert response.status_code == status
    assert directives(response["Content-Security-Policy"]) == STRICT


@pytest.mark.django_db
def test_the_lockout_page_carries_the_strict_policy(party: Party) -> None:
    client = Client()
    for _ in range(10):
        response = client.post("/accounts/login/", {"username": "member", "password": "wrong"})
    assert response.status_code == 429
    assert directives(response["Content-Security-Policy"]) == STRICT


@pytest.mark.django_db
def test_the_api_documentation_allows_only_its_data_images_besides(party: Party) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == {**STRICT, "img-src": "'self' data:"}
    html = response.content.decode()
    assert not [s for s in re.findall(r"<script\b[^>]*>", html) if "src=" not in s and "application/json" not in s]


def templates() -> list[Path]:
    return sorted(WEB.glob("**/templates/**/*.html"))


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def test_the_scan_finds_what_it_looks_for() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/a.js" defer></script>')
    assert HANDLER.search('<button type="button" onclick="go()">')
    assert INLINE_STYLE.search('<label style="display:inline">') and INLINE_STYLE.search("<style>p{}</style>")
    assert JAVASCRIPT_URL.search('<a href="javascript:go()">')


@pytest.mark.parametrize("template", templates(), ids=lambda p: str(p.relative_to(WEB)))
def test_no_template_has_an_inline_script_handler_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for pattern in (INLINE_SCRIPT, HANDLER, INLINE_STYLE, JAVASCRIPT_URL):
        assert not pattern.search(text), f"{template}: {pattern.search(text)}"


def test_the_charts_drawn_into_result_pages_use_no_inline_style() -> None:
    from hustings.count.profile import Profile
    from hustings.count.registry import run
    from hustings.web.ballots.sankey import bars_svg, sankey_svg

    votes = [["A"]] * 4 + [["B", "A"]] * 3 + [["C", "B"]] * 2
    result = run("irv", Profile.from_lists(["A", "B", "C"], votes), seats=1).to_dict()
    for svg in (sankey_svg(result), bars_svg({"A": 5, "B": 4}, ["A", "B"])):
        assert svg and not INLINE_STYLE.search(svg) and not HANDLER.search(svg) and "<script" not in svg
