"""Isolation between organisations on member-facing pages (issue #12): a second organisation's
officers and member, signed in, list and open the first organisation's ballots, processes,
suspensions, debates (comments, questions, search), units and adopted rulebook, through the pages and
the API. Each list shows nothing of the first organisation (and still shows their own); each of its
objects is not found (404), so its existence is not revealed; nothing they send to it is written.
What is public by design stays public: a ballot's vote page, board, scrutineers' page, export and
published results, a public debate (readable, but speaking is still the debate's rule), and the
shipped rulebooks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from tests.security.permission_table import EXPECTED, OWN_ORGANISATIONS_ONLY, SIGNED_IN
from tests.web.visitors import World

from hustings.rules import Category, Status
from hustings.services import access
from hustings.services import processes as processes_service
from hustings.services.debates.opening import open_debate
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.debates.models import Comment, Debate, Question, QuestionVote, Report
from hustings.store.members.models import Membership, Person, StatusChange
from hustings.store.organisations.models import Unit

pytestmark = pytest.mark.django_db

ATTACKERS = ("other_general_secretary", "other_returning_officer", "second_member")
FIRST_ORGANISATIONS_WORDS = ("A Party", "Islington North CLP", "Highbury", "Tollington", "Leader 2016", "Deputy 2016")


@pytest.fixture
def second(world: World) -> World:
    """The world, with a member of the second organisation's branch and the second organisation's own
    process and debate (so that its lists have something of theirs to show)."""
    user = User.objects.create_user("second_member", password="pw-second_member-2016!")
    world.users["second_member"] = user
    person = Person.objects.create(ref="B000001", name="Cy Second", email="cy@example.org", user=user)
    branch = Unit.objects.get(code="oth-br")
    membership = Membership.objects.create(person=person, unit=branch, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2012, 1, 1))
    officer = world.users["other_general_secretary"]
    world.objects["own_process"] = processes_service.open_process(
        officer, organisation=world.other, kind="leadership_challenge", rulebook="labour-2016", title="Our own"
    ).pk
    own = open_debate(officer, branch, "Our own debate", closes_at=timezone.now() + dt.timedelta(days=7))
    world.objects["own_debate"] = own.pk
    return world


def _post_comment(client: Client, debate: object) -> int:
    body = json.dumps({"body": "we were here"})
    return int(client.post(f"/api/debates/{debate}/comments/", body, content_type="application/json").status_code)


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _json(client: Client, url: str) -> object:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()


def test_each_visitor_belongs_to_the_organisations_of_their_memberships_and_roles(second: World) -> None:
    first, other = second.party.organisation, second.other
    for name in ("member", "other_member", "right_officer", "general_secretary", "moderator", "suspended_officer"):
        assert list(access.organisations_of(second.users[name])) == [first], name
    for name in ATTACKERS:
        assert list(access.organisations_of(second.users[name])) == [other], name
    nobody = User.objects.create_user("nobody")
    assert not access.organisations_of(nobody).exists()
    Role.objects.create(user=nobody, kind=RoleKind.AUDITOR, organisation=other)
    assert list(access.organisations_of(nobody)) == [other]


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_the_lists_show_nothing_of_another_organisation(second: World, attacker: str) -> None:
    client, o = _client(second, attacker), second.objects
    pages = {
        url: _page(client, url)
        for url in (
            "/ballots/",
            "/processes/",
            "/processes/suspensions/",
            "/debates/",
            "/debates/search/?q=MPs",
            "/debates/search/?q=first",
            "/units/",
            "/rulebooks/",
        )
    }
    for url, page in pages.items():
        for word in (*FIRST_ORGANISATIONS_WORDS, "Should MPs answer"):
            assert word not in page, f"{url} shows {word!r}"
    links = "".join(pages.values())
    for link in (f"/ballots/{o['ballot']}/", f"/processes/{o['process']}/", f"/debates/{o['debate']}/"):
        assert f'href="{link}"' not in links
    assert f"/rulebooks/{o['adopted']}/" not in links
    assert f"/processes/{o['own_process']}/" in pages["/processes/"]  # their own, still listed
    assert "Our own debate" in pages["/debates/"] and "Another branch" in pages["/units/"]
    assert "labour-2016" in pages["/rulebooks/"]  # the shipped rulebooks are everyone's


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_another_organisations_objects_are_not_found(second: World, attacker: str) -> None:
    client, o = _client(second, attacker), second.objects
    urls = [
        f"/ballots/{o['ballot']}/",
        f"/ballots/{o['published']}/",
        f"/processes/{o['process']}/",
        f"/debates/{o['debate']}/",
        f"/debates/{o['debate']}/questions/",
        f"/debates/comments/{o['comment']}/reply/",
        f"/debates/comments/{o['comment']}/history/",
        f"/debates/comments/{o['comment']}/report/",
        "/units/isn-hi/",
        "/units/eng/",
        f"/rulebooks/{o['adopted']}/",
        f"/rulebooks/labour-2016/diff/{o['adopted']}/",
        f"/rulebooks/{o['adopted']}/diff/labour-2018/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/debates/{o['debate'] + 1000}/").status_code == 404  # the same answer as no debate


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_the_api_lists_and_reads_nothing_of_another_organisation(second: World, attacker: str) -> None:
    client, o = _client(second, attacker), second.objects
    assert _json(client, "/api/organisations/") == [{"slug": "other", "name": "Another Party"}]
    units = _json(client, "/api/units/")
    assert isinstance(units, list) and {u["organisation"] for u in units} == {"other"}
    debates = _json(client, "/api/debates/")
    assert isinstance(debates, list) and [d["id"] for d in debates] == [o["own_debate"]]
    for url in (
        "/api/units/?organisation=party",
        "/api/units/?parent=isn",
        "/api/units/isn-hi/",
        f"/api/debates/{o['debate']}/",
        f"/api/debates/{o['debate']}/comments/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Islington" not in response.content.decode() and "first" not in response.content.decode()


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_nothing_sent_to_another_organisations_debate_is_written(second: World, attacker: str) -> None:
    client, o = _client(second, attacker), second.objects
    before = (Comment.objects.count(), Question.objects.count(), QuestionVote.objects.count(), Report.objects.count())
    body = json.dumps({"body": "we were here"})
    assert (
        client.post(f"/api/debates/{o['debate']}/comments/", body, content_type="application/json").status_code == 404
    )
    for url, data in (
        (f"/debates/{o['debate']}/", {"body": "we were here"}),
        (f"/debates/{o['debate']}/questions/", {"body": "we were here?"}),
        (f"/debates/comments/{o['comment']}/reply/", {"body": "we were here"}),
        (f"/debates/comments/{o['comment']}/report/", {"reason": "ours now"}),
        (f"/debates/questions/{o['question']}/vote/", {}),
        (f"/debates/reports/{o['report']}/dismiss/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert (
        Comment.objects.count(),
        Question.objects.count(),
        QuestionVote.objects.count(),
        Report.objects.count(),
    ) == before


def test_a_public_debate_is_read_by_anyone_but_spoken_in_only_by_its_rule(second: World) -> None:
    o = second.objects
    Debate.objects.filter(pk=o["debate"]).update(public=True)
    client = _client(second, "second_member")
    assert "Should MPs answer to members?" in _page(client, f"/debates/{o['debate']}/")
    assert _json(client, f"/api/debates/{o['debate']}/")["title"] == "Should MPs answer to members?"  # type: ignore[index]
    before = Comment.objects.count()
    assert client.post(f"/debates/{o['debate']}/", {"body": "we were here"}).status_code == 403
    body = json.dumps({"body": "we were here"})
    assert (
        client.post(f"/api/debates/{o['debate']}/comments/", body, content_type="application/json").status_code == 403
    )
    assert client.post(f"/debates/{o['debate']}/questions/", {"body": "and here?"}).status_code == 403
    assert Comment.objects.count() == before
    assert Client().get(f"/debates/{o['debate']}/").status_code == 200  # as it is to anyone signed out


@pytest.mark.parametrize("visitor", ["second_member", "other_returning_officer", "anonymous"])
def test_a_ballots_public_pages_stay_public(second: World, visitor: str) -> None:
    client = Client() if visitor == "anonymous" else _client(second, visitor)
    published, ballot = second.objects["published"], second.objects["ballot"]
    for url in (
        f"/ballots/{ballot}/vote/",
        f"/ballots/{published}/board/",
        f"/ballots/{published}/board.json",
        f"/api/ballots/{published}/board",
        f"/ballots/{published}/scrutineers/",
        f"/ballots/{published}/export.blt",
        f"/ballots/{published}/results/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_first_organisations_own_members_still_read_everything(second: World) -> None:
    o = second.objects
    for name in ("member", "suspended_officer"):
        client = _client(second, name)
        assert "Leader 2016" in _page(client, "/ballots/") and "Challenge" in _page(client, "/processes/")
        assert "Tollington" in _page(client, "/processes/suspensions/")
        assert "Should MPs answer" in _page(client, "/debates/") and "Our own debate" not in _page(client, "/debates/")
        assert "Highbury" in _page(client, "/units/") and "Another branch" not in _page(client, "/units/")
        assert f"/rulebooks/{o['adopted']}/" in _page(client, "/rulebooks/")
        for url in (f"/ballots/{o['ballot']}/", f"/processes/{o['process']}/", f"/debates/{o['debate']}/"):
            assert client.get(url).status_code == 200, url
        assert _json(client, "/api/organisations/") == [{"slug": "party", "name": "A Party"}]


def test_the_permission_table_marks_exactly_the_lists_read_here_as_filtered() -> None:
    assert set(EXPECTED) >= OWN_ORGANISATIONS_ONLY
    assert all(EXPECTED[key]["GET"] == SIGNED_IN for key in OWN_ORGANISATIONS_ONLY)
