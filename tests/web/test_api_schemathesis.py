"""Property-based tests of the API against its own OpenAPI schema (schemathesis): for every GET of
ours, requests generated from the schema get no server error, only documented status codes, and
answers that fit the documented response schema; and the schema itself is valid OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from tests.web.visitors import Party, make_party

from hustings.store.accounts.models import ApiToken

OURS = r"^/api/(organisations|units|members|eligibility|rulebooks)/"


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    """The schema, loaded from the app itself, which then answers the generated requests in this
    process and this test's database transaction. As in Django's own test client, the connection is
    not closed at the end of each request (it holds the transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
        yield schema.include(path_regex=OURS, method="GET")
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_schema_is_valid_openapi(api_schema: Any) -> None:
    api_schema.validate()  # raises on a schema that does not fit the OpenAPI meta-schema


@pytest.fixture
def key(settings: Any, db: None) -> str:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    party: Party = make_party()
    return ApiToken.issue(party.users["general_secretary"], "schemathesis")[1]


def test_every_get_answers_as_documented(api_schema: Any, key: str) -> None:
    """Each operation gets examples drawn from its parameters' schemas (derandomised, so every run
    sends the same requests); `call_and_validate` runs schemathesis's checks on each answer."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def check(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {key}"})

        check()
