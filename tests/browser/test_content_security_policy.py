"""In a real browser: the strict Content-Security-Policy refuses nothing the pages themselves use
(Chromium reports every refusal on the console), the API documentation still renders, and the
lockout page after ten failed sign-ins is a page in words."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from tests.browser.pages import sign_in
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import make_party

PAGES = [
    "/",
    "/units/",
    "/members/",
    "/ballots/",
    "/debates/",
    "/processes/",
    "/rulebooks/",
    "/audit/",
    "/accounts/roles/",
    "/accounts/unlock/",
    "/imports/",
    "/api/tokens/",
    "/api/docs",
]


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


WATCH = """window.__refused = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__refused.push(e.violatedDirective + " " + e.blockedURI));"""


def refused_here(page: Page) -> list[str]:
    """What the policy refused on the page now shown (recorded by the `securitypolicyviolation` event)."""
    return [f"{page.url}: {what}" for what in page.evaluate("window.__refused || []")]


def refusals(page: Page) -> list[str]:
    seen: list[str] = []
    page.add_init_script(WATCH)  # run by the browser itself, not subject to the page's policy

    def note(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            seen.append(f"{page.url}: {message.text}")

    page.on("console", note)
    page.on("pageerror", lambda error: seen.append(f"{page.url}: {error}"))
    return seen


@pytest.mark.django_db(transaction=True)
def test_no_page_has_anything_refused_by_the_policy(page: Page, live_server: object) -> None:
    make_party()
    url = str(live_server)
    seen = refusals(page)
    sign_in(page, url, "general_secretary", "pw-general_secretary-2016!")
    for path in PAGES:
        response = page.goto(f"{url}{path}")
        assert response is not None and response.status < 400, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        seen += refused_here(page)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Hustings API")
    page.get_by_text("/api/eligibility/", exact=True).first.click()  # opens an operation: more icons
    page.wait_for_timeout(300)
    seen += refused_here(page)
    assert seen == []


@pytest.mark.django_db(transaction=True)
def test_ten_failed_sign_ins_show_the_lockout_page(page: Page, live_server: object) -> None:
    make_party()
    url = str(live_server)
    seen = refusals(page)
    for _ in range(10):
        page.goto(f"{url}/accounts/login/")
        page.get_by_label("Username").fill("member")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Signing in is paused")).to_be_visible()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill("pw-member-2016!")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Signing in is paused")).to_be_visible()
    expect(page.get_by_text("ask your branch secretary or the general secretary")).to_be_visible()
    assert seen + refused_here(page) == []
