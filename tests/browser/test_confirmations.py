"""Issue #14: the confirmation step before suspending a unit, in Chromium: the form's button shows
what will happen (fitting a phone, no serious axe violation), and only "Yes" suspends."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.pages import sign_in
from tests.browser.test_accessibility import AXE
from tests.browser.test_every_page import AXE_RUN, OVERFLOW, PHONE
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import make_party

from hustings.store.processes.models import Suspension


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_suspending_a_unit_asks_first_in_plain_words(browser: Browser, live_server: object) -> None:
    make_party()
    url = str(live_server)
    page: Page = browser.new_context(locale="en-GB", viewport=PHONE, bypass_csp=True).new_page()  # axe, the test's
    sign_in(page, url, "general_secretary", "pw-general_secretary-2016!")
    page.goto(f"{url}/processes/suspensions/")
    page.get_by_label("Unit (type its name)").fill("isn-hi")
    page.get_by_label("Rule under which it is suspended").fill("Chapter 1, Clause VIII.5")
    page.get_by_role("button", name="Suspend the unit").click()
    expect(page.get_by_role("heading", name="Suspend Highbury?")).to_be_visible()
    expect(page.get_by_text("Members keep their individual votes.")).to_be_visible()
    assert not Suspension.objects.exists()
    assert page.evaluate(OVERFLOW) == []
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RUN) == []
    page.get_by_role("button", name="Yes, suspend Highbury").click()
    expect(page.get_by_text("Highbury is suspended.")).to_be_visible()
    assert Suspension.objects.get().rule == "Chapter 1, Clause VIII.5"
    page.context.close()
