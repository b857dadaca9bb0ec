"""In a real browser, a small leadership story through the process pages: a general secretary
opens a challenge under Labour's 2016 rules, the incumbent is placed on the ballot by the rule,
nominations are entered, and the gate is shown met with its threshold and how it was rounded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.browser.pages import sign_in
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import make_party

from hustings.store.members.models import Office, Person

# Every transition writes audit entries; `audit_reset` lets the flush after the test remove them.
pytestmark = pytest.mark.usefixtures("audit_reset")


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db(transaction=True)
def test_officer_opens_a_challenge_enters_nominations_and_sees_the_gate_met(page: Page, live_server: object) -> None:
    party = make_party()
    for i in range(11):  # 20% of 11 MPs = 2 1/5, rounded up to 3
        person = Person.objects.create(ref=f"MP{i}", name=f"MP {i}")
        Office.objects.create(person=person, kind="MP", unit=party.clp, start=dt.date(2015, 5, 7))
    url = str(live_server)
    sign_in(page, url, "general_secretary", "pw-general_secretary-2016!")
    page.goto(f"{url}/processes/")
    page.get_by_role("link", name="Open a process").click()
    page.get_by_label("Rulebook").select_option("labour-2016")
    page.get_by_role("button", name="Show its processes and units").click()
    page.get_by_label("Leadership challenge", exact=True).check()
    page.get_by_label("Title").fill("Leadership challenge 2016")
    page.get_by_label("Incumbent leader").fill("Jeremy Corbyn")
    page.get_by_role("button", name="Open the process").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leadership challenge 2016")
    expect(page.get_by_text("The ballot cannot open before nominations close")).to_be_visible()
    for ref in ("MP0", "MP1", "MP2"):
        page.get_by_label("Nominee").fill("Owen Smith")
        page.get_by_label("Nominated by").fill(ref)
        page.get_by_role("button", name="Enter the nomination").click()
    nominations = page.get_by_role("region", name="Nominations")
    smith = nominations.get_by_role("row").filter(has_text="Owen Smith")
    expect(smith.locator(".badge.yes")).to_have_text("met")
    expect(smith).to_contain_text("20% of 11 = 11/5 = 2 1/5, rounded up to 3")
    expect(nominations.get_by_role("row").filter(has_text="Jeremy Corbyn")).to_contain_text(
        "on the ballot without nominations"
    )
    expect(page.get_by_text("On the ballot: Jeremy Corbyn, Owen Smith.")).to_be_visible()
