"""In a real browser: a member signs in, sees their home and units, is refused the officers' pages;
a secretary sees the Members link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.browser.pages import sign_in
from tests.web.visitors import make_party


@pytest.mark.django_db(transaction=True)
def test_member_signs_in_sees_home_and_is_refused_officer_pages(page: Page, live_server: object) -> None:
    make_party()
    url = str(live_server)
    sign_in(page, url, "member", "pw-member-2016!")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Member")
    expect(page.get_by_role("link", name="Highbury").first).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Members")).to_have_count(0)
    response = page.goto(f"{url}/audit/")
    assert response is not None and response.status in (403, 404)
    page.goto(f"{url}/units/")
    page.get_by_role("link", name="Islington North CLP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Islington North CLP")


@pytest.mark.django_db(transaction=True)
def test_secretary_sees_the_members_link_and_can_sign_out(page: Page, live_server: object) -> None:
    make_party()
    url = str(live_server)
    sign_in(page, url, "right_officer", "pw-right_officer-2016!")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Members")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
