"""Issue #14: a member votes with the keyboard alone, from signing in to reading their tracking
code, in Chromium. Every step is a key press (Tab, Shift+Tab, Enter, Space, arrow keys) or typing:
no click, no `element.click()`, no script submitting a form. The page is only read, never driven,
through the DOM: which element has the focus, and that a visible focus indicator (an outline or a
ring) is drawn around it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture: the demo's content writes audit rows)

from hustings.demo.content import CONTEST_TITLE, member_voting_code
from hustings.demo.party import demo_logins, demo_register, load_demo
from hustings.store.ballots.models import Ballot

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 80  # more than any page here has focusable elements before the one sought

# What the focused element is, as a person using a screen reader would hear it, and whether a
# focus indicator is drawn: an outline, or a box-shadow ring, of some width and not transparent.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    && style.outlineColor !== 'transparent' && style.outlineColor !== 'rgba(0, 0, 0, 0)';
  const ring = style.boxShadow !== 'none' && style.boxShadow !== '';
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    tag: el.tagName.toLowerCase(), type: el.getAttribute('type') || '', id: el.id,
    text: (el.innerText || el.value || '').trim(), label: label.trim(), indicator: outline || ring,
  };
}"""


@pytest.fixture
def demo(settings: Any, audit_reset: None) -> dict[str, str]:  # noqa: F811
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for the test only
    load_demo(demo_register(2016, 200))
    logins = demo_logins()
    voting = member_voting_code()
    assert voting is not None, "the demo's member has no code for the open contest"
    return {"password": logins["member"], "code": voting[1]}


def focused(page: Page) -> dict[str, Any]:
    found = page.evaluate(FOCUSED)
    assert found is not None, "the focus was lost to the page's body"
    return dict(found)


def tab_to(page: Page, wanted: Any, backwards: bool = False) -> dict[str, Any]:
    """Press Tab (or Shift+Tab) until the focused element is the one `wanted` accepts; it must show
    a focus indicator."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = page.evaluate(FOCUSED)
        if element is not None and wanted(element):
            assert element["indicator"], f"no visible focus indicator on {element}"
            return dict(element)
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached the element sought")


def named(text: str) -> Any:
    return lambda e: e["text"] == text or e["label"] == text


def test_a_member_votes_from_sign_in_to_tracking_code_with_the_keyboard_alone(
    page: Page, live_server: Any, demo: dict[str, str]
) -> None:
    url = str(live_server)
    ballot = Ballot.objects.get(title=CONTEST_TITLE, status="open")
    candidates = list(ballot.candidates)
    page.goto(f"{url}/")  # signed out, the home page is the sign-in form
    page.wait_for_url(re.compile(r"/accounts/login/"))
    arrived = page.evaluate(FOCUSED)
    if arrived is None or arrived["label"] != "Username":  # unless the field has the focus already
        tab_to(page, named("Username"))
    page.keyboard.type("member")
    page.keyboard.press("Tab")
    assert focused(page)["label"] == "Password"
    page.keyboard.type(demo["password"])
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form, as Enter in a text field does
    page.wait_for_url(f"{url}/")

    tab_to(page, named(CONTEST_TITLE))  # the member's home lists the ballot open to them
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/ballots/{ballot.pk}/vote/"))

    tab_to(page, named("Your voting code"))
    page.keyboard.type(demo["code"])
    last = tab_to(page, named(candidates[-1]))  # rank the last candidate first, then go back up
    assert last["tag"] == "select"
    page.keyboard.press("ArrowDown")  # the first choice after the blank: 1
    tab_to(page, named(candidates[0]), backwards=True)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 2
    tab_to(page, named("Review my vote"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("#your-preferences li")).to_have_text([candidates[-1], candidates[0]])
    tab_to(page, named("Cast my vote"))
    with page.expect_navigation():
        page.keyboard.press("Space")  # a button is pressed by Space as well as by Enter
    code = page.locator("#tracking-code")
    expect(code).to_be_visible()
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", code.inner_text())
