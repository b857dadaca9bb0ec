"""Use cases: post a comment (top-level, reply or quoting reply) and edit one's own comment.

The server decides, whatever the page showed: the speaking rule and comment period
(`speaking.may_speak`), the length of the text, and a rate limit per member. The limit is
`HUSTINGS_DEBATE_RATE_LIMIT` in the settings, `(comments, seconds)`, by default 5 comments per 60
seconds across all debates. An edit keeps the text it replaces as a `Revision`, so the history of
every comment stays visible; only the author may edit, only while the debate takes comments, and
never a hidden comment.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.translation import gettext

from hustings.services import access
from hustings.services.debates import RateLimited, Refused, notifications, rendering, speaking
from hustings.store.debates.models import Comment, Debate, Revision

DEFAULT_RATE_LIMIT = (5, 60)


def rate_limit() -> tuple[int, int]:
    """(comments, seconds) a member may post in any window of that many seconds."""
    count, seconds = getattr(settings, "HUSTINGS_DEBATE_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    return int(count), int(seconds)


def _check_text(body: str) -> str:
    body = body.strip()
    if not body:
        raise Refused(gettext("write something before posting"))
    if len(body) > rendering.MAX_LENGTH:
        raise Refused(
            gettext("a comment may be at most {MAX_LENGTH:,} characters long ({count:,} given)").format(
                MAX_LENGTH=rendering.MAX_LENGTH, count=len(body)
            )
        )
    return body


def _lock_author(user: access.Account) -> None:
    """Hold the member's account row until the transaction ends, so that two posts at once cannot
    both pass the rate check (SQLite lets one writer in at a time anyway)."""
    if connection.features.has_select_for_update:
        table = get_user_model()._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [user.pk])


RECENT = (
    f"SELECT COUNT(*) FROM (SELECT 1 FROM {Comment._meta.db_table} "
    "WHERE author_id = %s AND created_at > %s AND created_at <= %s LIMIT %s) r"
)


def _check_rate(user: access.Account, now: dt.datetime) -> None:
    """At most `count` comments in the `seconds` up to `now`: the window ends at `now`, so comments
    dated after it (a history written out of order, as the demo's is) do not count against it."""
    count, seconds = rate_limit()
    since = now - dt.timedelta(seconds=seconds)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(RECENT, [user.pk, adapt(since), adapt(now), count])
        (recent,) = cursor.fetchone()
    if recent >= count:
        oldest = (
            Comment.objects.filter(author=user, created_at__gt=since, created_at__lte=now)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[count - 1]
        )
        wait = max(1, int((oldest - since).total_seconds()) + 1)
        raise RateLimited(
            gettext(
                "you may post {count} comments in {seconds} seconds; please wait {wait} seconds before posting again"
            ).format(count=count, seconds=seconds, wait=wait)
        )


def post(
    user: access.User,
    debate: Debate,
    body: str,
    now: dt.datetime,
    parent: Comment | None = None,
    quoted: Comment | None = None,
) -> Comment:
    """Post `body` (Markdown) in `debate`, as a reply to `parent` if given; raises `Refused`."""
    verdict = speaking.may_speak(user, debate, now)
    if not verdict.allowed:
        raise Refused(verdict.reason, forbidden=True)
    author = access.account(user)
    body = _check_text(body)
    if parent is not None and parent.debate_id != debate.pk:
        raise Refused(gettext("that comment is in another debate"))
    if parent is not None and parent.hidden_at is not None:
        raise Refused(gettext("a hidden comment cannot be answered"))
    with transaction.atomic():
        _lock_author(author)
        _check_rate(author, now)
        comment = Comment.objects.create(
            debate=debate,
            author=author,
            parent=parent,
            thread_id=(parent.thread_id or parent.pk) if parent is not None else None,
            depth=parent.depth + 1 if parent is not None else 0,
            quoted=quoted if quoted is not None and quoted.debate_id == debate.pk else None,
            body=body,
            html=rendering.render(body),
            created_at=now,
        )
        notifications.queue_reply(comment)
    return comment


def edit(user: access.User, comment: Comment, body: str, now: dt.datetime) -> Comment:
    """Replace the text of the user's own comment, keeping the old text as a revision."""
    if not user.is_authenticated or comment.author_id != user.pk:
        raise Refused(gettext("only its author may edit a comment"), forbidden=True)
    if comment.hidden_at is not None:
        raise Refused(gettext("a hidden comment cannot be edited"), forbidden=True)
    if not speaking.is_open(comment.debate, now):
        raise Refused(speaking.period(comment.debate, now), forbidden=True)
    body = _check_text(body)
    if body == comment.body:
        return comment
    with transaction.atomic():
        Revision.objects.create(
            comment=comment, body=comment.body, html=comment.html, written_at=comment.edited_at or comment.created_at
        )
        comment.body, comment.html, comment.edited_at = body, rendering.render(body), now
        comment.save(update_fields=["body", "html", "edited_at"])
    return comment
