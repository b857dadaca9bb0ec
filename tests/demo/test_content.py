"""The demo's content (hustings.demo.content): an open contest the demo member may vote
in, a published result whose board verifies, processes and debates, all the same from the same
register. A small register (300 people) keeps each load to a few seconds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from hustings.board.verify import verify_board
from hustings.demo import party as demo
from hustings.demo.content import CONTEST_TITLE, DEPUTY_TITLE, member_voting_code
from hustings.demo.party import demo_logins, demo_register, load_demo
from hustings.services import ballots
from hustings.store.audit.models import AuditEntry
from hustings.store.ballots.models import Ballot, RollEntry, Status
from hustings.store.debates.models import Comment, Debate, Question
from hustings.store.processes.models import Process, Suspension, UnitVote

HOOK = "hustings.demo.content:seed_demo_content"
CONSOLE_SCRIPT = Path(sys.executable).with_name("hustings")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hooked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the content hook whatever else the demo's hook list holds (and only once)."""
    monkeypatch.setattr(demo, "SEEDING_HOOKS", [HOOK])


def _load(seed: int = 2016) -> None:
    load_demo(demo_register(seed, 300))


def _summary() -> dict[str, Any]:
    deputy = Ballot.objects.get(title=DEPUTY_TITLE)
    return {
        "ballots": sorted(Ballot.objects.values_list("title", "status", "roll_size")),
        "excluded": Ballot.objects.get(title=CONTEST_TITLE).excluded,
        "voted": RollEntry.objects.filter(voted=True).count(),
        "result": deputy.result,
        "processes": sorted(Process.objects.values_list("title", "kind", "state", "outcome")),
        "debates": sorted(Debate.objects.values_list("title", "closed_at")),
        "comments": sorted(Comment.objects.values_list("debate__title", "depth", "body", "hidden_reason")),
        "questions": sorted(Question.objects.values_list("body", "votes", "answer")),
    }


class _Undo(Exception):
    pass


def test_the_same_register_gives_the_same_content() -> None:
    summaries = []
    for _ in range(2):
        try:
            with transaction.atomic():
                _load()
                summaries.append(_summary())
                raise _Undo
        except _Undo:
            pass
    assert summaries[0] == summaries[1]
    assert summaries[0]["comments"] and summaries[0]["result"]


def test_the_demo_member_may_vote_in_the_open_contest_and_sees_it_at_home() -> None:
    _load()
    demo_logins()
    contest = Ballot.objects.get(title=CONTEST_TITLE)
    assert contest.status == Status.OPEN and contest.process_id is not None
    member = User.objects.get(username="member")
    entry = RollEntry.objects.get(ballot=contest, person__user=member)
    assert entry.eligible and not entry.voted
    assert entry.reason  # the rules' reason, shown beside "May you vote?"
    # A realistic share is off the roll, each with the rule's reason (the freeze date above all).
    excluded = sum(contest.excluded.values())
    assert 0.1 < excluded / (excluded + contest.roll_size) < 0.6
    assert any("12 January 2016" in reason or "freeze" in reason for reason in contest.excluded)
    assert RollEntry.objects.filter(ballot=contest, voted=True).exists()  # some have voted already

    client = Client()
    client.force_login(member)
    home = client.get("/").content.decode()
    assert CONTEST_TITLE in home and f"/ballots/{contest.pk}/vote/" in home
    assert "May you vote?" in home and 'class="badge yes"' in home and entry.reason in home

    found = member_voting_code()
    assert found is not None and found[0] == CONTEST_TITLE
    receipt = ballots.cast(contest.pk, found[1], [contest.candidates[0]], "test-member")
    assert receipt.tracking_code
    assert member_voting_code() is None  # voted: no new code


def test_the_published_ballot_shows_its_rounds_and_its_board_verifies() -> None:
    _load()
    deputy = Ballot.objects.get(title=DEPUTY_TITLE)
    assert deputy.status == Status.PUBLISHED
    assert 100 <= RollEntry.objects.filter(ballot=deputy, voted=True).count() <= 400
    page = Client().get(f"/ballots/{deputy.pk}/results/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="rounds"' in html and "Round 2" in html and "<svg" in html
    verification = verify_board(ballots.bulletin_board(deputy))
    assert verification.verified, verification.problems
    board = Client().get(f"/ballots/{deputy.pk}/board/")
    assert board.status_code == 200


def test_processes_debates_and_their_audit_are_listed() -> None:
    _load()
    demo_logins()
    kinds = dict(Process.objects.values_list("kind", "state"))
    assert set(kinds) == {"leadership_challenge", "trigger_ballot", "advisory_confidence"}
    motion = Process.objects.get(kind="advisory_confidence")
    assert "172" in motion.outcome and "40" in motion.outcome
    suspension = Suspension.objects.get()
    assert suspension.rule and suspension.reason and suspension.unit.kind == "branch"
    trigger = Process.objects.get(kind="trigger_ballot")
    assert {v.group for v in UnitVote.objects.filter(process=trigger)} == {"branches", "affiliates"}
    assert trigger.outcome
    contest = Process.objects.get(kind="leadership_challenge")
    assert contest.nominations.count() > 100 and contest.decisions.filter(met=True).count() >= 2
    assert AuditEntry.objects.filter(action="processes.nominate").count() == contest.nominations.count()

    debate = Debate.objects.get(title__startswith=CONTEST_TITLE)
    comments = Comment.objects.filter(debate=debate)
    assert comments.count() >= 30 and max(c.depth for c in comments) >= 3
    assert comments.filter(edited_at__isnull=False).exists()
    assert comments.filter(hidden_at__isnull=False).exclude(hidden_reason="").exists()
    assert Question.objects.filter(debate=debate, votes__gt=0).exists()
    assert Question.objects.filter(debate=debate).exclude(answer="").exists()
    assert Debate.objects.filter(closed_at__isnull=False).count() == 1
    member = User.objects.get(username="member")
    clp = member.person.memberships.get().unit.parent
    assert Debate.objects.filter(unit=clp, subject="unit").exists()

    client = Client()
    client.force_login(member)
    processes = client.get("/processes/").content.decode()
    assert CONTEST_TITLE in processes and "Trigger ballot" in processes
    listed = client.get("/debates/").content.decode()
    assert debate.title in listed
    assert client.get(f"/debates/{debate.pk}/").status_code == 200


def test_the_member_record_is_judged_by_the_rulebook_the_story_runs_by() -> None:
    _load()
    demo_logins()
    from hustings.services import eligibility, officer_choices

    member = User.objects.get(username="member")
    organisation = member.person.memberships.get().unit.organisation
    in_force = eligibility.in_force(organisation.pk)
    assert in_force is not None and in_force.rulebook.name == "labour-2016"  # not the 2019 trigger ballot's
    assert officer_choices.rulebook_in_force(organisation) == "labour-2016"
    assert AuditEntry.objects.filter(action="adopt rulebook", actor="general-secretary").count() == 1
    client = Client()
    client.force_login(member)
    page = client.get(f"/members/{member.person.ref}/").content.decode()
    assert f"{organisation.name}: version labour-2016" in page and "labour-2018" not in page


def test_a_register_too_small_for_a_contest_gets_no_content() -> None:
    load_demo(demo_register(3, 5))
    assert not Process.objects.exists() and not Ballot.objects.exists() and not Debate.objects.exists()
    assert member_voting_code() is None


def test_each_start_of_the_demo_prints_a_new_voting_code_for_the_member(tmp_path: Path) -> None:
    command = [CONSOLE_SCRIPT, "demo", "--no-serve", "--members", "300", "--data-dir", str(tmp_path)]
    codes = []
    for _ in range(2):
        run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode == 0, run.stderr
        found = re.search(
            rf"Voting code of member in '{CONTEST_TITLE}' .*: ((?:[0-9A-Z]{{4}}-){{4}}[0-9A-Z]{{4}})$", run.stdout, re.M
        )
        assert found, run.stdout
        codes.append(found.group(1))
    assert codes[0] != codes[1]


def test_no_demo_date_contradicts_another() -> None:
    """Issue #14 (docs/web.md, "The demo's dates"): the story's records are on the story's days, in
    order, never later than today; a member active today is paid up today; the open box is open."""
    import datetime as dt

    from django.utils import timezone

    from hustings.rules import Category, Standing, load_rulebook
    from hustings.services.register import person_history
    from hustings.store.members.models import Person
    from hustings.store.processes.models import Nomination, StageDecision

    _load()
    now, today = timezone.now(), timezone.localdate()
    for process in Process.objects.all():
        effective = load_rulebook(process.rulebook_name).effective
        assert effective <= process.opened_at.date() < today, (process.title, process.opened_at)
        for decision in StageDecision.objects.filter(process=process):
            assert process.opened_at <= decision.decided_at < now
    assert Process.objects.get(title=CONTEST_TITLE).opened_at.year == 2016
    for nomination in Nomination.objects.select_related("process", "nominator_person"):
        assert nomination.process.opened_at <= nomination.at < now
        nominator = person_history(nomination.nominator_person.ref)
        assert any(m.history[0].on <= nomination.at.date() for m in nominator.memberships)  # joined first
    assert all(s.suspended_at.year == 2016 for s in Suspension.objects.all())
    for debate in Debate.objects.all():
        first = debate.comments.order_by("created_at").first()
        assert first is None or debate.created_at <= first.created_at
    active = 0
    for ref in Person.objects.values_list("ref", flat=True):
        for membership in person_history(ref).memberships:
            if membership.category == Category.MEMBER and membership.standing(today) == Standing.ACTIVE:
                active += 1
                paid = membership.paid_up_until(today)
                assert paid is not None and paid >= today, (ref, paid)
                assert all(c.on <= today for c in membership.history)
    assert active > 100
    contest = Ballot.objects.get(title=CONTEST_TITLE)
    assert contest.status == Status.OPEN and (contest.closes is None or contest.closes > now)
    assert contest.opened_on == dt.date(2016, 8, 22)  # the roll, judged on the story's day
