"""Accounts: sign in and out, password reset by e-mail, the member's home, roles scoped to units."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.web.visitors import Matrix, Party

from hustings.services import access
from hustings.services import roles as roles_service
from hustings.store.accounts.models import Role
from hustings.store.audit.models import AuditEntry
from hustings.store.organisations.models import Unit

pytestmark = pytest.mark.django_db


def test_home_and_unit_pages_need_a_sign_in_and_are_open_to_every_member(matrix: Matrix, party: Party) -> None:
    everyone = set(party.users)
    matrix.check("/", everyone)
    matrix.check("/units/", everyone)
    matrix.check(f"/units/{party.branch.code}/", everyone)


def test_anonymous_visitor_is_sent_to_sign_in_and_back() -> None:
    response = Client().get("/units/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/units/"


def test_sign_in_with_csrf_token_then_home_shows_the_membership(party: Party) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert token is not None
    response = client.post(
        "/accounts/login/",
        {"username": "member", "password": "pw-member-2016!", "csrfmiddlewaretoken": token.group(1).decode()},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "Ada Member" in home and "L000001" in home and "Highbury" in home
    assert "Islington North CLP" in home  # the unit's lineage


def test_a_post_without_the_csrf_token_is_refused(party: Party) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "member", "password": "pw-member-2016!"})
    assert response.status_code == 403


def test_wrong_password_says_so_and_signs_nobody_in(party: Party) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "member", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert client.get("/").status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(party: Party) -> None:
    client = Client()
    client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    party.users["member"].email = "ada@example.org"
    party.users["member"].save()
    client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200 and b"new_password1" in form.content
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-new-pass-2026!", "new_password2": "a-new-pass-2026!"}
    )
    assert done.status_code == 302
    assert Client().login(username="member", password="a-new-pass-2026!")


def test_a_role_covers_its_unit_and_everything_beneath_it(party: Party) -> None:
    right, wrong = party.users["right_officer"], party.users["wrong_officer"]
    assert access.has(right, "members.view", party.branch)
    assert not access.has(right, "members.view", party.clp)  # not upwards
    assert not access.has(wrong, "members.view", party.branch)  # not sideways
    assert access.has(party.users["general_secretary"], "members.view", party.branch)  # organisation-wide
    assert not access.has(party.users["member"], "members.view", party.branch)
    assert not access.has(party.users["auditor"], "members.edit", party.branch)
    assert set(access.units_in_scope(right, "members.view")) == {party.branch}
    assert set(access.units_in_scope(party.users["general_secretary"], "members.view")) == {
        party.nation,
        party.region,
        party.clp,
        party.branch,
        party.other_branch,
    }


def test_navigation_shows_only_what_the_role_may_open(party: Party) -> None:
    member, officer = Client(), Client()
    member.force_login(party.users["member"])
    officer.force_login(party.users["right_officer"])
    assert b'href="/members/"' not in member.get("/").content
    assert b'href="/members/"' in officer.get("/").content
    assert b'href="/audit/"' not in officer.get("/").content


def test_unknown_permission_is_a_programming_error_not_a_silent_no(party: Party) -> None:
    with pytest.raises(KeyError):
        access.has(party.users["member"], "members.veiw")


def test_only_a_general_secretary_may_open_the_roles_page(matrix: Matrix) -> None:
    matrix.check("/accounts/roles/", {"general_secretary"})


def test_granting_and_revoking_a_role_is_audited_and_takes_effect(party: Party) -> None:
    client = Client()
    client.force_login(party.users["general_secretary"])
    response = client.post(
        "/accounts/roles/",
        {"organisation": "party", "username": "member", "kind": "secretary", "unit": "isn-fp"},
        follow=True,
    )
    assert "Granted: secretary of Finsbury Park to Ada Member." in response.content.decode()
    assert access.has(party.users["member"], "members.view", party.other_branch)
    role = Role.objects.get(user=party.users["member"])
    grant = AuditEntry.objects.get(action="grant role")
    assert grant.actor == "general_secretary" and grant.after == {
        "user": "member",
        "kind": "secretary",
        "organisation": "party",
        "unit": "isn-fp",
    }
    confirm = client.post("/accounts/roles/", {"revoke": role.pk}).content.decode()
    assert "Revoke secretary of Finsbury Park from Ada Member?" in confirm and "account member" in confirm
    assert access.has(party.users["member"], "members.view", party.other_branch)  # not yet
    client.post("/accounts/roles/", {"revoke": role.pk, "confirmed": "yes"})
    assert not access.has(party.users["member"], "members.view", party.other_branch)
    assert AuditEntry.objects.get(action="revoke role").before["unit"] == "isn-fp"


def test_a_grant_naming_an_unknown_unit_or_account_says_so_and_grants_nothing(party: Party) -> None:
    client = Client()
    client.force_login(party.users["general_secretary"])
    page = client.post(
        "/accounts/roles/",
        {"organisation": "party", "username": "member", "kind": "secretary", "unit": "nowhere"},
        follow=True,
    ).content.decode()
    assert "A Party has no unit with the code &#x27;nowhere&#x27;" in page
    page = client.post(
        "/accounts/roles/", {"organisation": "party", "username": "nobody", "kind": "auditor"}, follow=True
    ).content.decode()
    assert "no account is called &#x27;nobody&#x27;" in page
    assert not Role.objects.filter(user=party.users["member"]).exists()
    assert not AuditEntry.objects.filter(action="grant role").exists()


def test_the_roles_page_offers_people_by_name_roles_in_words_and_units_to_choose(party: Party) -> None:
    client = Client()
    client.force_login(party.users["general_secretary"])
    page = client.get("/accounts/roles/").content.decode()
    assert '<option value="member">Ada Member (membership number L000001)</option>' in page
    assert '<input type="text" id="username"' not in page and "Unit code" not in page
    assert "Returning officer: runs ballots and processes" in page
    assert '<option value="">the whole of A Party</option>' in page
    assert '<option value="isn-fp">Finsbury Park (branch)</option>' in page
    found = client.get("/accounts/roles/", {"organisation": "party", "q": "L0000", "unit_q": "high"}).content.decode()
    assert "Ada Member" in found and '<option value="isn-hi">Highbury (branch)</option>' in found
    assert '<option value="isn-fp">' not in found
    nobody = client.get("/accounts/roles/", {"q": "Zebedee"}).content.decode()
    assert "No one with an account matches" in nobody and ">Grant</button>" not in nobody


def test_the_roles_list_reads_its_names_without_a_query_a_row(party: Party) -> None:
    client = Client()
    client.force_login(party.users["general_secretary"])
    client.get("/accounts/roles/")  # the session and the caches, warmed
    with CaptureQueriesContext(connection) as before:
        client.get("/accounts/roles/")
    for code in ("isn-hi", "isn-fp", "isn"):  # three more rows, each naming the member from the register
        Role.objects.create(
            user=party.users["member"],
            kind="secretary",
            organisation=party.organisation,
            unit=Unit.objects.get(code=code),
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get("/accounts/roles/").content.decode()
    assert page.count("Ada Member") >= 3
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_secretary_cannot_grant_roles_through_the_service(party: Party) -> None:
    with pytest.raises(PermissionDenied):
        roles_service.grant(party.users["right_officer"], party.organisation, "member", "secretary", "isn-hi")


def test_a_suspended_units_officers_lose_their_powers_until_it_is_lifted(party: Party) -> None:
    from hustings.store.processes.models import Suspension

    right = party.users["right_officer"]
    suspension = Suspension.objects.create(unit=party.clp, rule="chapter 1, clause VIII", suspended_by="nec")
    assert not access.has(right, "members.view", party.branch)  # the branch lies beneath the suspended CLP
    assert not access.has(right, "members.view")
    assert not access.units_in_scope(right, "members.view").exists()
    assert access.has(party.users["general_secretary"], "members.view", party.branch)  # organisation-wide
    suspension.lifted_at = suspension.suspended_at
    suspension.save()
    assert access.has(right, "members.view", party.branch)


def test_the_unlock_page_is_open_to_secretaries_and_general_secretaries(matrix: Matrix) -> None:
    matrix.check("/accounts/unlock/", {"wrong_officer", "right_officer", "general_secretary"})
