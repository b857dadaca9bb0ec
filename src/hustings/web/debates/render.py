"""The threads of a debate page as HTML: each comment rendered by the template
`debates/_comment.html`, loaded once per page, its replies rendered first and placed inside it.
Comment text is the HTML made safe when it was saved; everything else is escaped by the template.
Replies deeper than `OPEN_DEPTH` sit in a closed `<details>`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from hustings.services.debates import names, speaking
from hustings.services.debates.threads import Comment, Node

OPEN_DEPTH = 3


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    may_speak: bool
    may_moderate: bool
    is_open: bool


def author_name(comment: Comment) -> str:
    return names.name_of(comment.author)


def threads(nodes: list[Node], viewer: Viewer) -> SafeString:
    render = get_template("debates/_comment.html").render
    return mark_safe("".join(_node(node, viewer, render) for node in nodes))  # escaped by the template


def _node(node: Node, viewer: Viewer, render: Callable[[dict[str, object]], str]) -> str:
    """One comment and, inside it, its replies (rendered first, passed in as safe HTML)."""
    c = node.comment
    own = viewer.user_id is not None and c.author_id == viewer.user_id
    collapsed = bool(node.replies) and c.depth + 1 >= OPEN_DEPTH
    replies = "".join(_node(reply, viewer, render) for reply in node.replies)
    context = {
        "c": c,
        "viewer": viewer,
        "own": own,
        "shows_hidden": own or viewer.may_moderate,
        "created_at": c.created_at.isoformat(),
        "created": speaking.moment(c.created_at),
        "edited": speaking.moment(c.edited_at) if c.edited_at else "",
        "replies": mark_safe(replies),  # rendered by this template, escaped there
        "collapsed": collapsed,
        "more": _count(node) - 1 if collapsed else 0,
    }
    return render(context).removesuffix("\n")  # the file's last newline; the page has none between comments


def _count(node: Node) -> int:
    return 1 + sum(_count(r) for r in node.replies)
