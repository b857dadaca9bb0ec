"""The officers' pages of the register: search the members of their units, read one person's
record (status history, payments, offices, eligibility with its reasons, audit trail) and edit it.
Each view parses, checks the permission on the server, calls `hustings.services.members`, renders.
A member may read their own record; every other page is an officer's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hustings.services import access, officer_choices
from hustings.services import members as service
from hustings.services.eligibility import eligibility_table
from hustings.services.register import standings
from hustings.services.units import Unit
from hustings.web.audit.changes import field_changes
from hustings.web.confirming import confirmation, confirmed
from hustings.web.members.forms import ContactForm, MoveForm, PaymentForm, SearchForm, StatusForm


@login_required
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, "members.view")
    form = SearchForm(request.GET or None)
    results = None
    error = None
    if form.is_valid():
        data = form.cleaned_data
        query = service.Search(data["q"], data["unit"].strip(), data["category"], data["standing"], data["after"])
        try:
            results = service.search(request.user, query)
        except service.MemberEditError as problem:
            error = str(problem)
    elif not form.is_bound:
        results = service.search(request.user, service.Search())
    params = request.GET.copy()
    params.pop("after", None)
    context = {
        "form": form,
        "results": results,
        "error": error,
        "query": params.urlencode(),
        "first_page": not request.GET.get("after"),
        "scope_units": officer_choices.every_unit_for(request.user, "members.view"),
    }
    return render(request, "members/search.html", context)


def _viewable(request: HttpRequest, ref: str) -> service.Person:
    """The person's record, if the visitor may read it (403 otherwise, 404 if there is none)."""
    person = _record(ref)
    if not service.may_view(request.user, person):
        raise PermissionDenied("this record is for officers of the person's units")
    return person


def _record(ref: str) -> service.Person:
    try:
        return service.record_of(ref)
    except service.Person.DoesNotExist:
        raise Http404("no person with this membership number") from None


@login_required
@require_safe
def person(request: HttpRequest, ref: str) -> HttpResponse:
    row = _viewable(request, ref)
    today = timezone.localdate()
    memberships = []
    for today_ in standings(row, today):
        membership = today_.row
        memberships.append(
            {
                "row": membership,
                "standing": today_.standing,
                "since": today_.since,
                "paid_up_until": today_.paid_up_until,
                "lineage": list(reversed(access.lineage(membership.unit))),
                "can_edit": access.has(request.user, "members.edit", membership.unit),
                "payments": [(p, _money(p.pence)) for p in membership.payments.all()],
            }
        )
    can_edit = any(m["can_edit"] for m in memberships)
    officer = can_edit or any(access.has(request.user, "members.view", m.unit) for m in row.memberships.all())
    trail = [
        {"entry": entry, "changes": field_changes(entry.before, entry.after)} for entry in service.trail(row)[:100]
    ]
    context = {
        "person": row,
        "memberships": memberships,
        "offices": row.offices.all(),
        "eligibility": eligibility_table(row, today),
        "trail": trail if officer else None,
        "can_edit": can_edit,
        "is_self": access.is_self(request.user, row),
        "today": today,
    }
    return render(request, "members/person.html", context)


def _money(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


def _edit_page(
    request: HttpRequest,
    person: service.Person,
    form: forms.Form,
    title: str,
    membership: service.Membership | None = None,
    scope_units: Iterable[Unit] = (),
) -> HttpResponse:
    context = {"person": person, "form": form, "title": title, "membership": membership, "scope_units": scope_units}
    return render(request, "members/edit.html", context)


@login_required
def contact(request: HttpRequest, ref: str) -> HttpResponse:
    row = _record(ref)
    if not service.may_edit(request.user, row):
        raise PermissionDenied("only an officer of the person's units can change their details")
    form = ContactForm(request.POST or None, initial={"name": row.name, "email": row.email})
    if request.method == "POST" and form.is_valid():
        try:
            service.change_contact(request.user, row, form.cleaned_data["name"], form.cleaned_data["email"])
        except service.MemberEditError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Contact details changed."))
            return redirect("members:person", ref=ref)
    return _edit_page(request, row, form, _("Change contact details"))


def _membership(request: HttpRequest, ref: str, pk: int) -> service.Membership:
    membership = get_object_or_404(service.memberships_of(ref), pk=pk)
    access.require(request.user, "members.edit", membership.unit)
    return membership


DRASTIC = {"suspended", "expelled"}  # the status changes that take a member's rights away


def _confirm_status(request: HttpRequest, row: service.Membership, data: dict[str, Any]) -> HttpResponse:
    """What suspending or expelling a member will do, in words, before it is recorded (issue #14)."""
    words = {
        "name": row.person.name,
        "unit": row.unit.name,
        "on": date_format(data["on"]),
    }
    if data["status"] == "expelled":
        title = _("Expel %(name)s from %(unit)s?") % words
        what = _(
            "From %(on)s, %(name)s is recorded as expelled from %(unit)s: they are no longer a member in good "
            "standing, cannot vote in its ballots or be nominated, and only rejoining restores that."
        )
    else:
        title = _("Suspend %(name)s in %(unit)s?") % words
        what = _(
            "From %(on)s, %(name)s is recorded as suspended in %(unit)s: until they are reinstated they cannot vote "
            "in its ballots or be nominated, under the rulebook in force."
        )
    return confirmation(
        request,
        title=title,
        consequences=[
            what % words,
            _("The change is written in the member's record and the audit log under your name."),
        ],
        fields=("status", "on", "note"),
        button=_("Yes, record it"),
        back=reverse("members:person", args=[row.person.ref]),
        back_label=_("No, go back"),
    )


@login_required
def status(request: HttpRequest, ref: str, membership: int) -> HttpResponse:
    row = _membership(request, ref, membership)
    form = StatusForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["status"] in DRASTIC and not confirmed(request):
            return _confirm_status(request, row, data)
        try:
            service.change_status(request.user, row, data["status"], data["on"], data["note"])
        except service.MemberEditError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _("Recorded: %(status)s from %(on)s.") % {"status": data["status"], "on": date_format(data["on"])},
            )
            return redirect("members:person", ref=ref)
    return _edit_page(request, row.person, form, _("Record a status change"), row)


@login_required
def payment(request: HttpRequest, ref: str, membership: int) -> HttpResponse:
    row = _membership(request, ref, membership)
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pence = service.parse_pence(data["amount"])
            service.record_payment(request.user, row, pence, data["at"], data["covers_until"])
        except service.MemberEditError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Payment of £%(pence).2f recorded.") % {"pence": pence / 100})
            return redirect("members:person", ref=ref)
    return _edit_page(request, row.person, form, _("Record a payment"), row)


@login_required
def move(request: HttpRequest, ref: str, membership: int) -> HttpResponse:
    row = _membership(request, ref, membership)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = service.move(request.user, row, form.cleaned_data["unit"])
        except service.MemberEditError as problem:
            form.add_error(None, str(problem))
        except PermissionDenied:
            form.add_error("unit", _("You do not hold members.edit over that unit: ask one of its officers."))
        else:
            messages.success(request, _("Moved to %(unit)s.") % {"unit": moved.unit.name})
            return redirect("members:person", ref=ref)
    scope = officer_choices.every_unit_for(request.user, "members.edit")
    return _edit_page(request, row.person, form, _("Move to another unit"), row, scope)
