"""In Chromium at 390 px, axe-core finds no accessibility violations on a trustee's page (its
first step, a refused upload's message, the mix and the signature steps) or on an end-to-end
ballot's published board, and neither page is wider than the phone. The trustees' machines and
the voters run through the services (`tests.services.test_ballots_e2e`)."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page, expect
from tests.browser.pages import sign_in
from tests.browser.test_accessibility import fast_passwords, phone, violations  # noqa: F401 (fixtures)
from tests.services.test_ballots_e2e import TRUSTEES, e2e_party, key_ceremony, open_e2e, vote
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)

from hustings.services import ballots as svc
from hustings.services.ballots.e2e import tally


def checked(page: Page, url: str) -> list[str]:
    """axe-core's violations on the page now shown, and one if it is wider than the phone."""
    found = violations(page)
    if page.evaluate("document.documentElement.scrollWidth") > 390:
        found.append(f"{url}: wider than 390 px, past the edge: {page.evaluate(WIDE)}")
    return found


WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-scroll, pre'))
  .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30)).slice(0, 5)"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_the_trustee_page_and_the_e2e_board_have_no_violations_at_390_px(phone: Page, live_server: object) -> None:  # noqa: F811
    party = e2e_party()
    ballot = open_e2e(party)
    url = str(live_server)
    sign_in(phone, url, TRUSTEES[0], f"pw-{TRUSTEES[0]}-2016!")
    trustee = f"{url}/ballots/{ballot.pk}/trustee/"
    found: list[str] = []

    phone.goto(trustee)
    expect(phone.get_by_role("heading", name="What to do next")).to_be_visible()
    found += checked(phone, trustee)
    phone.get_by_label("or paste its content").fill("{ not the file")
    phone.get_by_role("button", name="Upload", exact=True).click()
    expect(phone.locator(".errorlist")).to_contain_text("Not the JSON file hustings trustee wrote")
    found += checked(phone, trustee)

    machines = key_ceremony(party, ballot, random.Random(8))
    vote(party, ballot, [[1, 2], [2], [3, 1]], random.Random(9))
    svc.close_ballot(party.users["returning_officer"], ballot)
    ballot.refresh_from_db()
    phone.goto(trustee)
    expect(phone.get_by_text("list.json", exact=True).first).to_be_visible()
    found += checked(phone, trustee)

    for i in (1, 3):
        tally.upload_shuffle(party.users[TRUSTEES[i - 1]], ballot, machines[i].mix(tally.mix_document(ballot)))
    for i in (1, 3):
        document = machines[i].decrypt(tally.decryption_document(ballot))
        tally.upload_partial(party.users[TRUSTEES[i - 1]], ballot, document)
    phone.goto(trustee)
    expect(phone.get_by_text("signature.json", exact=True).first).to_be_visible()
    found += checked(phone, trustee)

    ballot.refresh_from_db()
    tally_signed = svc.bulletin_board(ballot)
    for i in (1, 3):
        tally.record_signature(party.users[TRUSTEES[i - 1]], ballot, machines[i].sign(tally_signed))
    svc.publish(party.users["returning_officer"], ballot)
    board = f"{url}/ballots/{ballot.pk}/board/"
    phone.goto(board)
    expect(phone.get_by_role("heading", name="How to check your own ballot")).to_be_visible()
    found += checked(phone, board)
    assert found == [], "\n".join(found)
