"""Unit pages: the tree drawn in one pass, folded below the nations, names escaped; a unit's page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from tests.web.visitors import Party

from hustings.store.organisations.models import Unit

pytestmark = pytest.mark.django_db


def page(party: Party, url: str) -> str:
    client = Client()
    client.force_login(party.users["member"])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_tree_nests_every_unit_under_its_parent_and_folds_the_deep_levels(party: Party) -> None:
    html = page(party, "/units/")
    # England › London › Islington North CLP › the two branches, each level inside the one above.
    nested = re.search(
        r"England.*?<ul.*?London.*?<ul.*?Islington North CLP.*?<ul.*?Finsbury Park.*?Highbury", html, re.S
    )
    assert nested is not None
    assert html.count("<details open>") == 2  # England and London open, the CLP folded
    assert html.count("<details>") == 1
    assert '<a href="/units/isn-hi/">Highbury</a>' in html
    assert "(2 within)" in html  # the CLP's two branches


def test_a_unit_name_is_escaped_in_the_tree(party: Party) -> None:
    Unit.objects.create(
        organisation=party.organisation, code="x", name="<script>alert(1)</script>", kind="branch", parent=party.clp
    )
    html = page(party, "/units/")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_empty_register_says_so(db: None) -> None:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_user("someone"))
    assert "No organisation is on the register yet." in client.get("/units/").content.decode()


def test_a_unit_page_shows_its_place_office_holders_and_the_units_within(party: Party) -> None:
    html = page(party, "/units/isn/")
    assert "<h1>Islington North CLP</h1>" in html
    assert 'href="/units/ldn/">London</a>' in html  # the breadcrumb
    assert "Highbury" in html and "Finsbury Park" in html
    assert "/members/?unit=isn" not in html  # a member may not list members
    officer = Client()
    officer.force_login(party.users["right_officer"])
    assert "/members/?unit=isn-hi" in officer.get("/units/isn-hi/").content.decode()


def test_an_unknown_unit_is_not_found(party: Party) -> None:
    client = Client()
    client.force_login(party.users["member"])
    assert client.get("/units/nowhere/").status_code == 404
