"""Debate pages and API: the permission matrix of every view (with a moderator), posting through
the page and the API under the same rules (closed, non-member, rate limit), hidden comments, the
CSV log, the feed, and injected HTML neutralised on the page."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from tests.web.test_debate_fixtures import add_member, add_moderator, make_debate
from tests.web.visitors import VISITORS, Matrix, Party

from hustings.services.debates import moderation, posting, questions
from hustings.store.accounts.models import ApiToken
from hustings.store.debates.models import Comment, Debate

EVERYONE = set(VISITORS)
SIGNED_IN = EVERYONE - {"anonymous"}
MODERATORS = {"general_secretary", "moderator"}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def debate(party: Party) -> Debate:
    add_moderator(party)
    return make_debate(party, closes_at=timezone.now() + dt.timedelta(days=7), candidate=party.users["right_officer"])


def _check(
    matrix: Matrix, url: str, allowed: set[str], method: str = "get", data: dict[str, object] | None = None
) -> None:
    """The spine's matrix, plus the moderator account (a Role added in these tests)."""
    matrix.check(url, allowed & EVERYONE, method, data)
    code = matrix.status("moderator", url, method, data)
    ok = 200 <= code < 400 if "moderator" in allowed else code in (403, 404)
    assert ok, f"{method.upper()} {url} as moderator: {code}"


def _comment(party: Party, debate: Debate, body: str = "first") -> Comment:
    return posting.post(party.users["member"], debate, body, timezone.now())


def test_read_pages_are_for_signed_in_visitors(matrix: Matrix, party: Party, debate: Debate) -> None:
    comment = _comment(party, debate)
    readers = SIGNED_IN | {"moderator"}
    for url in (
        "/debates/",
        f"/debates/{debate.pk}/",
        f"/debates/{debate.pk}/questions/",
        f"/debates/comments/{comment.pk}/history/",
        f"/debates/comments/{comment.pk}/reply/",
        f"/debates/comments/{comment.pk}/report/",
        "/debates/search/?q=first",
        "/debates/notifications/",
    ):
        _check(matrix, url, readers)
    _check(matrix, "/debates/conduct/", readers | {"anonymous"})


def test_moderator_pages_are_for_moderators_only(matrix: Matrix, party: Party, debate: Debate) -> None:
    comment = _comment(party, debate)
    for url in (
        "/debates/moderation/",
        "/debates/new/",
        f"/debates/{debate.pk}/moderation.csv",
        f"/debates/{debate.pk}/reopen/",
        f"/debates/comments/{comment.pk}/hide/",
        f"/debates/comments/{comment.pk}/unhide/",
    ):
        _check(matrix, url, MODERATORS)


def test_moderator_actions_by_post(matrix: Matrix, party: Party, debate: Debate) -> None:
    comment = _comment(party, debate)
    _check(matrix, f"/debates/comments/{comment.pk}/hide/", MODERATORS, "post", {"reason": "abuse"})
    _check(matrix, f"/debates/comments/{comment.pk}/unhide/", MODERATORS, "post")
    new = {"title": "Rule change 2017", "unit": party.clp.code, "subject": "proposal", "speakers": "members"}
    _check(matrix, "/debates/new/", MODERATORS, "post", new)
    assert Debate.objects.filter(title="Rule change 2017").count() == 2
    client = matrix.client("moderator")
    unknown = client.post("/debates/new/", {**new, "title": "Hustings", "subject": "statement", "candidate": "nobody"})
    assert unknown.status_code == 200 and "no account with the username" in unknown.content.decode()
    client.post("/debates/new/", {**new, "title": "Hustings", "subject": "statement", "candidate": "right_officer"})
    assert Debate.objects.get(title="Hustings").candidate == party.users["right_officer"]
    report = moderation.report(party.users["right_officer"], comment, "rude")
    _check(matrix, f"/debates/reports/{report.pk}/dismiss/", MODERATORS, "post")
    _check(matrix, f"/debates/{debate.pk}/close/", MODERATORS, "post")


def test_only_members_post_reply_ask_and_vote(matrix: Matrix, party: Party, debate: Debate, settings: Any) -> None:
    settings.HUSTINGS_DEBATE_RATE_LIMIT = (1000, 60)
    comment = _comment(party, debate)
    question = questions.ask(party.users["member"], debate, "Why?", timezone.now())
    _check(matrix, f"/debates/{debate.pk}/", {"member"}, "post", {"body": "hello"})
    _check(matrix, f"/debates/comments/{comment.pk}/reply/", {"member"}, "post", {"body": "yes"})
    _check(matrix, f"/debates/{debate.pk}/questions/", {"member"}, "post", {"body": "How?"})
    _check(matrix, f"/debates/questions/{question.pk}/vote/", {"member"}, "post")
    _check(matrix, f"/debates/questions/{question.pk}/answer/", {"right_officer"}, "post", {"body": "Because."})
    _check(matrix, f"/debates/comments/{comment.pk}/edit/", {"member"})
    _check(matrix, f"/debates/comments/{comment.pk}/edit/", {"member"}, "post", {"body": "changed"})


def test_non_member_sees_why_the_box_is_disabled(matrix: Matrix, party: Party, debate: Debate) -> None:
    debate.closes_at = dt.datetime(2036, 7, 20, 16, 0, tzinfo=dt.UTC)
    debate.save()
    page = matrix.client("wrong_officer").get(f"/debates/{debate.pk}/").content.decode()
    assert (
        "You cannot comment here: comments are open to members of Islington North CLP until 2036-07-20 17:00." in page
    )
    assert '<textarea id="id_body" rows="3" disabled' in page
    response = matrix.client("wrong_officer").post(f"/debates/{debate.pk}/", {"body": "let me in"})
    assert response.status_code == 403 and not Comment.objects.exists()


def test_closed_debate_stays_readable_and_refuses_page_and_api(matrix: Matrix, party: Party, debate: Debate) -> None:
    _comment(party, debate, "before the close")
    moderation.close(party.users["moderator"], debate, timezone.now())
    client = matrix.client("member")
    page = client.get(f"/debates/{debate.pk}/").content.decode()
    assert "before the close" in page and "Comments are closed (since" in page
    assert client.post(f"/debates/{debate.pk}/", {"body": "late"}).status_code == 403
    _, key = ApiToken.issue(party.users["member"], "test")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    response = api.post(f"/api/debates/{debate.pk}/comments/", {"body": "late"}, content_type="application/json")
    assert response.status_code == 403 and "comments are closed" in response.json()["detail"]
    assert Comment.objects.count() == 1


def test_api_lists_reads_and_posts_with_the_page_rules(party: Party, debate: Debate, settings: Any) -> None:
    settings.HUSTINGS_DEBATE_RATE_LIMIT = (2, 60)
    _, member_key = ApiToken.issue(party.users["member"], "m")
    _, other_key = ApiToken.issue(add_member(party, "finn", party.other_branch), "f")
    branch_debate = make_debate(party, unit=party.branch, closes_at=None)
    member = Client(headers={"Authorization": f"Bearer {member_key}"})
    other = Client(headers={"Authorization": f"Bearer {other_key}"})
    assert {d["id"] for d in member.get("/api/debates/").json()} == {debate.pk, branch_debate.pk}
    url = f"/api/debates/{branch_debate.pk}/comments/"
    refused = other.post(url, {"body": "from Finsbury Park"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"] == "comments are open to members of Highbury"
    first = member.post(url, {"body": "<script>alert(1)</script>**ok**"}, content_type="application/json")
    assert first.status_code == 201 and first.json()["html"] == "<p><strong>ok</strong></p>"
    reply = member.post(url, {"body": "me too", "parent": first.json()["id"]}, content_type="application/json")
    assert reply.status_code == 201 and reply.json()["depth"] == 1
    limited = member.post(url, {"body": "third"}, content_type="application/json")
    assert limited.status_code == 429 and "please wait" in limited.json()["detail"]
    listing = member.get(url).json()
    assert [c["depth"] for c in listing["comments"]] == [0, 1] and listing["threads"] == 1
    assert Client().get("/api/debates/").status_code == 401


def test_rate_limit_holds_on_the_page(matrix: Matrix, party: Party, debate: Debate, settings: Any) -> None:
    settings.HUSTINGS_DEBATE_RATE_LIMIT = (2, 60)
    client = matrix.client("member")
    assert [client.post(f"/debates/{debate.pk}/", {"body": f"c{i}"}).status_code for i in range(3)] == [302, 302, 429]
    assert (
        "you may post 2 comments in 60 seconds" in client.post(f"/debates/{debate.pk}/", {"body": "x"}).content.decode()
    )
    assert Comment.objects.count() == 2


def test_closing_soon_command_queues_the_job_the_worker_sends(party: Party, debate: Debate) -> None:
    from django.core import mail
    from django.core.management import call_command

    from hustings.services.jobs import worker

    _comment(party, debate)
    debate.closes_at = timezone.now() + dt.timedelta(hours=2)
    debate.save()
    call_command("debates_closing_soon", stdout=io.StringIO())
    assert mail.outbox == []  # queued, not sent by the command
    assert worker.drain() == 1
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]


def test_injected_html_never_reaches_the_page(matrix: Matrix, party: Party, debate: Debate) -> None:
    client = matrix.client("member")
    body = "<script>alert('x')</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) <b onclick=x>b</b>"
    assert client.post(f"/debates/{debate.pk}/", {"body": body}).status_code == 302
    page = client.get(f"/debates/{debate.pk}/").content.decode().lower()
    assert "<script>alert" not in page and "onerror" not in page and "javascript:" not in page and "onclick" not in page


def test_author_sees_the_hide_reason_others_do_not_see_the_text(matrix: Matrix, party: Party, debate: Debate) -> None:
    comment = _comment(party, debate, "secret insult")
    moderation.hide(party.users["moderator"], comment, "personal abuse", timezone.now())
    mine = matrix.client("member").get(f"/debates/{debate.pk}/").content.decode()
    assert "Hidden by a moderator: personal abuse" in mine
    theirs = matrix.client("right_officer").get(f"/debates/{debate.pk}/").content.decode()
    assert "This comment was hidden by a moderator." in theirs and "secret insult" not in theirs
    assert "personal abuse" not in theirs
    for url in (f"/debates/comments/{comment.pk}/report/", f"/debates/comments/{comment.pk}/history/"):
        response = matrix.client("right_officer").get(url)
        assert response.status_code == 404 and b"secret insult" not in response.content
    assert b"secret insult" not in matrix.client("right_officer").get(f"/debates/comments/{comment.pk}/reply/").content


def test_moderation_log_downloads_as_csv(matrix: Matrix, party: Party, debate: Debate) -> None:
    comment = _comment(party, debate)
    moderation.hide(party.users["moderator"], comment, "=HYPERLINK(1)", timezone.now())
    response = matrix.client("moderator").get(f"/debates/{debate.pk}/moderation.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "at,actor,action,comment,comment author,reason"
    assert lines[1].endswith(f",moderator,hide,{comment.pk},member,'=HYPERLINK(1)")


def test_reopen_through_the_page_is_audited(matrix: Matrix, party: Party, debate: Debate) -> None:
    moderation.close(party.users["moderator"], debate, timezone.now())
    response = matrix.client("moderator").post(f"/debates/{debate.pk}/reopen/", {"reason": "appeal upheld"})
    assert response.status_code == 302
    debate.refresh_from_db()
    assert debate.closed_at is None
    from hustings.store.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="debates.reopen", object_id=str(debate.pk)).exists()


def test_atom_feed_only_for_public_debates(matrix: Matrix, party: Party, debate: Debate) -> None:
    _comment(party, debate, "in the feed")
    assert Client().get(f"/debates/{debate.pk}/feed/").status_code == 404
    debate.public = True
    debate.save()
    feed = Client().get(f"/debates/{debate.pk}/feed/")
    assert feed.status_code == 200 and b"<feed" in feed.content and b"in the feed" in feed.content
    assert Client().get(f"/debates/{debate.pk}/").status_code == 200


def test_list_filters_open_and_closed(matrix: Matrix, party: Party, debate: Debate) -> None:
    closed = make_debate(party, title="Old business", closes_at=timezone.now() - dt.timedelta(days=1))
    client = matrix.client("member")
    open_page = client.get("/debates/?state=open").content.decode()
    closed_page = client.get("/debates/?state=closed").content.decode()
    assert debate.title in open_page and closed.title not in open_page
    assert closed.title in closed_page and debate.title not in closed_page
    branch = make_debate(party, title="Highbury business", unit=party.branch)
    by_unit = client.get("/debates/?unit=isn-hi").content.decode()
    assert branch.title in by_unit and debate.title not in by_unit


def test_deep_replies_are_collapsed_in_details(matrix: Matrix, party: Party, debate: Debate, settings: Any) -> None:
    settings.HUSTINGS_DEBATE_RATE_LIMIT = (1000, 60)
    parent = _comment(party, debate, "level 0")
    for level in range(1, 5):
        parent = posting.post(party.users["member"], debate, f"level {level}", timezone.now(), parent=parent)
    page = matrix.client("member").get(f"/debates/{debate.pk}/").content.decode()
    assert "<details><summary>2 more replies</summary>" in page and "level 4" in page


def test_a_new_debate_names_its_unit_by_code_and_only_one_in_the_moderators_scope(party: Party) -> None:
    from hustings.store.accounts.models import Role, RoleKind

    Role.objects.create(
        user=party.users["right_officer"], kind=RoleKind.MODERATOR, organisation=party.organisation, unit=party.branch
    )
    client = Client()
    client.force_login(party.users["right_officer"])
    form = client.get("/debates/new/").content.decode()
    assert '<option value="isn-hi">Highbury</option>' in form and 'value="isn-fp"' not in form
    new = {"title": "Branch business", "subject": "unit", "speakers": "members"}
    refused = client.post("/debates/new/", {**new, "unit": "isn-fp"})
    assert "no unit with that code in which you may open a debate" in refused.content.decode()
    client.post("/debates/new/", {**new, "unit": "isn-hi"})
    assert Debate.objects.get(title="Branch business").unit == party.branch


def test_pages_show_names_not_usernames(matrix: Matrix, party: Party, debate: Debate) -> None:
    """Issue #14: a member by their register name, an account without one by its full name."""
    officer = party.users["right_officer"]
    officer.first_name, officer.last_name = "Rhiannon", "Officer"
    officer.save(update_fields=["first_name", "last_name"])
    questions.ask(party.users["member"], debate, "Why?", timezone.now())
    comment = _comment(party, debate, "a view")
    moderation.report(officer, comment, "rude")
    asked = matrix.client("member").get(f"/debates/{debate.pk}/questions/").content.decode()
    assert "to Rhiannon Officer" in asked and "asked by Ada Member" in asked
    assert "right_officer" not in asked and "asked by member" not in asked
    thread = matrix.client("right_officer").get(f"/debates/{debate.pk}/").content.decode()
    assert ">Ada Member</strong>" in thread and ">member</strong>" not in thread
    queue = matrix.client("moderator").get("/debates/moderation/").content.decode()
    assert "by Ada Member" in queue and "<td>Rhiannon Officer</td>" in queue and "right_officer" not in queue


def test_a_closed_debate_says_when_comments_closed_never_that_they_are_open(
    matrix: Matrix, party: Party, debate: Debate
) -> None:
    """Issue #14: once the comment period has ended, no page says the comments are open."""
    debate.closes_at = timezone.now() - dt.timedelta(days=1)
    debate.save(update_fields=["closes_at"])
    date = date_format(timezone.localtime(debate.closes_at).date())
    client = matrix.client("member")
    for url in (f"/debates/{debate.pk}/", "/debates/"):
        page = client.get(url).content.decode()
        assert f"Comments closed on {date}" in page, url
        assert "comments are open" not in page.lower() and "comments open" not in page.lower(), url
