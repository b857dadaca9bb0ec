"""API endpoints of debates: list debates, read a page of a debate's threads, post a comment.

Posting follows the same rules as the page (`hustings.services.debates.posting.post`): a closed
debate, a visitor outside the speaking rule (403, with the rule in words) and a member over the
rate limit (429) are refused. Hidden comments are listed without their text. Every operation reads
the debates of the caller's own organisations, and public ones (`hustings.services.visible`): another
organisation's debate is not found (404), and not listed.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from hustings.services import visible
from hustings.services.debates import RateLimited, Refused, posting, speaking, threads
from hustings.services.debates.threads import Debate, Node, Row, comment_in

router = Router(tags=["debates"])


class Error(Schema):
    detail: str = Field(description="What went wrong, in words.")


class DebateOut(Schema):
    id: int
    title: str
    unit: str = Field(description="The unit's code.")
    subject: str
    speakers: str
    open: bool
    period: str = Field(description="The comment period in words.")
    rule: str = Field(description="Who may speak, in words.")
    closes_at: dt.datetime | None


class CommentOut(Schema):
    id: int
    parent: int | None
    depth: int
    author: str = Field(description="The author's username (kept for existing clients; show `name`).")
    name: str = Field(
        description="The author's name: the register's name, else the account's full name, else the username."
    )
    created_at: dt.datetime
    edited_at: dt.datetime | None
    hidden: bool
    hidden_reason: str | None = Field(description="Only for the author.")
    html: str | None = Field(description="Sanitised HTML; empty when hidden.")


class ThreadsOut(Schema):
    page: int
    pages: int
    threads: int
    comments: list[CommentOut]


class CommentIn(Schema):
    body: str = Field(description="Markdown.", max_length=10_000)
    parent: int | None = Field(default=None, description="The comment replied to.")


def _out(debate: Debate, now: dt.datetime) -> dict[str, object]:
    return {
        "id": debate.pk,
        "title": debate.title,
        "unit": debate.unit.code,
        "subject": debate.subject,
        "speakers": debate.speakers,
        "open": speaking.is_open(debate, now),
        "period": speaking.period(debate, now),
        "rule": speaking.rule(debate),
        "closes_at": debate.closes_at,
    }


def _comment(comment: Row, user_id: int | None) -> dict[str, object]:
    hidden = comment.hidden_at is not None
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "depth": comment.depth,
        "author": comment.username,
        "name": comment.author_name,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "hidden": hidden,
        "hidden_reason": comment.hidden_reason if hidden and comment.author_id == user_id else None,
        "html": None if hidden else comment.html,
    }


@router.get("/", response={200: list[DebateOut], 401: Error}, summary="List debates")
def list_debates(request: HttpRequest, unit: str | None = None) -> list[dict[str, object]]:
    now = timezone.now()
    rows = visible.debates(request.user).select_related("unit").order_by("-created_at", "-id")
    if unit:
        rows = rows.filter(unit__code=unit)
    return [_out(d, now) for d in rows[:500]]


@router.get("/{debate_id}/", response={200: DebateOut, 401: Error, 404: Error}, summary="One debate")
def read_debate(request: HttpRequest, debate_id: int) -> dict[str, object]:
    return _out(get_object_or_404(visible.debates(request.user).select_related("unit"), pk=debate_id), timezone.now())


@router.get("/{debate_id}/comments/", response={200: ThreadsOut, 401: Error, 404: Error}, summary="A page of threads")
def read_comments(request: HttpRequest, debate_id: int, page: int = 1) -> dict[str, object]:
    debate = get_object_or_404(visible.debates(request.user), pk=debate_id)
    found = threads.page(debate, page)
    flat: list[dict[str, object]] = []

    def walk(node: Node) -> None:
        flat.append(_comment(node.comment, request.user.pk))
        for reply in node.replies:
            walk(reply)

    for node in found.threads:
        walk(node)
    return {"page": found.number, "pages": found.pages, "threads": found.total_threads, "comments": flat}


@router.post(
    "/{debate_id}/comments/",
    response={201: CommentOut, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error},
    summary="Post a comment",
)
def post_comment(request: HttpRequest, debate_id: int, data: CommentIn) -> Status[dict[str, object]]:
    debate = get_object_or_404(visible.debates(request.user).select_related("unit"), pk=debate_id)
    parent = None
    if data.parent is not None:
        parent = comment_in(debate, data.parent)
        if parent is None:
            raise HttpError(404, f"no comment {data.parent} in this debate")
    try:
        comment = posting.post(request.user, debate, data.body, timezone.now(), parent=parent)
    except RateLimited as refusal:
        raise HttpError(429, str(refusal)) from None
    except Refused as refusal:
        raise HttpError(403 if refusal.forbidden else 422, str(refusal)) from None
    return Status(201, _comment(Row.of(comment), request.user.pk))
