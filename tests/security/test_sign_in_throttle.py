"""Attack: guess passwords. Ten failed sign-ins lock out the account (from any address) and the
address (for any account) for the cool-off; the lockout page says so in words; an officer whose
scope covers the account unlocks it, audited."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.web.visitors import Party, make_party

from hustings.store.audit.models import AuditEntry
from hustings.web.security import client_address

pytestmark = pytest.mark.django_db
LIMIT = 10


@pytest.fixture
def party(db: None) -> Party:
    return make_party()


def sign_in(username: str, password: str, address: str = "198.51.100.1") -> tuple[int, str, Client]:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code, response.content.decode(), client


def fail(username: str, times: int, address: str = "198.51.100.1") -> None:
    for _ in range(times):
        status, _, _ = sign_in(username, "not-the-password", address)
        assert status in (200, 429)  # the form again, or, from the tenth, the lockout page


def test_a_failed_sign_in_below_the_limit_still_lets_the_right_password_in(party: Party) -> None:
    fail("member", LIMIT - 1)
    status, _, client = sign_in("member", "pw-member-2016!")
    assert status == 302 and client.get("/").status_code == 200


def test_ten_failures_lock_the_account_with_a_page_in_words_even_for_the_right_password(party: Party) -> None:
    fail("member", LIMIT)
    status, page, client = sign_in("member", "pw-member-2016!")
    assert status == 429
    assert "Signing in is paused" in page and "30 minutes" in page and "unlock your account" in page
    assert "Traceback" not in page and "<html" in page
    assert client.get("/").status_code == 302  # not signed in


def test_the_account_stays_locked_from_another_address(party: Party) -> None:
    for i in range(LIMIT):
        fail("member", 1, address=f"203.0.113.{i + 1}")
    status, _, _ = sign_in("member", "pw-member-2016!", address="192.0.2.200")
    assert status == 429
    assert sign_in("auditor", "pw-auditor-2016!", address="192.0.2.200")[0] == 302  # other accounts are not


def test_an_address_spraying_many_accounts_is_locked_for_every_account(party: Party) -> None:
    for i in range(LIMIT):
        fail(f"no-such-account-{i}", 1, address="198.51.100.9")
    assert sign_in("member", "pw-member-2016!", address="198.51.100.9")[0] == 429
    assert sign_in("member", "pw-member-2016!", address="198.51.100.10")[0] == 302


def test_the_address_behind_proxies_is_the_one_the_outermost_proxy_saw(rf: object, settings: object) -> None:
    from django.test import RequestFactory

    request = RequestFactory().post("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7, 10.0.0.2", REMOTE_ADDR="10.0.0.3")
    settings.PROXIES = 0  # type: ignore[attr-defined]
    assert client_address(request) == "10.0.0.3"  # a forged header counts for nothing without proxies
    settings.PROXIES = 2  # type: ignore[attr-defined]
    assert client_address(request) == "192.0.2.7"


def officer(party: Party, visitor: str) -> Client:
    client = Client()
    client.force_login(party.users[visitor])
    return client


def test_the_members_branch_secretary_unlocks_the_account_and_it_is_audited(party: Party) -> None:
    fail("member", LIMIT + 2)
    secretary = officer(party, "right_officer")
    page = secretary.get("/accounts/unlock/").content.decode()
    assert "member" in page and str(LIMIT + 2) in page
    response = secretary.post("/accounts/unlock/", {"username": "member"}, follow=True)
    assert f"Unlocked member: {LIMIT + 2} failed sign-ins forgotten" in response.content.decode()
    assert sign_in("member", "pw-member-2016!")[0] == 302
    entry = AuditEntry.objects.get(action="unlock account")
    assert (entry.actor, entry.object_repr) == ("right_officer", "member")
    assert entry.before == {"failed sign-ins": LIMIT + 2} and entry.after == {"failed sign-ins": 0}


def test_an_officer_outside_the_members_units_may_not_unlock_it(party: Party) -> None:
    fail("member", LIMIT)
    wrong = officer(party, "wrong_officer")
    assert wrong.get("/accounts/unlock/").context["locked"] == []
    assert [
        lockout.username for lockout in officer(party, "right_officer").get("/accounts/unlock/").context["locked"]
    ] == ["member"]
    assert wrong.post("/accounts/unlock/", {"username": "member"}).status_code == 403
    assert sign_in("member", "pw-member-2016!")[0] == 429
    assert not AuditEntry.objects.filter(action="unlock account").exists()


def test_only_an_organisation_wide_officer_unlocks_an_account_with_no_membership_or_role(party: Party) -> None:
    from django.contrib.auth.models import User

    User.objects.create_user("stray", password="pw-stray-2016!")
    fail("stray", LIMIT)
    assert officer(party, "right_officer").post("/accounts/unlock/", {"username": "stray"}).status_code == 403
    general = officer(party, "general_secretary")
    assert general.post("/accounts/unlock/", {"username": "stray"}).status_code == 302
    assert sign_in("stray", "pw-stray-2016!", address="192.0.2.99")[0] == 302


def test_unlocking_an_account_that_does_not_exist_says_so_on_the_form(party: Party) -> None:
    response = officer(party, "general_secretary").post("/accounts/unlock/", {"username": "nobody"})
    assert response.status_code == 200 and "no account is called" in response.content.decode()


@pytest.mark.parametrize(("visitor", "status"), [("member", 403), ("auditor", 403), ("returning_officer", 403)])
def test_the_unlock_page_is_for_officers_only(party: Party, visitor: str, status: int) -> None:
    assert officer(party, visitor).get("/accounts/unlock/").status_code == status
    assert Client().get("/accounts/unlock/").status_code == 302


def test_a_lockout_past_its_cool_off_is_over_and_no_longer_listed(party: Party) -> None:
    import datetime as dt

    from axes.models import AccessAttempt
    from django.utils import timezone

    fail("member", LIMIT)
    assert [
        lockout.username for lockout in officer(party, "general_secretary").get("/accounts/unlock/").context["locked"]
    ] == ["member"]
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert officer(party, "general_secretary").get("/accounts/unlock/").context["locked"] == []
    assert sign_in("member", "pw-member-2016!")[0] == 302
