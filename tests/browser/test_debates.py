"""In a real browser: a member posts, replies and edits; a non-member sees why they cannot post;
a closed debate refuses new comments on the page and through the API (with the browser's session);
a moderator hides a comment and its author sees the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.pages import sign_in
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.test_debate_fixtures import add_moderator, make_debate
from tests.web.visitors import make_party

from hustings.services.debates import moderation, posting

# Moderation writes audit entries; `audit_reset` lets the flush after each test remove them.
pytestmark = pytest.mark.usefixtures("audit_reset")


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db(transaction=True)
def test_member_posts_replies_and_edits(page: Page, live_server: object) -> None:
    party = make_party()
    debate = make_debate(party, closes_at=timezone.now() + dt.timedelta(days=3))
    url = str(live_server)
    sign_in(page, url, "member", "pw-member-2016!")
    page.goto(f"{url}/debates/{debate.pk}/")
    page.get_by_label("Your comment").fill("Members should **choose** their MPs.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment .body strong").first).to_have_text("choose")
    page.get_by_role("link", name="Reply to Ada Member").click()
    page.get_by_label("Your comment").fill("And reselect them.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".replies .comment .body")).to_have_text("And reselect them.")
    page.get_by_role("link", name="Edit").first.click()
    page.get_by_label("Your comment").fill("Members should elect their MPs.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".comment .body").first).to_contain_text("Members should elect their MPs.")
    page.get_by_role("link", name="edited").first.click()
    expect(page.get_by_text("Members should choose their MPs.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_non_member_sees_why_and_closed_debate_refuses(page: Page, live_server: object) -> None:
    party = make_party()
    debate = make_debate(party, closes_at=timezone.now() + dt.timedelta(days=3))
    url = str(live_server)
    sign_in(page, url, "wrong_officer", "pw-wrong_officer-2016!")
    page.goto(f"{url}/debates/{debate.pk}/")
    expect(page.get_by_label("Your comment")).to_be_disabled()
    expect(page.locator("#why-not")).to_contain_text("comments are open to members of Islington North CLP until")
    moderation.close(party.users["general_secretary"], debate, timezone.now())
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, url, "member", "pw-member-2016!")
    page.goto(f"{url}/debates/{debate.pk}/")
    expect(page.locator("#why-not")).to_contain_text("You cannot comment here: comments are closed (since")
    expect(page.get_by_role("button", name="Post comment")).to_have_count(0)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value") or ""
    refused = page.request.post(
        f"{url}/api/debates/{debate.pk}/comments/",
        data={"body": "through the API"},
        headers={"X-CSRFToken": token, "Referer": f"{url}/debates/{debate.pk}/"},
    )
    assert refused.status == 403 and "comments are closed" in refused.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_moderator_hides_and_author_sees_the_reason(page: Page, live_server: object) -> None:
    party = make_party()
    add_moderator(party)
    debate = make_debate(party, closes_at=timezone.now() + dt.timedelta(days=3))
    posting.post(party.users["member"], debate, "You are all fools.", timezone.now())
    url = str(live_server)
    sign_in(page, url, "moderator", "pw-moderator-2016!")
    page.goto(f"{url}/debates/{debate.pk}/")
    page.get_by_role("link", name="Hide").click()
    page.get_by_label("Reason").fill("Personal abuse: rule 1 of the code of conduct")
    page.get_by_role("button", name="Hide comment").click()
    expect(page.get_by_text("The comment is hidden")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, url, "member", "pw-member-2016!")
    page.goto(f"{url}/debates/{debate.pk}/")
    expect(page.get_by_text("Hidden by a moderator: Personal abuse: rule 1 of the code of conduct")).to_be_visible()
