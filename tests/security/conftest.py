"""The `world` fixture: `tests.web.visitors.make_world()` (the identities) and one real object of
each kind in the first organisation, written through the services as an officer would (so the audit
log holds the first organisation's rows): an open ballot over the whole organisation and a published
one, a leadership challenge, a suspension of Tollington, a debate in the CLP with a comment, a
report and a hustings question, an import job of the Highbury secretary, an API token, an adopted
rulebook version, a count saved by the member, a large upload queued by a visitor."""

from __future__ import annotations

import datetime as dt
import gzip
from importlib import resources

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from tests.web.visitors import World, make_world

from hustings.services import api_tokens, background_counts, counting, roles, saved_counts
from hustings.services import ballots as ballots_service
from hustings.services import processes as processes_service
from hustings.services import rulebooks as rulebooks_service
from hustings.services.debates import moderation, posting, questions
from hustings.services.debates.opening import open_debate
from hustings.store.ballots.models import Ballot
from hustings.store.imports.models import ImportJob

CANDIDATES = ["Jeremy Corbyn", "Owen Smith"]


def _ballot(world: World, title: str) -> int:
    ballot = ballots_service.open_ballot(
        world.users["returning_officer"],
        organisation=world.party.organisation.slug,
        title=title,
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=CANDIDATES,
        on_date=dt.date(2016, 8, 22),
    )
    return int(ballot.pk)


def _published(world: World) -> int:
    officer = world.users["returning_officer"]
    pk = _ballot(world, "Deputy 2016")
    ballot = Ballot.objects.get(pk=pk)
    code = ballots_service.issue_credentials(officer, ballot)["L000001"]
    ballots_service.cast(pk, code, ["Owen Smith", "Jeremy Corbyn"], "s")
    for step in (ballots_service.close_ballot, ballots_service.count_ballot, ballots_service.publish):
        step(officer, ballot)
    return pk


def populate(world: World) -> World:
    party, users = world.party, world.users
    gs, now = users["general_secretary"], timezone.now()
    objects = world.objects
    objects["ballot"] = _ballot(world, "Leader 2016")
    objects["published"] = _published(world)
    process = processes_service.open_process(
        gs, organisation=party.organisation, kind="leadership_challenge", rulebook="labour-2016", title="Challenge"
    )
    objects["process"] = process.pk
    objects["suspension"] = processes_service.suspend_unit(gs, world.suspended, rule="chapter 1, clause VIII").pk
    debate = open_debate(
        users["moderator"], party.clp, "Should MPs answer to members?", closes_at=now + dt.timedelta(days=7)
    )
    debate.candidate = users["right_officer"]
    debate.save(update_fields=["candidate"])
    objects["debate"] = debate.pk
    comment = posting.post(users["member"], debate, "first", now)
    objects["comment"] = comment.pk
    objects["report"] = moderation.report(users["other_member"], comment, "off topic").pk
    objects["question"] = questions.ask(users["member"], debate, "Will you answer to members?", now).pk
    job = ImportJob.objects.create(
        user=users["right_officer"],
        file_name="members.csv",
        upload=b"ref,name\n",
        sha256="0" * 64,
        state=ImportJob.State.CHECKED,
        report={"accepted": False, "counts": {}, "rows": {}},
        report_csv=gzip.compress(b"line,ref,outcome\n2,L000001,refuse\n"),
    )
    objects["import_job"] = job.pk
    ward, asked = b'2 1\n2 1 0\n1 2 0\n0\n"A"\n"B"\n"Ward"\n', counting.CountRequest()
    objects["saved_count"] = saved_counts.save(
        users["member"], ward, asked, counting.count_upload("ward.blt", ward, asked)
    ).key
    objects["background_count"] = background_counts.queue(AnonymousUser(), "ward.blt", ward, asked).key
    objects["token"] = api_tokens.issue(users["member"], "laptop")[0].pk
    text = (resources.files("hustings.rules") / "rulebooks" / "labour-2018.yaml").read_text(encoding="utf-8")
    objects["adopted"] = rulebooks_service.adopt(gs, party.organisation, text, "2018", dt.date(2018, 9, 25)).key
    objects["role"] = roles.visible(gs).get(user=users["branch_general_secretary"]).pk
    objects["membership"] = party.person.memberships.get().pk
    return world


@pytest.fixture
def world(db: None) -> World:
    return populate(make_world())
