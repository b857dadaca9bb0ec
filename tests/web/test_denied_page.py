"""The 403 page says who may do a thing, in words, never a permission code (issue #14)."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.web.visitors import Party

from hustings.web.denied import plain

pytestmark = pytest.mark.django_db


def test_a_refused_officer_page_names_the_role_not_the_permission(party: Party) -> None:
    client = Client()
    client.force_login(party.users["member"])
    response = client.get("/audit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Only an auditor or a general secretary can do this." in page
    assert "audit.view" not in page and "permission" not in page


@pytest.mark.parametrize(
    ("message", "words"),
    [
        (
            "you do not have the ballots.run permission over Highbury",
            "Only a returning officer can do this, over Highbury.",
        ),
        ("you do not have the members.view permission here", "Only "),
        (
            "acting on the whole of A Party needs an organisation-wide units.manage role",
            "Only a general secretary can do this, over the whole of A Party.",
        ),
        ("only the candidate may answer questions", "Only the candidate may answer questions"),
    ],
)
def test_refusals_are_put_in_plain_words(message: str, words: str) -> None:
    said = plain(message)
    assert said.startswith(words) and "." not in said.split(" ")[0] and "_" not in said
