"""Selectors: one page of a debate's threads; a public debate and its newest comments (its feed);
a comment of a debate; the units that have debates.

A page is a run of top-level comments (oldest first) with every reply beneath them, so a debate of
10,000 comments is read a few threads at a time: one query counts the threads, one reads the page's
top-level comments, one reads their replies (through `Comment.thread`, indexed). Rows are read as
plain values (`Row`), not model instances, since a page may hold hundreds of comments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from hustings.services.debates import names
from hustings.store.debates.models import Comment as Comment
from hustings.store.debates.models import Debate as Debate
from hustings.store.organisations.models import Unit

THREADS_PER_PAGE = 20
FIELDS = (
    "pk",
    "parent_id",
    "depth",
    "quoted_id",
    "author_id",
    "author__username",
    "shown_author",
    "html",
    "created_at",
    "edited_at",
    "hidden_at",
    "hidden_reason",
)


@dataclass(slots=True)
class Row:
    """What a page shows of one comment; `author_name` is the register's name, else the account's
    full name, else the username (`names`)."""

    pk: int
    parent_id: int | None
    depth: int
    quoted_id: int | None
    author_id: int
    username: str
    author_name: str
    html: str
    created_at: dt.datetime
    edited_at: dt.datetime | None
    hidden_at: dt.datetime | None
    hidden_reason: str

    @classmethod
    def of(cls, comment: Comment) -> Row:
        """The row of a comment, its author named by `names.name_of`."""
        return cls(
            comment.pk,
            comment.parent_id,
            comment.depth,
            comment.quoted_id,
            comment.author_id,
            comment.author.get_username(),
            names.name_of(comment.author),
            comment.html,
            comment.created_at,
            comment.edited_at,
            comment.hidden_at,
            comment.hidden_reason,
        )


def _row(values: tuple[Any, ...]) -> Row:
    pk, parent, depth, quoted, author, username, name, html, created, edited, hidden, reason = values
    return Row(pk, parent, depth, quoted, author, username, name or username, html, created, edited, hidden, reason)


@dataclass
class Node:
    comment: Row
    replies: list[Node] = field(default_factory=list)


@dataclass
class ThreadPage:
    number: int
    pages: int
    threads: list[Node]
    total_threads: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page(debate: Debate, number: int, per_page: int = THREADS_PER_PAGE) -> ThreadPage:
    """Page `number` (from 1; out of range reads the nearest page) of `debate`'s threads."""
    top = Comment.objects.filter(debate=debate, parent__isnull=True)
    total = top.count()
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    start = (number - 1) * per_page
    ordered = top.order_by("created_at", "id").annotate(shown_author=names.shown("author"))
    roots = [_row(v) for v in ordered.values_list(*FIELDS)[start : start + per_page]]
    nodes = {root.pk: Node(root) for root in roots}
    replies = (
        Comment.objects.filter(debate=debate, thread_id__in=list(nodes))
        .order_by("created_at", "id")
        .annotate(shown_author=names.shown("author"))
        .values_list(*FIELDS)
    )
    for values in replies:
        reply = _row(values)
        node = Node(reply)
        nodes[reply.pk] = node
        parent = nodes.get(reply.parent_id or 0)
        if parent is not None:
            parent.replies.append(node)
    return ThreadPage(number, pages, [nodes[root.pk] for root in roots], total)


def page_of(comment: Comment, per_page: int = THREADS_PER_PAGE) -> int:
    """The page on which `comment`'s thread stands."""
    root = comment if comment.thread_id is None else Comment.objects.only("created_at").get(pk=comment.thread_id)
    before = Comment.objects.filter(debate_id=comment.debate_id, parent__isnull=True).filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
    )
    return before.count() // per_page + 1


def public_debate(pk: int) -> Debate | None:
    """The debate numbered `pk` if its organisation made it public."""
    return Debate.objects.filter(pk=pk, public=True).first()


def newest_shown(debate: Debate, limit: int = 50) -> list[Comment]:
    """The debate's newest comments not hidden by a moderator, with their authors, newest first."""
    return list(
        debate.comments.filter(hidden_at__isnull=True)
        .select_related("author", "author__person")
        .order_by("-created_at", "-id")[:limit]
    )


def comment_in(debate: Debate, pk: int) -> Comment | None:
    """The comment numbered `pk` if it is one of this debate's."""
    return Comment.objects.filter(pk=pk, debate=debate).first()


def units_debating(debates: QuerySet[Debate]) -> QuerySet[Unit]:
    """The units of these debates, each once, by name."""
    return Unit.objects.filter(debates__in=debates).distinct().order_by("name")
