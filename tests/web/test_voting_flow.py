"""The member's and the returning officer's way through a ballot (issue #14): the ballot's page
starts with what the reader can do (vote and by when, or why not); after voting, the home and
ballot pages say "You have voted" and how to check the tracking code; the code fields forgive
spaces, dashes and lower case; people left off the roll are counted by kind of rule; closing and
publishing each go through a page that says what will happen; the unpublished results page offers
Publish; and a leadership contest takes its ballot's result when it is published."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.test_ballot_pages import open_ballot
from tests.web.visitors import Party, add_members

from hustings.services import ballots as svc
from hustings.services import processes
from hustings.store.ballots.models import Ballot
from hustings.store.members.models import Membership, Person, StatusChange
from hustings.store.processes.models import Process

pytestmark = pytest.mark.django_db


def signed_in(party: Party, who: str) -> Client:
    client = Client()
    client.force_login(party.users[who])
    return client


def first_section(html: str) -> str:
    """The page's main content up to its list of facts."""
    main = html[html.index('<main id="main"') :]
    return main[: main.index('<dl class="facts">')]


def test_the_ballot_page_starts_with_the_vote_and_its_closing_time(party: Party) -> None:
    closes = timezone.make_aware(dt.datetime(2016, 9, 21, 12, 0))
    ballot = open_ballot(party, closes=closes)
    top = first_section(signed_in(party, "member").get(f"/ballots/{ballot.pk}/").content.decode())
    assert "You may vote until Wednesday 21 September 2016, 12:00." in top
    assert f'href="/ballots/{ballot.pk}/vote/"' in top


def test_the_ballot_page_says_why_a_member_may_not_vote(party: Party) -> None:
    late = Person.objects.create(ref="L000009", name="Late Joiner")
    row = Membership.objects.create(person=late, unit=party.branch, category="member")
    StatusChange.objects.create(membership=row, status="joined", on=dt.date(2016, 7, 1))
    ballot = open_ballot(party)
    late.user = party.users["wrong_officer"]
    late.save()
    top = first_section(signed_in(party, "wrong_officer").get(f"/ballots/{ballot.pk}/").content.decode())
    assert "You may not vote in this ballot:" in top and f"/ballots/{ballot.pk}/vote/" not in top


def test_after_voting_home_and_ballot_pages_say_so_with_how_to_check(party: Party) -> None:
    ballot = open_ballot(party)
    code = svc.issue_credentials(party.users["returning_officer"], ballot)["L000001"]
    member = signed_in(party, "member")
    assert "You have voted" not in member.get("/").content.decode()
    sloppy = " " + code.lower().replace("-", " ") + " "  # spaces, no dashes, lower case
    page = member.get(f"/ballots/{ballot.pk}/vote/").content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    assert submission is not None
    form = {"credential": sloppy, "submission": submission.group(1), "rank-0": "1", "action": "cast"}
    receipt = member.post(f"/ballots/{ballot.pk}/vote/", form)
    assert receipt.status_code == 200 and f'data-ballot="{ballot.pk}"' in receipt.content.decode()
    assert "ballots/receipt.js" in receipt.content.decode()  # keeps the code on this device
    home = member.get("/").content.decode()
    assert "You have voted" in home and f"/ballots/{ballot.pk}/board/" in home
    top = first_section(member.get(f"/ballots/{ballot.pk}/").content.decode())
    assert "You have voted." in top and "look up your tracking code" in top
    assert f"/ballots/{ballot.pk}/vote/" not in top


def test_a_tracking_code_is_found_however_it_is_typed(party: Party) -> None:
    ballot = open_ballot(party)
    code = svc.issue_credentials(party.users["returning_officer"], ballot)["L000001"]
    tracking = svc.cast(ballot.pk, code, ["Owen Smith"], "s").tracking_code
    for typed in (tracking.lower(), tracking.replace("-", " "), tracking.replace("-", "")):
        found = Client().post(f"/ballots/{ballot.pk}/board/", {"code": typed}).content.decode()
        assert "Your ballot is on the board" in found, typed


def test_exclusions_are_counted_by_kind_and_listed_in_full_behind_details(party: Party) -> None:
    for n, day in enumerate((dt.date(2016, 7, 1), dt.date(2016, 7, 2), dt.date(2016, 7, 3)), 2):
        person = Person.objects.create(ref=f"L10000{n}", name=f"Late {n}")
        row = Membership.objects.create(person=person, unit=party.branch, category="member")
        StatusChange.objects.create(membership=row, status="joined", on=day)
    ballot = open_ballot(party)
    assert sum(ballot.excluded_kinds.values()) == 3 and len(ballot.excluded_kinds) == 1
    (kind,) = ballot.excluded_kinds
    assert kind.startswith("joined after")
    page = signed_in(party, "member").get(f"/ballots/{ballot.pk}/").content.decode()
    assert f"3 people: {kind}" in page
    details = page[page.index("<details>") : page.index("</details>")]
    assert details.count("<tr>") == 1 + len(ballot.excluded)  # the heading row and one per reason


def test_closing_goes_through_a_page_that_says_what_will_happen(party: Party) -> None:
    ballot = open_ballot(party)
    officer = signed_in(party, "returning_officer")
    detail = officer.get(f"/ballots/{ballot.pk}/").content.decode()
    assert f'href="/ballots/{ballot.pk}/close/"' in detail
    assert f'action="/ballots/{ballot.pk}/close/"' not in detail  # no one-click close
    confirm = officer.get(f"/ballots/{ballot.pk}/close/").content.decode()
    assert "Closing cannot be undone" in confirm and "Yes, close the box" in confirm
    assert Ballot.objects.get(pk=ballot.pk).status == "open"
    assert signed_in(party, "member").get(f"/ballots/{ballot.pk}/close/").status_code in (403, 404)
    officer.post(f"/ballots/{ballot.pk}/close/")
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"


def test_the_unpublished_results_page_offers_publish_through_a_confirmation(party: Party) -> None:
    ballot = open_ballot(party)
    officer = party.users["returning_officer"]
    for step in (svc.close_ballot, svc.count_ballot):
        step(officer, ballot)
    client = signed_in(party, "returning_officer")
    results = client.get(f"/ballots/{ballot.pk}/results/").content.decode()
    assert f'href="/ballots/{ballot.pk}/publish/"' in results
    confirm = client.get(f"/ballots/{ballot.pk}/publish/").content.decode()
    assert "Publishing cannot be undone" in confirm
    assert Ballot.objects.get(pk=ballot.pk).status == "counted"
    client.post(f"/ballots/{ballot.pk}/publish/")
    assert Ballot.objects.get(pk=ballot.pk).status == "published"


def test_a_contest_takes_its_ballots_result_when_it_is_published(party: Party) -> None:
    add_members(party, 3, "L2")
    gs = party.users["general_secretary"]
    process = processes.open_process(
        gs, organisation=party.organisation, kind="leadership_challenge", rulebook="labour-2016", title="Challenge"
    )
    # A counted ballot the contest waits on (the nominations' steps are tests/services' business).
    ballot = Ballot.objects.create(
        organisation=party.organisation,
        title="Leader",
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        candidates=["A", "B"],
        opened_on=dt.date(2016, 8, 22),
        credential_key="0" * 64,
        status="counted",
        result={"method": "irv", "elected": ["A"], "seats": 1},
    )
    Process.objects.filter(pk=process.pk).update(state="ballot", ballot_id=ballot.pk)
    signed_in(party, "returning_officer").post(f"/ballots/{ballot.pk}/publish/")
    assert Ballot.objects.get(pk=ballot.pk).status == "published"
    process.refresh_from_db()
    assert process.state != "ballot" and process.outcome == "A elected (irv)"
