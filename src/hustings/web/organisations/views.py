"""Unit pages: the organisation's tree, and each unit with its children, officers and member count.
Open to every signed-in member of the organisation: the tree and officers are public within it, and
only within it (`hustings.services.visible`: the tree shows the visitor's own organisations, and
another organisation's unit is not found); member lists are the officers' (members app)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from hustings.services import access, members, visible

# Levels of the tree shown open when the page loads (the organisation and its nations); deeper
# units with children are folded in <details>, which any keyboard or screen reader can open.
OPEN_LEVELS = 2


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    """The whole tree in one query, drawn as nested lists in one pass (a party of 650 constituency
    parties has some 2,600 units: a template include per unit would cost more than the query)."""
    rows = (
        visible.units(request.user)
        .order_by("organisation__name", "name")
        .values_list("pk", "parent_id", "code", "name", "kind")
    )
    children: dict[int | None, list[tuple[int, str, str, str]]] = defaultdict(list)
    for pk, parent, code, name, kind in rows:
        children[parent].append((pk, code, name, kind))
    return render(request, "organisations/tree.html", {"tree": _branches(children, None, 0)})


def _branches(
    children: dict[int | None, list[tuple[int, str, str, str]]], parent: int | None, depth: int, prefix: str = ""
) -> str:
    prefix = prefix or reverse("organisations:unit", args=["-"])[:-2]  # "/units/": one reverse, not 2,600
    items = []
    for pk, code, name, kind in children.get(parent, []):
        link = f'<a href="{prefix}{escape(quote(code))}/">{escape(name)}</a> <span class="muted">{escape(kind)}</span>'
        if pk in children:
            inner = _branches(children, pk, depth + 1, prefix)
            # The link sits beside the expand control, not inside it: a link within a <summary>
            # is an interactive control nested in another (WCAG 4.1.2, axe "nested-interactive").
            hidden = f'<span class="visually-hidden">{escape(name)}: </span>'
            summary = f'{hidden}<span class="muted">({len(children[pk])} within)</span>'
            opened = " open" if depth < OPEN_LEVELS else ""
            items.append(f"<li>{link} <details{opened}><summary>{summary}</summary>{inner}</details></li>")
        else:
            items.append(f"<li>{link}</li>")
    if not items:
        return ""
    return mark_safe(f'<ul class="tree">{"".join(items)}</ul>')


@login_required
def unit(request: HttpRequest, code: str) -> HttpResponse:
    row = get_object_or_404(visible.units(request.user).select_related("organisation", "parent"), code=code)
    today = dt.date.today()
    children = row.children.annotate(members=Count("memberships", distinct=True)).order_by("name")
    offices = members.offices_held(row, today)
    context = {
        "unit": row,
        "lineage": list(reversed(access.lineage(row)))[:-1],
        "children": children,
        "offices": offices,
        "members": row.memberships.count(),
        "officers": row.roles.select_related("user"),
        "can_view_members": access.has(request.user, "members.view", row),
    }
    return render(request, "organisations/unit.html", context)
