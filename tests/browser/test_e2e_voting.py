"""In Chromium at 390 px: a member votes on an end-to-end verifiable ballot. The browser encrypts
(e2e/vote.js over ballot.js): the cast request carries ciphertexts and proofs, never the choice;
an audit shows the choice the spoiled encryption opens to; after the close the voter's tracking
code is on the board. The trustees' part runs through the services, as on their own machines."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

import pytest
from django.db import connection
from playwright.sync_api import Browser, Request, expect
from tests.browser.test_voting import TRIGGERS
from tests.services.test_ballots_e2e import e2e_party, key_ceremony, open_e2e

from hustings.services import ballots as svc


@pytest.fixture
def audit_cleared(transactional_db: None) -> Iterator[None]:
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGERS.TABLE}_no_delete")
            cursor.execute(f"DELETE FROM {TRIGGERS.TABLE}")
            cursor.execute(TRIGGERS.SQLITE[1])


@pytest.mark.django_db(transaction=True)
def test_a_member_votes_on_an_e2e_ballot_encrypted_in_the_browser(
    browser: Browser, live_server: object, audit_cleared: None
) -> None:
    party = e2e_party()
    ballot = open_e2e(party)
    key_ceremony(party, ballot, random.Random(5))
    code = next(iter(svc.issue_credentials(party.users["returning_officer"], ballot).values()))

    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    posted: list[tuple[str, str]] = []

    def remember(request: Request) -> None:
        if request.method == "POST":
            posted.append((request.url, request.post_data or ""))

    page.on("request", remember)
    page.goto(f"{live_server}/ballots/{ballot.pk}/vote/")
    page.get_by_label("Your voting code").fill(code)
    page.get_by_label("Angela Eagle").select_option("1")
    page.get_by_label("Jeremy Corbyn").select_option("2")
    page.get_by_role("button", name="Encrypt my vote").click()
    first_code = page.locator("#pending-code").inner_text()
    assert len(first_code) == 19

    page.get_by_role("button", name="Check this encryption (audit)").click()
    expect(page.locator("#audited-choice")).to_contain_text("1. Angela Eagle; 2. Jeremy Corbyn")
    expect(page.locator("#audited-code")).to_have_text(first_code)
    expect(page.locator("#pending-code")).not_to_have_text(first_code)  # encrypted afresh

    page.get_by_role("button", name="Cast this vote").click()
    page.get_by_role("button", name="Yes, cast it: this cannot be changed").click()
    receipt = page.locator("#tracking-code")
    expect(receipt).to_have_text(page.locator("#pending-code").inner_text())
    tracking = receipt.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    casts = [json.loads(body) for url, body in posted if url.endswith("/e2e/cast")]
    assert len(casts) == 1 and set(casts[0]) == {"credential", "ballot"}
    assert set(casts[0]["ballot"]) == {"ciphertexts", "proof"}
    assert "Angela" not in json.dumps(casts[0]) and "plaintext" not in json.dumps(casts[0])
    audits = [json.loads(body) for url, body in posted if url.endswith("/e2e/audit")]
    assert len(audits) == 1 and audits[0]["audited"]["plaintext"][:2] == [3, 1]
    assert "credential" not in audits[0]  # an audit casts nothing and names no voter

    svc.close_ballot(party.users["returning_officer"], ballot)
    page.goto(f"{live_server}/ballots/{ballot.pk}/board/")
    expect(page.locator("#codes")).to_contain_text(tracking)
    expect(page.get_by_role("heading", name="How to check your own ballot")).to_be_visible()
    assert first_code in page.locator("table").last.inner_text()  # the spoiled ballot, published
    context.close()
