"""Steps shared by browser tests."""

from __future__ import annotations

from playwright.sync_api import Page


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in through the real form, as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")
