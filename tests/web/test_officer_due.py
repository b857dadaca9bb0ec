"""What is due from an officer, on their home page (issue #14): nominations closing, ballots to
close, results to publish, reports to moderate; each officer sees only what lies in their scope, and
another organisation's officer sees none of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.web.test_debate_fixtures import add_member, add_moderator, make_debate
from tests.web.test_officer_choices import (
    branch_general_secretary,
    branch_returning_officer,
    client_of,
    contest,
    other_organisation_officer,
)
from tests.web.visitors import Party, open_leadership_ballot

from hustings.services import ballots, due
from hustings.services.debates import moderation, posting
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.ballots.models import Ballot
from hustings.store.processes.models import Process, Stage

pytestmark = pytest.mark.django_db


def kinds(user: User) -> list[tuple[str, str]]:
    return [(item.kind, item.title) for item in due.due_for(user, timezone.now())]


def branch_ballot(party: Party, title: str, closes: dt.datetime) -> Ballot:
    return ballots.open_ballot(
        party.users["returning_officer"],
        organisation="party",
        title=title,
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=["A", "B"],
        units=["isn-hi"],
        closes=closes,
        on_date=dt.date(2016, 8, 22),
    )


def counted(party: Party, title: str) -> Ballot:
    ballot = open_leadership_ballot(party, title, ["A", "B"])
    for step in (ballots.close_ballot, ballots.count_ballot):
        step(party.users["returning_officer"], ballot)
    return ballot


def nominations_close(party: Party, at: dt.datetime) -> Process:
    process = contest(party)
    assert Stage.objects.filter(process=process, key="nominations", state="open").update(closes=at) == 1
    return process


def test_nominations_closing_are_due_from_those_who_manage_the_process(party: Party) -> None:
    process = nominations_close(party, timezone.now() - dt.timedelta(hours=2))
    assert ("nominations", "Leadership challenge") in kinds(party.users["general_secretary"])
    item = due.nominations_closing(party.users["general_secretary"], timezone.now())[0]
    assert item.pk == process.pk and item.passed
    assert kinds(branch_general_secretary(party)) == []  # a whole-party process is not the CLP's
    assert kinds(other_organisation_officer()[0]) == []


def test_nominations_not_closing_soon_are_not_due(party: Party) -> None:
    nominations_close(party, timezone.now() + dt.timedelta(days=20))
    assert kinds(party.users["general_secretary"]) == []


def test_ballots_to_close_and_results_to_publish_are_due_from_their_returning_officers(party: Party) -> None:
    now = timezone.now()
    branch_ballot(party, "Branch chair", now - dt.timedelta(hours=1))
    branch_ballot(party, "Branch secretary", now + dt.timedelta(days=30))  # not near: not due
    open_leadership_ballot(party, "Leader", ["A", "B"], closes=now + dt.timedelta(days=1))
    counted(party, "Deputy")
    open_leadership_ballot(party, "Open-ended", ["A", "B"])  # no close time: due until closed
    assert kinds(party.users["returning_officer"]) == [
        ("close", "Branch chair"),
        ("close", "Leader"),
        ("close", "Open-ended"),
        ("publish", "Deputy"),
    ]
    assert kinds(branch_returning_officer(party)) == [("close", "Branch chair")]
    other = User.objects.create_user("other_branch_ro")
    Role.objects.create(
        user=other, kind=RoleKind.RETURNING_OFFICER, organisation=party.organisation, unit=party.other_branch
    )
    assert kinds(other) == []
    assert kinds(other_organisation_officer()[0]) == []
    assert kinds(party.users["member"]) == []


def test_reports_are_due_from_the_moderators_of_the_debates_unit(party: Party) -> None:
    moderator = add_moderator(party, unit=party.branch)
    theirs = make_debate(
        party, title="Branch matters", unit=party.branch, closes_at=timezone.now() + dt.timedelta(days=7)
    )
    elsewhere = make_debate(party, title="Other branch", unit=party.other_branch, closes_at=theirs.closes_at)
    speakers = (party.users["member"], add_member(party, "fp_member", party.other_branch))
    for debate, speaker in zip((theirs, elsewhere), speakers, strict=True):
        comment = posting.post(speaker, debate, "hello", timezone.now())
        moderation.report(party.users["member"], comment, "rude")
        moderation.report(party.users["right_officer"], comment, "rude")
    assert [(i.kind, i.title, i.count) for i in due.reports_to_moderate(moderator)] == [
        ("moderate", "Branch matters", 2)
    ]
    assert [i.title for i in due.reports_to_moderate(party.users["general_secretary"])] == [
        "Branch matters",
        "Other branch",
    ]
    assert due.reports_to_moderate(other_organisation_officer()[0]) == []


def test_the_home_page_links_each_item_to_where_it_is_done(party: Party) -> None:
    process = nominations_close(party, timezone.now() - dt.timedelta(hours=2))
    ballot = counted(party, "Deputy")
    page = client_of(party.users["returning_officer"]).get("/").content.decode()
    assert "Due from you" in page
    assert f'<a href="/processes/{process.pk}/">Nominations for Leadership challenge were due to close on ' in page
    assert f'<a href="/ballots/{ballot.pk}/publish/">Deputy is counted: check and publish its result</a>' in page
    running = open_leadership_ballot(party, "Leader", ["A", "B"])
    page = client_of(party.users["returning_officer"]).get("/").content.decode()
    assert f'<a href="/ballots/{running.pk}/close/">Leader is open with no closing time: close the box' in page
    page = client_of(party.users["auditor"]).get("/").content.decode()
    assert "Nothing is due from you" in page
    page = Client()
    page.force_login(party.users["member"])
    assert "Due from you" not in page.get("/").content.decode()


def test_a_member_with_no_role_is_not_asked_what_is_due(party: Party) -> None:
    nominations_close(party, timezone.now() - dt.timedelta(hours=2))
    counted(party, "Deputy")
    client = Client()
    client.force_login(party.users["member"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert "Due from you" not in page and "Ada Member" in page
    asked = [q["sql"] for q in queries.captured_queries if "'returning_officer'" in q["sql"]]
    assert asked == []  # no role at all (the header's role names say so): nobody asks who runs ballots
