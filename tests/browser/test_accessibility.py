"""In a real browser at a phone's width (390 px): axe-core finds no accessibility violations on the
scrutineers' page, the board page (its tracking-code search), the officers' unlock page and the
lockout page shown after ten failed sign-ins. axe-core is vendored (tests/browser/vendor/) and
injected into a context that bypasses the pages' Content-Security-Policy, for the test only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from tests.browser.pages import sign_in
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import make_party

from hustings.board import signatures
from hustings.store.ballots.models import Ballot

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A page 390 px wide whose context ignores the CSP, so that axe-core can be injected."""
    context = browser.new_context(locale="en-GB", viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run()).violations")
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in found]


def open_ballot_with_scrutineers() -> Ballot:
    party = make_party()
    public = signatures.public_of(signatures.read_key(json.dumps(signatures.new_key())))
    client = Client()
    client.force_login(party.users["returning_officer"])
    data = {
        "organisation": party.organisation.slug,
        "title": "Chair",
        "rulebook": "labour-2016",
        "process_kind": "leadership_challenge",
        "method": "irv",
        "seats": "1",
        "candidates": "Ann\nBob",
        "scrutineers": f"Sam Scrutineer {public}\n",
    }
    assert client.post("/ballots/new/", data).status_code == 302
    return Ballot.objects.get(title="Chair")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_the_scrutineers_and_board_pages_have_no_violations(phone: Page, live_server: object) -> None:
    ballot = open_ballot_with_scrutineers()
    url = str(live_server)
    found: list[str] = []
    for path in (f"/ballots/{ballot.pk}/scrutineers/", f"/ballots/{ballot.pk}/board/"):
        response = phone.goto(f"{url}{path}")
        assert response is not None and response.status == 200, path
        found += violations(phone)
    phone.get_by_label("Find your tracking code").fill("AAAA-BBBB-CCCC-DDDD")  # the search's answer too
    phone.get_by_label("Find your tracking code").press("Enter")
    phone.wait_for_load_state("load")
    found += violations(phone)
    assert found == [], "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_the_unlock_page_has_no_violations(phone: Page, live_server: object) -> None:
    make_party()
    for _ in range(10):  # a locked account, so that the page shows its table of lockouts
        Client(REMOTE_ADDR="198.51.100.1").post("/accounts/login/", {"username": "member", "password": "wrong"})
    url = str(live_server)
    sign_in(phone, url, "general_secretary", "pw-general_secretary-2016!")
    response = phone.goto(f"{url}/accounts/unlock/")
    assert response is not None and response.status == 200
    expect(phone.get_by_role("button", name="Unlock member")).to_be_visible()
    found = violations(phone)
    assert found == [], "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_the_lockout_page_has_no_violations(phone: Page, live_server: object) -> None:
    make_party()
    url = str(live_server)
    for _ in range(10):
        phone.goto(f"{url}/accounts/login/")
        phone.get_by_label("Username").fill("member")
        phone.get_by_label("Password").fill("not-the-password")
        phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", name="Signing in is paused")).to_be_visible()
    found = violations(phone)
    assert found == [], "\n".join(found)
