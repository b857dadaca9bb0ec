"""The officers' lists (issue #14) are a convenience, not the guard: a posted value outside the
list is refused on the server. A branch officer posts the whole party's unit, or a unit above
theirs; a second organisation's officer posts our organisation, our units, our adopted rulebook;
nothing is opened, and the lists never show them what is not theirs."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.visitors import World

from hustings.services import due
from hustings.store.ballots.models import Ballot
from hustings.store.processes.models import Process

pytestmark = pytest.mark.django_db

BALLOT = {"title": "A coup", "method": "irv", "seats": "1", "candidates": "A\nB", "rulebook": "labour-2016"}
PROCESS = {"kind": "leadership_challenge", "rulebook": "labour-2016", "title": "A coup"}


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _nothing_opened() -> bool:
    return not Ballot.objects.filter(title="A coup").exists() and not Process.objects.filter(title="A coup").exists()


def test_a_branch_returning_officer_cannot_post_units_beyond_their_branch(world: World) -> None:
    client = _client(world, "branch_returning_officer")
    page = client.get("/ballots/new/").content.decode()
    assert re.findall(r'name="units" value="([^"]+)"', page) == [world.party.branch.code]
    form = {**BALLOT, "organisation": "party", "process_kind": "leadership_challenge"}
    assert client.post("/ballots/new/", form).status_code == 403  # no unit: the whole party
    for unit in (world.party.nation, world.party.clp, world.party.other_branch):
        response = client.post("/ballots/new/", {**form, "units": [unit.code]})
        assert response.status_code == 200 and "is not one of the available choices" in response.content.decode()
    assert _nothing_opened()


def test_a_branch_general_secretary_cannot_open_a_process_above_their_branch(world: World) -> None:
    client = _client(world, "branch_general_secretary")
    for unit in ("", world.party.clp.code, world.party.nation.code, world.party.other_branch.code):
        assert client.post("/processes/new/", {**PROCESS, "organisation": "party", "unit": unit}).status_code == 403
    assert _nothing_opened()


def test_a_second_organisations_officers_reach_nothing_of_ours(world: World) -> None:
    ro = _client(world, "other_returning_officer")
    page = ro.get("/ballots/new/").content.decode()
    assert world.party.organisation.name not in page and world.party.branch.name not in page
    assert ro.get("/ballots/new/?organisation=party").status_code == 403
    assert ro.post("/ballots/new/", {**BALLOT, "organisation": "party", "process_kind": "x"}).status_code == 403
    theirs = {**BALLOT, "organisation": world.other.slug, "process_kind": "leadership_challenge"}
    response = ro.post("/ballots/new/", {**theirs, "units": [world.party.branch.code]})
    assert response.status_code == 200 and "is not one of the available choices" in response.content.decode()
    gs = _client(world, "other_general_secretary")
    page = gs.get("/processes/new/").content.decode()
    assert world.party.organisation.name not in page and world.party.branch.name not in page
    adopted = str(world.objects["adopted"])  # our organisation's adopted rulebook
    response = gs.post(
        "/processes/new/", {**PROCESS, "organisation": world.other.slug, "rulebook": adopted}, follow=True
    )
    assert "no rulebook of that name is shipped" in response.content.decode()
    response = gs.post(
        "/processes/new/", {**PROCESS, "organisation": world.other.slug, "unit": world.party.branch.code}, follow=True
    )
    assert "has no such unit" in response.content.decode()
    assert _nothing_opened()
    for name in ("other_returning_officer", "other_general_secretary"):
        assert due.due_for(world.users[name], timezone.now()) == []
