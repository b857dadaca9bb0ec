"""A college ballot's results page in Chromium (docs/ballots.md, "Weighted voters and colleges"):
at a phone's width (390 px) and a desktop's (1280 px) every section's table and Sankey diagram and
the combined diagram are shown, the page does not scroll sideways, and axe-core finds no
violation; in Welsh the section headings are Welsh."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.test_accessibility import violations
from tests.browser.test_every_page import OVERFLOW
from tests.services.test_ballots_weights import COLLEGE_VOTES, college_party, count_and_publish, open_college
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import make_party

from hustings.services import ballots as svc
from hustings.store.ballots.models import Ballot


@pytest.fixture
def wide_open(browser: Browser) -> Iterator[Page]:
    """A page whose context ignores the CSP, so that axe-core can be injected."""
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def published_college() -> Ballot:
    party = make_party()
    refs = college_party(party)
    ballot = open_college(party)
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    for section, votes in COLLEGE_VOTES.items():
        for ref, ranking in zip(refs[section], votes, strict=True):
            svc.cast(ballot.pk, codes[ref], ranking, f"s-{ref}")
    return count_and_publish(ballot, party)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_a_college_results_page_at_a_phone_and_a_desktop_width(wide_open: Page, live_server: Any) -> None:
    ballot = published_college()
    url = f"{live_server}/ballots/{ballot.pk}/results/"
    for width in (390, 1280):
        wide_open.set_viewport_size({"width": width, "height": 900})
        response = wide_open.goto(url)
        assert response is not None and response.status == 200
        assert wide_open.locator("table.college-section").count() == 3
        assert wide_open.locator("svg.sankey").count() == 4
        assert wide_open.get_by_role("heading", name="MPs and MEPs (weight 1/3)").is_visible()
        assert wide_open.evaluate(OVERFLOW) == [], width
    assert violations(wide_open) == []
    wide_open.get_by_role("button", name="Cymraeg").click()  # the header's switcher, back to this page
    expect(wide_open.get_by_role("heading", name="Adrannau'r coleg etholiadol")).to_be_visible()
    assert wide_open.locator("table.college-section caption").first.inner_text().startswith("Pleidleisiau a chanran")
    assert violations(wide_open) == []
