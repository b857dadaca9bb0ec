"""The explorer and the count page in Chromium, at a phone's width (390 px) and a desktop's (1280 px):
no sign-in, no horizontal scrolling, no accessibility violation found by axe-core, pictures drawn
without JavaScript, choices carried in the URL, and a count shown with its rounds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.pages import sign_in
from tests.browser.test_accessibility import violations
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)

BLT = Path(__file__).resolve().parents[1] / "data" / "scotland" / "blt" / "highland_2012_ward7.blt"
WIDTHS = (390, 1280)


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page of the given width, JavaScript off (the pages need none), ignoring the CSP so that
    axe-core can be injected; Content-Security-Policy violations are still reported by the browser
    and collected on `page.csp_violations`."""
    width = int(request.param)
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def fits(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_the_explorer_fits_the_screen_and_has_no_violations(screen: Page, live_server: object) -> None:
    url = str(live_server)
    found: list[str] = []
    response = screen.goto(f"{url}/elections/")
    assert response is not None and response.status == 200
    assert fits(screen), "the list scrolls sideways"
    found += violations(screen)
    screen.get_by_role("link", name="UK general election, 8 June 2017").click()
    expect(screen.get_by_role("heading", name="UK general election, 8 June 2017", level=1)).to_be_visible()
    expect(screen.get_by_role("img", name="UK general election, 8 June 2017: regional D'Hondt").first).to_be_visible()
    expect(
        screen.get_by_text("Under regional D'Hondt, the Conservatives would have had 280 seats instead of 317")
    ).to_be_visible()
    assert fits(screen), "the comparison scrolls sideways"
    found += violations(screen)
    # A new choice goes into the URL, so the page can be shared.
    screen.get_by_text("Choose the systems to compare").click()
    screen.get_by_label("Electoral system").nth(2).select_option("ams")
    screen.get_by_label("Constituency share (AMS)").nth(2).fill("1/2")
    screen.get_by_role("button", name="Compare").click()
    screen.wait_for_url("**system3=ams**")
    assert "share3=1%2F2" in screen.url
    expect(screen.get_by_text("1/2 of each region's seats kept as constituency seats.")).to_be_visible()
    assert fits(screen)
    found += violations(screen)
    assert found == [], "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_the_count_page_counts_an_upload_and_shows_a_bad_one_refused(screen: Page, live_server: object) -> None:
    url = str(live_server)
    found: list[str] = []
    response = screen.goto(f"{url}/count/")
    assert response is not None and response.status == 200
    assert fits(screen)
    found += violations(screen)
    screen.get_by_label("Ballot file").set_input_files(str(BLT))
    screen.get_by_label("Counting method").select_option("scottish-stv")
    screen.get_by_role("button", name="Count").click()
    expect(screen.get_by_role("table", name="Votes of each candidate in each round")).to_be_visible()
    expect(screen.locator("#elected")).not_to_be_empty()
    with screen.expect_download() as download:
        screen.get_by_role("link", name="Result (JSON)").click()
    assert download.value.suggested_filename == f"{BLT.stem}.result.json"
    assert fits(screen), "the result scrolls sideways (a wide round table must scroll in its own box)"
    found += violations(screen)
    screen.get_by_label("Ballot file").set_input_files(
        files=[{"name": "short.blt", "mimeType": "text/plain", "buffer": b"3 1\n1 1 2 0\n1 2\n"}]
    )
    screen.get_by_role("button", name="Count").click()
    expect(screen.get_by_role("alert")).to_contain_text("short.blt")
    found += violations(screen)
    assert found == [], "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_a_signed_in_user_saves_a_count_opens_its_link_and_deletes_it(
    screen: Page, live_server: object, settings: Any
) -> None:
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_user_model().objects.create_user("ada", password="pw-ada-2016!")
    url = str(live_server)
    found: list[str] = []
    sign_in(screen, url, "ada", "pw-ada-2016!")
    screen.goto(f"{url}/count/")
    screen.get_by_label("Ballot file").set_input_files(str(BLT))
    screen.get_by_label("Counting method").select_option("scottish-stv")
    screen.get_by_label("Save this count").check()
    screen.get_by_role("button", name="Count").click()
    screen.wait_for_url("**/count/saved/**")
    expect(screen.get_by_role("heading", name="Saved count", level=1)).to_be_visible()
    expect(screen.get_by_role("table", name="Votes of each candidate in each round")).to_be_visible()
    permalink = screen.url
    assert fits(screen), "the saved count scrolls sideways"
    found += violations(screen)
    screen.get_by_role("link", name="Delete this saved count").click()
    expect(screen.get_by_role("heading", name="Delete a saved count?")).to_be_visible()
    assert fits(screen)
    found += violations(screen)
    screen.get_by_role("button", name="Delete it").click()
    screen.wait_for_url(f"{url}/count/")
    expect(screen.get_by_text("Deleted the saved count of highland_2012_ward7.blt.")).to_be_visible()
    response = screen.goto(permalink)
    assert response is not None and response.status == 404
    assert found == [], "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_a_large_file_shows_its_progress_then_its_result(
    screen: Page, live_server: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hustings.services import background_counts
    from hustings.services.jobs import worker

    monkeypatch.setattr(background_counts, "BACKGROUND_FROM_BYTES", 0)
    url = str(live_server)
    found: list[str] = []
    screen.goto(f"{url}/count/")
    screen.get_by_label("Ballot file").set_input_files(str(BLT))
    screen.get_by_label("Counting method").select_option("scottish-stv")
    screen.get_by_role("button", name="Count").click()
    screen.wait_for_url("**/count/jobs/**")
    expect(screen.get_by_role("progressbar", name="Steps done")).to_be_visible()
    expect(screen.get_by_role("status").first).to_contain_text("Waiting for a worker to take the count")
    assert fits(screen), "the progress page scrolls sideways"
    found += violations(screen)
    assert worker.drain() == 1  # the page, looking every 3 seconds, reloads itself with the result
    expect(screen.get_by_role("table", name="Votes of each candidate in each round")).to_be_visible()
    expect(screen.get_by_role("progressbar")).to_have_count(0)
    assert fits(screen), "the counted page scrolls sideways"
    found += violations(screen)
    assert found == [], "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_an_rctab_contest_disables_the_forms_options_and_is_counted_under_its_rules(
    screen: Page, live_server: object
) -> None:
    from tests.web.test_explorer_background import contest_zip

    url = str(live_server)
    screen.goto(f"{url}/count/")
    expect(screen.get_by_label("Counting method")).to_be_enabled()
    screen.get_by_label("Ballot file").set_input_files(
        files=[{"name": "contest.zip", "mimeType": "application/zip", "buffer": contest_zip()}]
    )
    for label in ("Counting method", "Seats to fill", "Ties decided by", "Other options"):
        expect(screen.get_by_label(label, exact=True)).to_be_disabled()
    screen.get_by_role("button", name="Count").click()
    expect(screen.get_by_text("Counted under the contest's own rules")).to_be_visible()
    expect(screen.locator("#elected")).to_have_text("Candidate B Name")
    assert fits(screen)
    assert violations(screen) == []
