"""Every error under /api/ is JSON with a `detail` in words, whoever made it: the API's own
refusals, Django's 404 for a path no endpoint has, Ninja's 405, an unexpected exception's 500, and
a busy SQLite database's 503; outside the API the same failures are pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client
from tests.web.visitors import Party

pytestmark = pytest.mark.django_db


def signed_in(party: Party, visitor: str = "member") -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(party.users[visitor])
    return client


def detail(response: HttpResponse, status: int) -> Any:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert body["detail"]
    return body["detail"]


def test_unauthorised_is_json(party: Party) -> None:
    assert detail(Client().get("/api/units/"), 401) == "Unauthorized"


def test_forbidden_is_json_with_the_reason(party: Party) -> None:
    assert "members.view" in detail(signed_in(party).get("/api/members/"), 403)


def test_a_refusal_by_access_raised_inside_an_endpoint_is_a_json_403(party: Party, monkeypatch: Any) -> None:
    def refuse() -> None:
        raise PermissionDenied("you do not have the units.manage permission here")

    monkeypatch.setattr("hustings.web.api.register._units", refuse)
    assert detail(signed_in(party).get("/api/units/"), 403) == "you do not have the units.manage permission here"


def test_a_path_no_endpoint_has_is_a_json_404(party: Party) -> None:
    assert detail(signed_in(party).get("/api/no-such-thing/"), 404) == "no such resource: /api/no-such-thing/"
    assert "no unit" in detail(signed_in(party).get("/api/units/nowhere/"), 404)


def test_a_method_an_endpoint_does_not_take_is_a_json_405(party: Party) -> None:
    response = Client().get("/api/ballots/1/cast")
    assert detail(response, 405) == "method GET is not allowed here (allowed: POST)"
    assert response["Allow"] == "POST"


def test_a_parameter_that_does_not_parse_is_a_json_422(party: Party) -> None:
    errors = detail(signed_in(party).get("/api/eligibility/?date=yesterday"), 422)
    assert isinstance(errors, list) and errors[0]["loc"]


def test_a_body_that_is_not_json_is_a_json_error(party: Party) -> None:
    response = Client().post("/api/ballots/1/cast", "{not json", content_type="application/json")
    assert response.status_code in (400, 422) and response.json()["detail"]


def test_an_unexpected_exception_is_a_json_500_and_is_logged(party: Party, monkeypatch: Any, caplog: Any) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("hustings.web.api.register._units", broken)
    message = detail(signed_in(party).get("/api/units/"), 500)
    assert "internal server error" in message and "a bug" not in message
    assert any("a bug" in str(record.exc_info) for record in caplog.records if record.exc_info)


def test_a_locked_sqlite_database_is_a_json_503_to_retry(party: Party, monkeypatch: Any) -> None:
    def locked() -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("hustings.web.api.register._units", locked)
    response = signed_in(party).get("/api/units/")
    assert "try again" in detail(response, 503)
    assert response["Retry-After"] == "2"


def test_a_locked_sqlite_database_on_a_page_is_a_503_page_not_a_500(party: Party, monkeypatch: Any) -> None:
    def locked(*args: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("hustings.web.accounts.views.open_ballots_for", locked)
    response = signed_in(party).get("/")
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "The site is busy" in response.content.decode() and "nothing was saved" in response.content.decode()


def test_pages_outside_the_api_keep_their_html_error_pages(party: Party) -> None:
    response = signed_in(party).get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
