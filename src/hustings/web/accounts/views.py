"""The member's home page: memberships, units, offices and roles (ballot eligibility is added by the
ballots app's `open_ballots_for`)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hustings.services import access
from hustings.services.register import to_history
from hustings.web.members.models import Person


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = dt.date.today()
    person = access.person_of(request.user)
    memberships = []
    if person is not None:
        row = (
            Person.objects.prefetch_related("memberships__unit", "memberships__changes", "memberships__payments")
            .prefetch_related("offices__unit")
            .get(pk=person.pk)
        )
        history = to_history(row)
        for membership_row, membership in zip(row.memberships.all(), history.memberships, strict=True):
            memberships.append(
                {
                    "row": membership_row,
                    "standing": membership.standing(today).value,
                    "since": membership.continuous_since(today),
                    "lineage": list(reversed(access.lineage(membership_row.unit))),
                    "changes": membership.history,
                }
            )
    context = {
        "person": person,
        "memberships": memberships,
        "offices": list(person.offices.select_related("unit")) if person else [],
        "roles": access.role_names(request.user),
        "today": today,
        "ballots": _open_ballots(person, today),
    }
    return render(request, "accounts/home.html", context)


def _open_ballots(person: Person | None, today: dt.date) -> list[object]:
    """Open ballots with this person's eligibility and its reason, when the ballots app provides them."""
    try:
        from hustings.services.ballots import open_ballots_for  # type: ignore[attr-defined]
    except ImportError:
        return []
    return list(open_ballots_for(person, today))
