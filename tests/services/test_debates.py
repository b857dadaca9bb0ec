"""Debate use cases: who may speak and why not, comment periods, posting, replies, edits with
history, rate limits, moderation (audited, logged as CSV), questions, e-mail and search."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import override_settings
from tests.web.test_debate_fixtures import CLOSES, NOW, add_member, add_moderator, make_debate
from tests.web.visitors import Party, make_party

from hustings.services.debates import (
    RateLimited,
    Refused,
    moderation,
    notifications,
    posting,
    questions,
    search,
    speaking,
    threads,
)
from hustings.services.debates.opening import open_debate
from hustings.services.jobs import worker
from hustings.store.audit.models import AuditEntry
from hustings.store.debates.models import Comment, QuestionVote, Speakers
from hustings.store.jobs.models import Job
from hustings.store.members.models import StatusChange

SECOND = dt.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def party(db: None) -> Party:
    return make_party()


def test_member_of_a_branch_beneath_the_unit_may_speak(party: Party) -> None:
    debate = make_debate(party)
    assert speaking.may_speak(party.users["member"], debate, NOW).allowed


def test_non_member_is_told_the_rule_with_unit_and_closing_time(party: Party) -> None:
    debate = make_debate(party)
    verdict = speaking.may_speak(party.users["wrong_officer"], debate, NOW)
    assert not verdict.allowed
    assert verdict.reason == "comments are open to members of Islington North CLP until 2016-07-20 17:00"


def test_member_of_another_branch_may_not_speak_in_a_branch_debate(party: Party) -> None:
    debate = make_debate(party, unit=party.branch)
    other = add_member(party, "finn", party.other_branch)
    assert not speaking.may_speak(other, debate, NOW).allowed
    with pytest.raises(Refused, match="members of Highbury"):
        posting.post(other, debate, "hello", NOW)


def test_lapsed_or_suspended_member_may_not_speak(party: Party) -> None:
    debate = make_debate(party)
    assert not speaking.may_speak(add_member(party, "lapsed", party.branch, "lapsed"), debate, NOW).allowed
    assert not speaking.may_speak(add_member(party, "susp", party.branch, "suspended"), debate, NOW).allowed
    assert speaking.may_speak(add_member(party, "back", party.branch, "rejoined"), debate, NOW).allowed
    later = add_member(party, "later", party.branch)
    StatusChange.objects.create(membership=later.person.memberships.get(), status="expelled", on=dt.date(2016, 8, 1))
    assert speaking.may_speak(later, debate, NOW).allowed  # expelled only after the day of the post
    assert not speaking.is_member(later, party.clp, dt.date(2016, 8, 1))


def test_reading_only_rule(party: Party) -> None:
    reading = make_debate(party, speakers=Speakers.NOBODY)
    assert speaking.may_speak(party.users["member"], reading, NOW).reason == "this debate is for reading only"


def test_voters_rule_reads_the_ballots_roll(party: Party) -> None:
    """With the ballots app's roll: the eligible on it may speak, others not. Without it (the
    ballots app not yet installed): nobody, and the reason says the roll cannot be read."""
    unknown = make_debate(party, speakers=Speakers.VOTERS, ballot_ref="999")
    verdict = speaking.may_speak(party.users["member"], unknown, NOW)
    assert not verdict.allowed and verdict.reason.endswith("but the ballot's roll cannot be read yet")
    try:
        ballot_model, roll_model = apps.get_model("ballots", "Ballot"), apps.get_model("ballots", "RollEntry")
    except LookupError:
        return
    ballot = ballot_model.objects.create(
        organisation=party.organisation,
        title="Leader 2016",
        rulebook="labour-2016",
        process_kind="leadership",
        method="irv",
        candidates=["A", "B"],
        opened_on=dt.date(2016, 7, 1),
        credential_key="k",
    )
    roll_model.objects.create(ballot=ballot, person=party.person, eligible=True, reason="member")
    other = add_member(party, "other", party.branch)
    roll_model.objects.create(ballot=ballot, person=other.person, eligible=False, reason="joined too late")
    debate = make_debate(party, speakers=Speakers.VOTERS, ballot_ref=str(ballot.pk))
    assert speaking.may_speak(party.users["member"], debate, NOW).allowed
    refused = speaking.may_speak(other, debate, NOW)
    assert (
        not refused.allowed
        and refused.reason == "comments are open to eligible voters in the ballot “Leader 2016” until 2016-07-20 17:00"
    )


def test_closed_on_the_timetable_refuses_with_the_date(party: Party) -> None:
    debate = make_debate(party)
    after = CLOSES + dt.timedelta(minutes=1)
    with pytest.raises(Refused, match=r"comments are closed \(since 2016-07-20 17:00\)"):
        posting.post(party.users["member"], debate, "too late", after)
    assert speaking.period(debate, after) == "comments are closed (since 2016-07-20 17:00)"


def test_not_yet_open_refuses(party: Party) -> None:
    debate = make_debate(party, opens_at=NOW + dt.timedelta(days=1))
    with pytest.raises(Refused, match="comments open on 2016-07-11 12:00"):
        posting.post(party.users["member"], debate, "early", NOW)


def test_moderator_closes_and_reopens_each_audited(party: Party) -> None:
    debate = make_debate(party)
    mod = add_moderator(party)
    moderation.close(mod, debate, NOW, "heated")
    with pytest.raises(Refused, match="closed"):
        posting.post(party.users["member"], debate, "hello", NOW + SECOND)
    moderation.reopen(mod, debate, NOW + 2 * SECOND, None, "calmer now")
    assert posting.post(party.users["member"], debate, "hello", NOW + 3 * SECOND).pk
    actions = list(AuditEntry.objects.filter(object_type="debates.Debate").values_list("action", "actor"))
    assert actions == [("debates.close", "moderator"), ("debates.reopen", "moderator")]


def test_reopening_after_the_timetable_needs_a_new_time_or_none(party: Party) -> None:
    debate = make_debate(party)
    mod = add_moderator(party)
    later = CLOSES + dt.timedelta(days=1)
    with pytest.raises(Refused, match="already passed"):
        moderation.reopen(mod, debate, later, CLOSES, "")
    moderation.reopen(mod, debate, later, later + dt.timedelta(days=2), "extended")
    assert speaking.is_open(debate, later)


def test_officer_without_the_moderate_permission_cannot_close(party: Party) -> None:
    debate = make_debate(party)
    for name in ("member", "right_officer", "wrong_officer"):
        with pytest.raises(PermissionDenied):
            moderation.close(party.users[name], debate, NOW)
    moderation.close(party.users["general_secretary"], debate, NOW)


def test_replies_know_their_thread_and_depth(party: Party) -> None:
    debate = make_debate(party)
    member = party.users["member"]
    top = posting.post(member, debate, "top", NOW)
    one = posting.post(member, debate, "one", NOW + SECOND, parent=top)
    two = posting.post(member, debate, "two", NOW + 2 * SECOND, parent=one, quoted=one)
    assert (one.thread_id, one.depth, two.thread_id, two.depth, two.quoted_id) == (top.pk, 1, top.pk, 2, one.pk)


def test_rate_limit_holds_per_member(party: Party, settings: object) -> None:
    debate = make_debate(party)
    member = party.users["member"]
    with override_settings(HUSTINGS_DEBATE_RATE_LIMIT=(3, 60)):
        for i in range(3):
            posting.post(member, debate, f"c{i}", NOW + i * SECOND)
        with pytest.raises(RateLimited, match="you may post 3 comments in 60 seconds; please wait 58 seconds"):
            posting.post(member, debate, "one too many", NOW + 3 * SECOND)
        assert Comment.objects.count() == 3
        other = add_member(party, "other", party.branch)
        posting.post(other, debate, "someone else", NOW + 3 * SECOND)
        posting.post(member, debate, "a minute on", NOW + 61 * SECOND)


def test_rate_limit_window_ends_at_the_post_so_a_history_written_out_of_order_is_not_refused(party: Party) -> None:
    debate = make_debate(party)
    member = party.users["member"]
    with override_settings(HUSTINGS_DEBATE_RATE_LIMIT=(3, 60)):
        for i in range(3):
            posting.post(member, debate, f"later {i}", NOW + dt.timedelta(hours=2) + i * SECOND)
        posting.post(member, debate, "two hours earlier", NOW)  # `hustings demo --members 20` writes such a history
    assert Comment.objects.filter(author=member).count() == 4


def test_edits_keep_every_revision_and_only_the_author_edits(party: Party) -> None:
    debate = make_debate(party)
    comment = posting.post(party.users["member"], debate, "first", NOW)
    posting.edit(party.users["member"], comment, "second", NOW + SECOND)
    posting.edit(party.users["member"], comment, "**third**", NOW + 2 * SECOND)
    assert [r.body for r in comment.revisions.all()] == ["first", "second"]
    assert comment.html == "<p><strong>third</strong></p>" and comment.edited_at == NOW + 2 * SECOND
    with pytest.raises(Refused, match="only its author"):
        posting.edit(party.users["general_secretary"], comment, "mine now", NOW)


def test_empty_and_overlong_comments_are_refused(party: Party) -> None:
    debate = make_debate(party)
    with pytest.raises(Refused, match="write something"):
        posting.post(party.users["member"], debate, "   ", NOW)
    with pytest.raises(Refused, match="at most 10,000"):
        posting.post(party.users["member"], debate, "x" * 10_001, NOW)


def test_hide_shows_reason_blocks_edit_and_reply_and_is_logged(party: Party) -> None:
    debate = make_debate(party)
    mod = add_moderator(party)
    comment = posting.post(party.users["member"], debate, "rude", NOW)
    with pytest.raises(PermissionDenied):
        moderation.hide(party.users["right_officer"], comment, "no", NOW)
    with pytest.raises(Refused, match="give the reason"):
        moderation.hide(mod, comment, " ", NOW)
    moderation.hide(mod, comment, "personal abuse (rule 1)", NOW + SECOND)
    assert comment.hidden_reason == "personal abuse (rule 1)"
    with pytest.raises(Refused, match="hidden"):
        posting.edit(party.users["member"], comment, "sorry", NOW + 2 * SECOND)
    with pytest.raises(Refused, match="hidden"):
        posting.post(party.users["member"], debate, "reply", NOW + 2 * SECOND, parent=comment)
    assert AuditEntry.objects.filter(action="debates.hide", object_id=str(comment.pk), actor="moderator").exists()
    rows = list(csv.reader(io.StringIO(moderation.log_csv(mod, debate))))
    assert rows[0] == moderation.CSV_HEADER
    assert rows[1][1:] == ["moderator", "hide", str(comment.pk), "member", "personal abuse (rule 1)"]
    with pytest.raises(PermissionDenied):
        moderation.log_csv(party.users["member"], debate)


def test_reports_once_per_reader_and_queue_is_scoped_to_the_moderators_units(party: Party) -> None:
    clp_debate = make_debate(party)
    branch_debate = make_debate(party, unit=party.other_branch, title="Finsbury Park business")
    finn = add_member(party, "finn", party.other_branch)
    a = posting.post(party.users["member"], clp_debate, "a", NOW)
    b = posting.post(finn, branch_debate, "b", NOW)
    moderation.report(party.users["right_officer"], a, "off topic")
    with pytest.raises(Refused, match="already reported"):
        moderation.report(party.users["right_officer"], a, "again")
    moderation.report(party.users["member"], b, "rude")
    branch_mod = add_moderator(party, unit=party.branch)
    assert list(moderation.queue(branch_mod)) == []
    assert [r.comment_id for r in moderation.queue(party.users["general_secretary"])] == [a.pk, b.pk]
    moderation.hide(party.users["general_secretary"], a, "off topic", NOW)
    assert [r.comment_id for r in moderation.queue(party.users["general_secretary"])] == [b.pk]


def test_questions_one_vote_per_member_top_first_candidate_answers(party: Party) -> None:
    candidate = party.users["right_officer"]
    debate = make_debate(party, candidate=candidate)
    other = add_member(party, "other", party.branch)
    q1 = questions.ask(party.users["member"], debate, "What about the NHS?", NOW)
    q2 = questions.ask(other, debate, "And housing?", NOW)
    questions.vote(party.users["member"], q2, NOW)
    questions.vote(other, q2, NOW)
    with pytest.raises(Refused, match="already voted"):
        questions.vote(other, q2, NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionVote.objects.create(question=q2, voter=other)
    assert [q.pk for q in questions.top(debate)] == [q2.pk, q1.pk]
    with pytest.raises(Refused, match="only the candidate"):
        questions.answer(party.users["member"], q1, "me", NOW)
    questions.answer(candidate, q1, "Fund it.", NOW)
    assert q1.answer_html == "<p>Fund it.</p>"
    with pytest.raises(Refused, match="members of"):
        questions.ask(party.users["wrong_officer"], debate, "hi", NOW)


def test_reply_email_is_a_background_job_that_links_to_the_reply_and_respects_opt_out(
    party: Party, settings: Any
) -> None:
    settings.HUSTINGS_SITE_URL = "https://members.example.org/"
    debate = make_debate(party)
    other = add_member(party, "other", party.branch)
    top = posting.post(other, debate, "top", NOW)
    assert not Job.objects.exists()  # a top-level comment tells nobody
    posting.post(party.users["member"], debate, "reply", NOW + SECOND, parent=top)
    posting.post(other, debate, "to myself", NOW + 2 * SECOND, parent=top)
    assert mail.outbox == []  # not in the member's request
    assert worker.drain() == 1
    assert [m.to for m in mail.outbox] == [["other@example.org"]]
    assert f"Read it at https://members.example.org/debates/{debate.pk}/#c" in mail.outbox[0].body
    assert Job.objects.get(kind="debates.reply").result["sent"] == 1
    notifications.set_preferences(other, replies=False, closing_soon=True)
    posting.post(party.users["member"], debate, "again", NOW + 3 * SECOND, parent=top)
    assert worker.drain() == 1 and len(mail.outbox) == 1


def test_closing_soon_is_sent_once_to_speakers_who_did_not_opt_out(party: Party) -> None:
    debate = make_debate(party)
    other = add_member(party, "other", party.branch)
    posting.post(party.users["member"], debate, "a", NOW)
    posting.post(other, debate, "b", NOW)
    notifications.set_preferences(other, replies=True, closing_soon=False)
    assert notifications.send_closing_soon(NOW) == 0  # ten days away
    soon = CLOSES - dt.timedelta(hours=3)
    assert notifications.send_closing_soon(soon) == 1
    assert mail.outbox[0].to == ["ada@example.org"] and "closes soon" in mail.outbox[0].subject
    assert notifications.send_closing_soon(soon + SECOND) == 0


def test_search_finds_visible_comments_and_titles(party: Party) -> None:
    debate = make_debate(party)
    mod = add_moderator(party)
    posting.post(party.users["member"], debate, "Mandatory reselection of MPs now", NOW)
    hidden = posting.post(party.users["member"], debate, "reselection insults", NOW + SECOND)
    moderation.hide(mod, hidden, "abuse", NOW)
    reader = party.users["member"]
    assert [c.body for c in search.comments("reselection", reader)] == ["Mandatory reselection of MPs now"]
    assert list(search.debates("MPs", reader)) == [debate]
    assert list(search.comments("", reader)) == []


def test_threads_are_paged_by_top_level_comment(party: Party) -> None:
    debate = make_debate(party)
    member = party.users["member"]
    with override_settings(HUSTINGS_DEBATE_RATE_LIMIT=(1000, 60)):
        tops = [posting.post(member, debate, f"t{i}", NOW + i * SECOND) for i in range(5)]
        posting.post(member, debate, "r", NOW + 10 * SECOND, parent=tops[3])
    page = threads.page(debate, 2, per_page=2)
    assert (page.number, page.pages, page.total_threads) == (2, 3, 5)
    assert [n.comment.html for n in page.threads] == ["<p>t2</p>", "<p>t3</p>"]
    assert [r.comment.html for r in page.threads[1].replies] == ["<p>r</p>"]
    assert page.threads[0].comment.author_name == "Ada Member"
    assert threads.page(debate, 99, per_page=2).number == 3
    reply = page.threads[1].replies[0].comment
    assert threads.page_of(Comment.objects.get(pk=reply.pk), per_page=2) == 2
    assert threads.page_of(tops[4], per_page=2) == 3 and threads.page_of(tops[0], per_page=2) == 1


def test_open_debate_needs_moderate_permission_and_is_audited(party: Party) -> None:
    with pytest.raises(PermissionDenied):
        open_debate(party.users["right_officer"], party.clp, "Title")
    debate = open_debate(
        party.users["general_secretary"],
        party.clp,
        "Leadership",
        intro="<script>x</script>*hi*",
        subject_object=party.branch,
    )
    assert "<script" not in debate.intro_html and debate.subject_object == party.branch
    assert AuditEntry.objects.filter(action="debates.open", object_id=str(debate.pk)).exists()


def test_a_debate_on_a_process_closes_when_voting_opens(party: Party) -> None:
    process_model, stage_model = apps.get_model("processes", "Process"), apps.get_model("processes", "Stage")
    process = process_model.objects.create(
        organisation=party.organisation,
        kind="leadership_challenge",
        title="Leadership 2016",
        rulebook_name="labour-2016",
        rulebook_version="2016",
        opened_by="general_secretary",
    )
    stage_model.objects.create(process=process, key="ballot", name="Ballot", order=5, opens=CLOSES)
    debate = open_debate(
        party.users["general_secretary"], party.nation, "Who should lead?", subject="process", subject_object=process
    )
    assert debate.closes_at == CLOSES and debate.subject_object == process
    assert speaking.rule(debate) == "comments are open to members of England until 2016-07-20 17:00"
