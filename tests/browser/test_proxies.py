"""Proxies and card votes in Chromium at a phone's width (390 px), with axe-core on every page
(docs/ballots.md, "Proxies" and "Card votes in the room"): a member appoints a proxy, revokes the
appointment and appoints again; the rulebook's limit (BR/proxies: two) is shown and a third
appointment refused; the proxy sees whom they hold and votes once for each; the officer sees
counts of appointments and never which way a proxy voted for whom. A card vote recorded by the
officer refuses a card that is not the delegate's, and the published result shows the exact
weighted tally."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect
from tests.browser.pages import sign_in
from tests.browser.test_accessibility import violations
from tests.browser.test_every_page import OVERFLOW
from tests.services.test_ballots_proxies import members_with_accounts, open_meeting_vote
from tests.services.test_ballots_weights import CARDS, add_branch_member, count_and_publish, open_card_vote
from tests.services.test_meeting_proxies import meeting
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import make_party

from hustings.store.ballots.models import Ballot, BoxEntry
from hustings.store.members.models import Membership

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phones(browser: Browser) -> Iterator[Any]:
    """New phone-sized pages, each its own browser context (its own session); the contexts ignore
    the CSP so that axe-core can be injected."""
    contexts = []

    def new_phone() -> Page:
        context = browser.new_context(locale="en-GB", bypass_csp=True, viewport=PHONE)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield new_phone
    for context in contexts:
        context.close()


def checked(page: Page) -> None:
    """The page fits the phone's width and axe-core finds no violation."""
    assert page.evaluate(OVERFLOW) == [], page.url
    assert violations(page) == []


def member(phones: Any, url: str, ref: str) -> Page:
    user = User.objects.get(username=ref.lower())
    user.set_password(f"pw-{ref}-2026!")
    user.save()
    page: Page = phones()
    sign_in(page, url, ref.lower(), f"pw-{ref}-2026!")
    return page


def appoint(page: Page, proxy_url: str, ref: str) -> None:
    page.goto(proxy_url)
    page.get_by_label("Membership number of the member you appoint").fill(ref)
    page.get_by_role("button", name="Appoint").click()
    expect(page.get_by_text(f"Appoint member {ref} to vote for you in this ballot?")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_appoint_revoke_appoint_the_limit_and_the_proxy_votes_once_for_each(phones: Any, live_server: Any) -> None:
    party = make_party()
    members_with_accounts(party)
    ballot = open_meeting_vote(party)
    url = str(live_server)
    proxy_url = f"{url}/ballots/{ballot.pk}/proxy/"

    first = member(phones, url, "P00001")
    first.goto(proxy_url)
    expect(first.get_by_text("no one may hold more than 2")).to_be_visible()  # the rulebook's limit
    checked(first)
    appoint(first, proxy_url, "P00004")
    expect(first.get_by_role("status")).to_contain_text("Your proxy is appointed")
    expect(first.get_by_text("Member P00004 (P00004) is your proxy.")).to_be_visible()
    checked(first)
    first.get_by_role("button", name="Revoke the appointment").click()
    expect(first.get_by_text("Revoke your proxy's appointment?")).to_be_visible()
    first.get_by_role("button", name="Confirm").click()
    expect(first.get_by_role("status")).to_contain_text("Your appointment is revoked")
    appoint(first, proxy_url, "P00004")
    expect(first.get_by_role("status")).to_contain_text("Your proxy is appointed")

    appoint(member(phones, url, "P00002"), proxy_url, "P00004")
    third = member(phones, url, "P00003")
    appoint(third, proxy_url, "P00004")
    expect(third.get_by_role("alert")).to_contain_text(
        "Member P00004 already holds 2 proxies, the most the rules allow (rule BR/proxies)."
    )
    checked(third)

    proxy = member(phones, url, "P00004")
    proxy.goto(proxy_url)
    held = proxy.get_by_role("region", name="Proxies you hold")
    expect(held.get_by_role("heading", level=3)).to_have_text(["Member P00001 (P00001)", "Member P00002 (P00002)"])
    checked(proxy)
    codes = []
    for ref, first_choice in (("P00001", "Ann"), ("P00002", "Bob")):
        article = proxy.get_by_role("article").filter(has_text=f"({ref})")
        article.get_by_label(first_choice).select_option("1")
        article.get_by_role("button", name="Vote for them").click()
        expect(proxy.get_by_text(f"Cast this vote for member {ref}?")).to_be_visible()
        proxy.get_by_role("button", name="Confirm").click()
        codes.append(proxy.locator(".tracking-code").inner_text())
    expect(proxy.get_by_text("Their vote has been cast.")).to_have_count(2)
    expect(proxy.get_by_role("button", name="Vote for them")).to_have_count(0)  # once for each, no more
    checked(proxy)
    assert sorted(BoxEntry.objects.filter(ballot=ballot).values_list("tracking_code", flat=True)) == sorted(codes)

    officer = phones()
    sign_in(officer, url, "returning_officer", "pw-returning_officer-2016!")
    officer.goto(f"{url}/ballots/{ballot.pk}/")
    expect(officer.locator("#proxy-counts")).to_have_text(
        "Proxies: 2 standing, held by 1; 1 revoked; appointers whose vote has been cast "
        "(by their proxy or in person): 2."
    )
    checked(officer)
    seen = officer.content()
    officer.goto(f"{url}/ballots/{ballot.pk}/proxy/")
    seen += officer.content()
    expect(officer.get_by_text("You are not an eligible voter on this ballot's roll")).to_be_visible()
    auditor = phones()
    sign_in(auditor, url, "auditor", "pw-auditor-2016!")
    auditor.goto(f"{url}/audit/")
    expect(auditor.locator("td", has_text="ballot.proxy_appoint")).to_have_count(3)
    expect(auditor.locator("td", has_text="ballot.proxy_revoke")).to_have_count(1)
    seen += auditor.content()
    for code in codes:  # no page ties a proxy's ballot (its tracking code) to anyone
        assert code not in seen


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_card_votes_recorded_on_a_phone_and_the_weighted_result(phones: Any, live_server: Any) -> None:
    party = make_party()
    Membership.objects.filter(person=party.person).delete()
    for ref in CARDS:
        add_branch_member(party, ref)
    ballot = open_card_vote(party)
    url = str(live_server)
    officer = phones()
    sign_in(officer, url, "returning_officer", "pw-returning_officer-2016!")
    officer.goto(f"{url}/ballots/{ballot.pk}/")
    officer.get_by_role("link", name="Record card votes").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Card votes: Card vote on the motion")
    checked(officer)
    officer.get_by_label("Delegate").fill("D00006")
    officer.get_by_label("Card vote").fill("400")
    officer.get_by_role("textbox", name="Vote:", exact=True).fill("Cat, Ann")
    officer.get_by_role("button", name="Record this card vote").click()
    expect(officer.get_by_text("The card of D00006 carries 40 votes on the roll, not 400")).to_be_visible()
    checked(officer)
    votes = {"D00001": "Ann", "D00002": "Bob", "D00003": "Cat", "D00004": "Cat", "D00005": "Ann", "D00006": "Cat"}
    for ref, vote in votes.items():
        officer.get_by_label("Delegate").fill(ref)
        officer.get_by_label("Card vote").fill(CARDS[ref])
        officer.get_by_role("textbox", name="Vote:", exact=True).fill(vote)
        officer.get_by_role("button", name="Record this card vote").click()
        expect(officer.get_by_role("status")).to_contain_text("The card vote is in the box")
    assert BoxEntry.objects.filter(ballot=ballot).count() == len(votes)
    published = count_and_publish(Ballot.objects.get(pk=ballot.pk), party)
    officer.goto(f"{url}/ballots/{published.pk}/results/")
    first_round = officer.locator("table").first
    expect(first_round).to_contain_text("195.5")  # Ann: 120 + 75.5, exactly
    expect(first_round).to_contain_text("191")  # Cat: 75.5 + 75.5 + 40
    checked(officer)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_a_branch_meeting_s_proxies_on_a_phone(phones: Any, live_server: Any) -> None:
    party = make_party()
    for ref in ("P00001", "P00002", "P00003"):
        add_branch_member(party, ref)
    process = meeting(party)
    url = str(live_server)
    officer = phones()
    sign_in(officer, url, "general_secretary", "pw-general_secretary-2016!")
    officer.goto(f"{url}/processes/{process.pk}/")
    expect(officer.get_by_text("one member may hold at most 2")).to_be_visible()
    checked(officer)
    for appointer in ("P00001", "P00002"):
        officer.get_by_label("Member appointing (membership number)").fill(appointer)
        officer.get_by_label("Their proxy (membership number)").fill("P00003")
        officer.get_by_role("button", name="Record the appointment").click()
        expect(officer.get_by_text(f"P00003 holds the proxy of {appointer}.")).to_be_visible()
    officer.get_by_role("button", name="Revoke the proxy of P00002").click()
    expect(officer.get_by_text("The proxy of P00002 is revoked.")).to_be_visible()
    expect(officer.get_by_role("table", name="Proxies appointed").get_by_role("row")).to_have_count(2)
    expect(officer.get_by_text("1 proxy held: in each round its holder votes once")).to_be_visible()
    checked(officer)
