"""The threads of a debate page as HTML, built in one pass (a recursive template include per
comment is too slow for long threads). Comment text is the HTML made safe when it was saved;
everything else is escaped here. Replies deeper than `OPEN_DEPTH` sit in a closed `<details>`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hustings.services.debates import speaking
from hustings.services.debates.threads import Node, Row
from hustings.store.debates.models import Comment

OPEN_DEPTH = 3


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    may_speak: bool
    may_moderate: bool
    is_open: bool


def author_name(comment: Comment) -> str:
    return Row.of(comment).author_name


def threads(nodes: list[Node], viewer: Viewer) -> SafeString:
    out: list[str] = []
    for node in nodes:
        _node(node, viewer, out)
    return mark_safe("".join(out))  # escaped here, or sanitised at save time


def _node(node: Node, viewer: Viewer, out: list[str]) -> None:
    c = node.comment
    out.append(f'<article class="comment" id="c{c.pk}" aria-labelledby="c{c.pk}-by">')
    edited = (
        f' · <a href="/debates/comments/{c.pk}/history/">edited {escape(speaking.moment(c.edited_at))}</a>'
        if c.edited_at
        else ""
    )
    out.append(
        f'<header><strong id="c{c.pk}-by">{escape(c.author_name)}</strong> · '
        f'<a href="#c{c.pk}"><time datetime="{c.created_at.isoformat()}">'
        f"{escape(speaking.moment(c.created_at))}</time></a>{edited}</header>"
    )
    own = viewer.user_id is not None and c.author_id == viewer.user_id
    if c.hidden_at is not None:
        if own or viewer.may_moderate:
            out.append(
                f'<p class="notice warning">Hidden by a moderator: {escape(c.hidden_reason)}</p>'
                f'<div class="body hidden-text">{c.html}</div>'
            )
        else:
            out.append('<p class="muted">This comment was hidden by a moderator.</p>')
    else:
        if c.quoted_id:
            out.append(f'<p class="quoting"><a href="#c{c.quoted_id}">quoting an earlier comment</a></p>')
        out.append(f'<div class="body">{c.html}</div>')
    out.append('<ul class="actions">')
    if c.hidden_at is None and viewer.is_open and viewer.may_speak:
        who = f'<span class="visually-hidden"> to {escape(c.author_name)}</span>'
        out.append(f'<li><a href="/debates/comments/{c.pk}/reply/">Reply{who}</a></li>')
        out.append(f'<li><a href="/debates/comments/{c.pk}/reply/?quote=1">Quote</a></li>')
    if own and c.hidden_at is None and viewer.is_open:
        out.append(f'<li><a href="/debates/comments/{c.pk}/edit/">Edit</a></li>')
    if viewer.user_id is not None and not own and c.hidden_at is None:
        out.append(f'<li><a href="/debates/comments/{c.pk}/report/">Report</a></li>')
    if viewer.may_moderate:
        verb = "Unhide" if c.hidden_at is not None else "Hide"
        out.append(f'<li><a href="/debates/comments/{c.pk}/{verb.lower()}/">{verb}</a></li>')
    out.append("</ul>")
    if node.replies:
        collapsed = c.depth + 1 >= OPEN_DEPTH
        if collapsed:
            count = _count(node) - 1
            out.append(f"<details><summary>{count} more repl{'y' if count == 1 else 'ies'}</summary>")
        out.append('<div class="replies">')
        for reply in node.replies:
            _node(reply, viewer, out)
        out.append("</div>")
        if collapsed:
            out.append("</details>")
    out.append("</article>")


def _count(node: Node) -> int:
    return 1 + sum(_count(r) for r in node.replies)
