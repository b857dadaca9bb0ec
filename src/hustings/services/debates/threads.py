"""Selector: one page of a debate's threads.

A page is a run of top-level comments (oldest first) with every reply beneath them, so a debate of
10,000 comments is read a few threads at a time: one query counts the threads, one reads the page's
top-level comments, one reads their replies (through `Comment.thread`, indexed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hustings.web.debates.models import Comment, Debate

THREADS_PER_PAGE = 20


@dataclass
class Node:
    comment: Comment
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
    related = ("author", "author__person")
    roots = list(top.select_related(*related).order_by("created_at", "id")[start : start + per_page])
    nodes = {root.pk: Node(root) for root in roots}
    replies = (
        Comment.objects.filter(debate=debate, thread_id__in=list(nodes))
        .select_related(*related)
        .order_by("created_at", "id")
    )
    for reply in replies:
        node = Node(reply)
        nodes[reply.pk] = node
        parent = nodes.get(reply.parent_id or 0)
        if parent is not None:
            parent.replies.append(node)
    return ThreadPage(number, pages, [nodes[root.pk] for root in roots], total)
