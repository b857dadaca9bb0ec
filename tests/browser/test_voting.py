"""In a real browser: a returning officer opens a ballot and sends the voting codes; a member votes
with the e-mailed link, gets a tracking code and finds it on the board; the officer closes, counts
and publishes; the results page shows the rounds."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.db import connection
from playwright.sync_api import Browser, Page, expect
from tests.browser.pages import sign_in
from tests.web.visitors import make_party

from hustings.services.jobs import worker

TRIGGERS = importlib.import_module("hustings.store.audit.migrations.0002_append_only_triggers")


@pytest.fixture
def audit_cleared(transactional_db: None) -> Iterator[None]:
    """On SQLite the end-of-test flush DELETEs every table, which the audit log's trigger refuses:
    empty it first with the trigger lifted, then put the trigger back."""
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGERS.TABLE}_no_delete")
            cursor.execute(f"DELETE FROM {TRIGGERS.TABLE}")
            cursor.execute(TRIGGERS.SQLITE[1])


@pytest.mark.django_db(transaction=True)
def test_open_vote_check_close_count_publish(
    page: Page, browser: Browser, live_server: object, audit_cleared: None
) -> None:
    make_party()
    url = str(live_server)
    sign_in(page, url, "returning_officer", "pw-returning_officer-2016!")
    page.goto(f"{url}/ballots/new/")
    page.get_by_label("Organisation").select_option("party")  # the officer chooses from lists (issue #14)
    page.get_by_label("Rulebook").select_option("labour-2016")
    page.get_by_role("button", name="Show its processes and units").click()
    page.get_by_label("Title").fill("Leader of the party")
    page.get_by_label("Leadership challenge", exact=False).check()
    expect(page.get_by_label("Counting method")).to_have_value("irv")
    page.get_by_label("Candidates").fill("Jeremy Corbyn\nOwen Smith")
    page.get_by_role("button", name="Open the ballot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leader of the party")
    ballot_url = page.url
    page.get_by_role("link", name="Issue voting codes").click()
    page.get_by_role("button", name="Issue voting codes").click()
    expect(page.get_by_text("being sent by e-mail")).to_be_visible()
    assert worker.drain() == 1  # the worker mails the codes
    (message,) = mail.outbox
    link = re.search(r"(http\S+/vote/#code=(\S+))", message.body)
    assert link is not None

    voter = browser.new_context(locale="en-GB").new_page()
    voter.goto(link.group(1))
    expect(voter.get_by_label("Your voting code")).to_have_value(link.group(2))  # filled from the fragment
    assert "#" not in voter.url  # and the fragment taken out of the address bar
    voter.get_by_label("Owen Smith").select_option("1")
    voter.get_by_label("Jeremy Corbyn").select_option("2")
    voter.get_by_role("button", name="Review my vote").click()
    expect(voter.locator("#your-preferences li")).to_have_text(["Owen Smith", "Jeremy Corbyn"])
    voter.get_by_role("button", name="Cast my vote").click()
    code = voter.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", code)
    voter.get_by_role("button", name="Find it on the bulletin board").click()
    expect(voter.locator("#found")).to_contain_text("Your ballot is on the board")
    voter.context.close()

    page.goto(ballot_url)
    page.get_by_role("link", name="Close the box").click()  # a page that says what closing does
    expect(page.get_by_text("Closing cannot be undone")).to_be_visible()
    page.get_by_role("button", name="Yes, close the box").click()
    page.get_by_role("button", name="Count").click()
    expect(page.locator("#rounds")).to_be_visible()
    page.get_by_role("link", name="Publish this result").click()  # from the unpublished results page
    page.get_by_role("button", name="Yes, publish the result").click()
    expect(page.locator("#elected")).to_have_text("Owen Smith")
    expect(page.locator("#rounds")).to_contain_text("Round 1")
    page.get_by_role("link", name="Bulletin board").click()
    page.get_by_label("Find your tracking code").fill(code)
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#found")).to_contain_text("counted")
