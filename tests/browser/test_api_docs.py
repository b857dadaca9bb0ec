"""In a real browser: the API's interactive documentation renders from this site alone (no request
to another host), and a signed-in member creates an API token, sees its key once, and revokes it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from tests.browser.pages import sign_in
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import make_party


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db(transaction=True)
def test_the_api_docs_render_without_the_internet(page: Page, live_server: object) -> None:
    url = str(live_server)
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(f"{url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Hustings API")
    expect(page.get_by_text("/api/eligibility/", exact=True)).to_be_visible()
    assert hosts == {urlsplit(url).netloc}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")  # issuing and revoking write audit rows
def test_a_member_creates_a_token_and_revokes_it(page: Page, live_server: object) -> None:
    make_party()
    url = str(live_server)
    sign_in(page, url, "member", "pw-member-2016!")
    page.goto(f"{url}/api/tokens/")
    page.get_by_label("Name").fill("my script")
    page.get_by_role("button", name="Create token").click()
    key = page.get_by_label("Key").input_value()
    assert key.startswith("hst_")
    browser = page.context.browser
    assert browser is not None
    program = browser.new_context()  # no session cookie: the key alone
    answer = program.request.get(f"{url}/api/members/L000001/", headers={"Authorization": f"Bearer {key}"})
    assert answer.status == 200 and answer.json()["ref"] == "L000001"
    page.get_by_role("button", name="Revoke the token my script").click()
    expect(page.get_by_text("will be refused from the next request on")).to_be_visible()  # the confirmation
    page.get_by_role("button", name="Yes, revoke the token").click()
    expect(page.get_by_text("Revoked the token “my script”.")).to_be_visible()
    assert program.request.get(f"{url}/api/units/", headers={"Authorization": f"Bearer {key}"}).status == 401
    program.close()
