"""The member's home page (memberships, units, offices, roles, and eligibility for open ballots
through the ballots service's `open_ballots_for`), and the general secretary's roles page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hustings.services import access
from hustings.services import roles as roles_service
from hustings.services.ballots import open_ballots_for
from hustings.services.register import to_history
from hustings.web.accounts.models import RoleKind
from hustings.web.members.models import Person
from hustings.web.organisations.models import Organisation


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
        "ballots": open_ballots_for(person, today),
    }
    return render(request, "accounts/home.html", context)


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    """The roles the user may manage (`roles_service.visible`: their organisation and scope): list,
    grant, revoke; each grant and revocation is checked again by the service."""
    access.require_anywhere(request.user, "units.manage")
    visible = roles_service.visible(request.user)
    organisations = Organisation.objects.filter(units__in=access.units_in_scope(request.user, "units.manage"))
    organisations = organisations.distinct()
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                role = get_object_or_404(visible, pk=request.POST["revoke"])
                roles_service.revoke(request.user, role)
                messages.success(request, f"Revoked: {role}.")
            else:
                organisation = get_object_or_404(organisations, slug=request.POST.get("organisation", ""))
                role = roles_service.grant(
                    request.user,
                    organisation,
                    request.POST.get("username", "").strip(),
                    request.POST.get("kind", ""),
                    request.POST.get("unit", "").strip(),
                )
                messages.success(request, f"Granted: {role} to {role.user.get_username()}.")
        except roles_service.RoleError as error:
            messages.error(request, str(error))
        return redirect("accounts:roles")
    rows = visible.select_related("user", "unit", "organisation")
    return render(
        request,
        "accounts/roles.html",
        {
            "roles": rows.order_by("organisation__name", "kind", "user__username"),
            "organisations": organisations,
            "kinds": RoleKind.choices,
        },
    )
