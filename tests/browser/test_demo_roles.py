"""In a real browser, each demo login of `hustings demo` (a small register loaded by the real
`load_demo` and `demo_logins`) sees the pages of its role and is refused the others."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.browser.pages import sign_in
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture: the demo's content writes audit rows)

from hustings.demo.party import demo_logins, demo_register, load_demo
from hustings.store.members.models import Membership, Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logins(settings: Any, audit_reset: None) -> dict[str, str]:  # noqa: F811
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for the test only
    load_demo(demo_register(2016, 200))
    return demo_logins()


def status(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def nav_link(page: Page, name: str) -> Any:
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def member_branch() -> Membership:
    return Membership.objects.select_related("unit").get(person__ref="L000001")


def test_the_member_sees_their_membership_and_no_officer_pages(page: Page, live_server: Any, logins: dict) -> None:
    url = str(live_server)
    sign_in(page, url, "member", logins["member"])
    expect(page.get_by_role("heading", level=1)).to_have_text(Person.objects.get(ref="L000001").name)
    expect(page.get_by_text(member_branch().unit.name).first).to_be_visible()
    expect(nav_link(page, "Members")).to_have_count(0)
    expect(nav_link(page, "Audit log")).to_have_count(0)
    assert status(page, f"{url}/members/") == 403
    assert status(page, f"{url}/audit/") == 403


def test_the_secretary_reads_their_branch_and_is_refused_another(page: Page, live_server: Any, logins: dict) -> None:
    url = str(live_server)
    sign_in(page, url, "secretary", logins["secretary"])
    expect(nav_link(page, "Members")).to_be_visible()
    expect(nav_link(page, "Audit log")).to_have_count(0)
    branch = member_branch().unit
    elsewhere = Membership.objects.filter(unit__kind="branch").exclude(unit=branch).select_related("person").first()
    assert elsewhere is not None
    assert status(page, f"{url}/members/") == 200
    assert status(page, f"{url}/members/L000001/") == 200  # a member of the secretary's own branch
    expect(page.get_by_role("heading", level=1)).to_contain_text(Person.objects.get(ref="L000001").name)
    assert status(page, f"{url}/members/{elsewhere.person.ref}/") == 403
    assert status(page, f"{url}/audit/") == 403


def test_the_general_secretary_reads_anyone_and_the_audit_log(page: Page, live_server: Any, logins: dict) -> None:
    url = str(live_server)
    sign_in(page, url, "general-secretary", logins["general-secretary"])
    for link in ("Members", "Audit log", "Roles"):
        expect(nav_link(page, link)).to_be_visible()
    anyone = Membership.objects.exclude(unit=member_branch().unit).select_related("person").first()
    assert anyone is not None
    assert status(page, f"{url}/members/{anyone.person.ref}/") == 200
    assert status(page, f"{url}/audit/") == 200


def test_the_returning_officer_sees_ballots_not_the_register(page: Page, live_server: Any, logins: dict) -> None:
    url = str(live_server)
    sign_in(page, url, "returning-officer", logins["returning-officer"])
    expect(nav_link(page, "Ballots")).to_be_visible()
    expect(nav_link(page, "Members")).to_have_count(0)
    assert status(page, f"{url}/ballots/") == 200
    assert status(page, f"{url}/members/") == 403


def test_the_auditor_reads_the_audit_log_not_the_register(page: Page, live_server: Any, logins: dict) -> None:
    url = str(live_server)
    sign_in(page, url, "auditor", logins["auditor"])
    nav_link(page, "Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit")
    expect(nav_link(page, "Members")).to_have_count(0)
    assert status(page, f"{url}/members/L000001/") == 403
