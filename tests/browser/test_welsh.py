"""The language switcher in a real browser at a phone's width (390 px): a member signs in in English,
presses "Cymraeg" in the header (a form posted to Django's set_language, no JavaScript), and the
home and vote pages come back in Welsh, stay Welsh on the next visit, and have no axe-core
violations; the header, switcher included, does not make the home page scroll sideways."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.browser.pages import sign_in
from tests.browser.test_accessibility import fast_passwords, phone, violations  # noqa: F401 (fixtures)
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.test_ballot_pages import open_ballot
from tests.web.visitors import make_party


def _overflow(page: Page) -> Any:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_the_switcher_turns_the_pages_welsh_and_they_stay_accessible(phone: Page, live_server: object) -> None:  # noqa: F811
    party = make_party()
    ballot = open_ballot(party)
    url = str(live_server)
    sign_in(phone, url, "member", "pw-member-2016!")
    phone.get_by_role("button", name="Cymraeg").click()
    phone.wait_for_url(f"{url}/")
    expect(phone.get_by_role("heading", name="Pleidleisiau agored")).to_be_visible()
    assert phone.get_attribute("html", "lang") == "cy"
    found = violations(phone)
    assert _overflow(phone) <= 0
    phone.goto(f"{url}/ballots/{ballot.pk}/vote/")  # the choice persists
    expect(phone.get_by_label("Eich cod pleidleisio")).to_be_visible()
    found += violations(phone)
    assert _overflow(phone) <= 0  # the vote page, in Welsh, fits a phone
    phone.get_by_role("button", name="British English").click()
    expect(phone.get_by_label("Your voting code")).to_be_visible()
    assert found == [], "\n".join(found)
