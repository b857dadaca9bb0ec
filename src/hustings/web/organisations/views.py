"""Unit pages: the organisation's tree, and each unit with its children, officers and member count.
Open to every signed-in member: the tree and officers are public within the organisation; member
lists are the officers' (members app)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hustings.services import access
from hustings.web.members.models import Office
from hustings.web.organisations.models import Unit


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    units = list(Unit.objects.select_related("organisation").order_by("organisation__name", "name"))
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    return render(request, "organisations/tree.html", {"roots": children[None], "children": children})


@login_required
def unit(request: HttpRequest, code: str) -> HttpResponse:
    row = get_object_or_404(Unit.objects.select_related("organisation", "parent"), code=code)
    today = dt.date.today()
    children = row.children.annotate(members=Count("memberships", distinct=True)).order_by("name")
    offices = (
        Office.objects.filter(unit=row)
        .filter(Q(end__isnull=True) | Q(end__gte=today), start__lte=today)
        .select_related("person")
    )
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
