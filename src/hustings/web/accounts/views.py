"""The member's home page (memberships, units, offices, roles, and eligibility for open ballots
through the ballots service's `open_ballots_for`), the general secretary's roles page, and the
officers' page for unlocking accounts locked out after failed sign-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hustings.services import access, due, lockouts, officer_choices
from hustings.services import roles as roles_service
from hustings.services.ballots import open_ballots_for
from hustings.services.debates import names
from hustings.services.register import home_row, standings
from hustings.web.accounts.forms import ROLE_LABELS, GrantRoleForm, RevokeRoleForm, RoleSearchForm, UnlockForm
from hustings.web.confirming import confirmation, confirmed


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = dt.date.today()
    person = access.person_of(request.user)
    memberships = []
    if person is not None:
        for membership in standings(home_row(person), today):
            memberships.append(
                {
                    "row": membership.row,
                    "standing": membership.standing.value,
                    "since": membership.since,
                    "lineage": list(reversed(access.lineage(membership.row.unit))),
                    "changes": membership.judged.history,
                }
            )
    roles = list(access.role_names(request.user))
    context = {
        "person": person,
        "memberships": memberships,
        "offices": list(person.offices.select_related("unit")) if person else [],
        "roles": roles,
        "today": today,
        "ballots": open_ballots_for(person, today),
        "due": due.due_for(request.user, timezone.now()) if roles else [],  # all of it is an officer's
    }
    return render(request, "accounts/home.html", context)


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    """The roles the user may manage (`roles_service.visible`: their organisation and scope): list,
    grant, revoke; each grant and revocation is checked again by the service."""
    access.require_anywhere(request.user, "units.manage")
    visible = roles_service.visible(request.user)
    organisations = roles_service.organisations(request.user)
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                revoking = RevokeRoleForm(request.POST)
                if not revoking.is_valid():
                    raise Http404("no such role")
                role = get_object_or_404(visible, pk=revoking.cleaned_data["revoke"])
                if not confirmed(request):
                    return _confirm_revoke(request, role)
                roles_service.revoke(request.user, role)
                messages.success(request, _("Revoked: %(role)s.") % {"role": role})
            else:
                granting = GrantRoleForm(request.POST)
                granting.is_valid()  # every field is optional text: the service judges the values
                data = granting.cleaned_data
                organisation = get_object_or_404(organisations, slug=data.get("organisation", ""))
                role = roles_service.grant(
                    request.user, organisation, data.get("username", ""), data.get("kind", ""), data.get("unit", "")
                )
                messages.success(
                    request,
                    _("Granted: %(role)s to %(name)s.") % {"role": role, "name": names.name_of(role.user)},
                )
        except roles_service.RoleError as error:
            messages.error(request, str(error))
        return redirect("accounts:roles")
    rows = visible.select_related("user__person", "unit", "organisation")  # the shown names: no query a row
    return render(
        request,
        "accounts/roles.html",
        {
            "roles": [
                (role, names.name_of(role.user))
                for role in rows.order_by("organisation__name", "kind", "user__username")
            ],
            **_grant_choices(request, organisations),
        },
    )


def _grant_choices(request: HttpRequest, organisations: QuerySet[Any]) -> dict[str, Any]:
    """What the grant form offers (issue #14: chosen, not typed): the organisation chosen by GET
    (the officer's first by default), the people found by name or membership number, the roles in
    words, and the units of the officer's scope that the unit search finds."""
    search = RoleSearchForm(request.GET)
    search.is_valid()  # optional text, judged here
    asked = search.cleaned_data
    organisation = organisations.filter(slug=asked.get("organisation") or "").first() or organisations.first()
    if organisation is None:
        return {"organisations": organisations}
    people = officer_choices.accounts_for_roles(request.user, organisation, asked.get("q") or "")
    units, more_units = officer_choices.first_units(
        request.user, "units.manage", organisation, asked.get("unit_q") or ""
    )
    return {
        "organisations": organisations,
        "organisation": organisation,
        "search": asked,
        "people": people[: officer_choices.UNITS_SHOWN],
        "more_people": len(people) > officer_choices.UNITS_SHOWN,
        "kinds": list(ROLE_LABELS.items()),
        "units": units,
        "more_units": more_units,
        "whole": access.has_whole(request.user, "units.manage", organisation),
    }


def _confirm_revoke(request: HttpRequest, role: roles_service.Role) -> HttpResponse:
    """What revoking `role` will do, in words, before it is done (issue #14)."""
    words = {"name": names.name_of(role.user), "username": role.user.get_username(), "role": role}
    return confirmation(
        request,
        title=_("Revoke %(role)s from %(name)s?") % words,
        consequences=[
            _(
                "%(name)s (account %(username)s) will no longer be %(role)s: the pages and actions of that role "
                "close to them at once. Their other roles, and their membership, stay as they are."
            )
            % words,
            _("The revocation is written in the audit log under your name. To undo it, grant the role again."),
        ],
        fields=("revoke",),
        button=_("Yes, revoke the role"),
        back=reverse("accounts:roles"),
        back_label=_("No, keep it"),
    )


@login_required
def unlock(request: HttpRequest) -> HttpResponse:
    """The accounts locked out after failed sign-ins that the officer may unlock, and a form to
    unlock one by name (`lockouts.unlock` checks the officer's scope over the account)."""
    access.require_anywhere(request.user, lockouts.PERMISSION)
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        try:
            failures = lockouts.unlock(request.user, username)
        except lockouts.UnlockError as error:
            form.add_error("username", str(error))
        else:
            messages.success(
                request,
                _("Unlocked %(username)s: %(failures)s failed sign-ins forgotten; they can sign in now.")
                % {"username": username, "failures": failures},
            )
            return redirect("accounts:unlock")
    context = {
        "form": form,
        "locked": lockouts.locked_out(request.user),
        "limit": settings.AXES_FAILURE_LIMIT,
        "cooloff": f"{round(settings.AXES_COOLOFF_TIME * 60)} minutes",
    }
    return render(request, "accounts/unlock.html", context)


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict[str, object] | None = None
) -> HttpResponse:
    """The page django-axes shows instead of signing in once an account or address is locked out
    (`AXES_LOCKOUT_CALLABLE`): 429, in plain words, with what to do."""
    context = {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": round(settings.AXES_COOLOFF_TIME * 60),
        "username": (credentials or {}).get("username", "") or request.POST.get("username", ""),
    }
    return render(request, "registration/locked_out.html", context, status=429)
