"""The token page (`/api/tokens/`): a signed-in user creates a named token, sees its key once (only
the SHA-256 digest is stored), revokes their own tokens and no one else's; both are audited; CSRF on."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.test import Client
from tests.web.visitors import Matrix, Party

from hustings.store.accounts.models import ApiToken
from hustings.store.audit.models import AuditEntry

URL = "/api/tokens/"


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """The party's accounts hash their passwords fast: these tests sign in with `force_login`."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(party: Party, visitor: str, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(party.users[visitor])
    return client


def test_every_signed_in_visitor_has_a_token_page_and_anonymous_is_sent_to_sign_in(matrix: Matrix) -> None:
    everyone = ["member", "wrong_officer", "right_officer", "general_secretary", "auditor", "returning_officer"]
    matrix.check(URL, everyone)
    matrix.check(URL, everyone, method="post", data={"name": "matrix"})
    response = Client().post(URL, {"name": "sneaky"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not ApiToken.objects.filter(name="sneaky").exists()


def test_a_new_key_is_shown_once_and_only_its_digest_is_kept(party: Party) -> None:
    client = signed_in(party, "member")
    page = client.post(URL, {"name": "my spreadsheet"}).content.decode()
    key = re.search(r'value="(hst_[^"]+)"', page)
    assert key is not None
    token = ApiToken.objects.get(user=party.users["member"], name="my spreadsheet")
    assert token.digest == hashlib.sha256(key.group(1).encode()).hexdigest()
    assert key.group(1) not in str(ApiToken.objects.values_list().get(pk=token.pk))
    again = client.get(URL).content.decode()
    assert "my spreadsheet" in again and key.group(1) not in again
    api = Client().get("/api/members/L000001/", HTTP_AUTHORIZATION=f"Bearer {key.group(1)}")
    assert api.json()["ref"] == "L000001"


def test_creating_and_revoking_are_audited(party: Party) -> None:
    client = signed_in(party, "member")
    client.post(URL, {"name": "laptop"})
    token = ApiToken.objects.get(name="laptop")
    confirm = client.post(URL, {"revoke": str(token.pk)}).content.decode()
    assert "Revoke the token “laptop”?" in confirm and "will be refused from the next request on" in confirm
    assert ApiToken.objects.filter(pk=token.pk).exists()
    response = client.post(URL, {"revoke": str(token.pk), "confirmed": "yes"}, follow=True)
    assert "Revoked the token “laptop”." in response.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    entries = AuditEntry.objects.filter(object_type="accounts.ApiToken", object_id=str(token.pk))
    assert [(e.actor, e.action) for e in entries] == [("member", "api token issued"), ("member", "api token revoked")]
    issued, revoked = entries
    assert issued.before is None and issued.after["name"] == "laptop"
    assert revoked.before["name"] == "laptop" and revoked.after is None
    assert "digest" not in str(issued.after)


def test_nobody_revokes_someone_elses_token(party: Party) -> None:
    token, _ = ApiToken.issue(party.users["general_secretary"], "theirs")
    response = signed_in(party, "member").post(URL, {"revoke": str(token.pk)})
    assert response.status_code == 400
    assert "No such token of yours" in response.content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert signed_in(party, "member").post(URL, {"revoke": "not-a-number"}).status_code == 400
    assert not AuditEntry.objects.filter(object_type="accounts.ApiToken").exists()


def test_a_token_needs_a_name(party: Party) -> None:
    response = signed_in(party, "member").post(URL, {"name": "   "})
    assert response.status_code == 400
    assert "Give the token a name" in response.content.decode()
    assert signed_in(party, "member").post(URL, {"name": "x" * 101}).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_forms_need_the_csrf_token(party: Party) -> None:
    client = signed_in(party, "member", csrf=True)
    assert client.post(URL, {"name": "forged"}).status_code == 403
    assert not ApiToken.objects.exists()
    page = client.get(URL).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    assert client.post(URL, {"name": "real", "csrfmiddlewaretoken": csrf.group(1)}).status_code == 200
    assert ApiToken.objects.filter(name="real").exists()


def test_the_page_lists_only_your_own_tokens(party: Party) -> None:
    ApiToken.issue(party.users["general_secretary"], "the secretary's script")
    ApiToken.issue(party.users["member"], "the member's phone")
    page = signed_in(party, "member").get(URL).content.decode()
    assert "the member&#x27;s phone" in page
    assert "secretary" not in page.split("<h1>", 1)[1].split("<h2>", 1)[0]
