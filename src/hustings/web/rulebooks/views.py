"""Rulebook pages: the shipped rulebooks by family with their versions, one version's processes and
rules with citations and sources, a diff of two versions, and the organisation's adopted versions.
Every signed-in member may read the shipped ones, and the versions their own organisations adopted
(`hustings.services.visible`); adopting a version needs `rulebooks.manage`."""

from __future__ import annotations

from itertools import pairwise

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hustings.services import access, visible
from hustings.services import rulebooks as service
from hustings.web.rulebooks.forms import AdoptForm


def _version(request: HttpRequest, key: str) -> service.Version:
    try:
        return service.version_for(request.user, key)
    except service.UnknownRulebook as error:
        raise Http404(str(error)) from None


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    families = [
        {"name": name, "versions": versions, "steps": list(pairwise(versions))}
        for name, versions in service.families().items()
    ]
    adopted, seen = [], set()
    for row in service.adopted(list(visible.organisations(request.user))):
        adopted.append({"row": row, "in_force": row.organisation_id not in seen})
        seen.add(row.organisation_id)
    context = {
        "families": families,
        "adopted": adopted,
        "can_adopt": access.whole_organisations(request.user, "rulebooks.manage").exists(),
    }
    return render(request, "rulebooks/index.html", context)


@login_required
@require_safe
def version(request: HttpRequest, key: str) -> HttpResponse:
    shown = _version(request, key)
    rulebook = shown.rulebook
    siblings = [v for v in service.families().get(service.family(rulebook.name), []) if v.key != shown.key] + [
        service.version(row.key)
        for row in service.adopted(list(visible.organisations(request.user)))
        if row.key != shown.key and row.name == rulebook.name
    ]
    processes = []
    rules = service.rules(rulebook)
    for kind, process in rulebook.processes.items():
        processes.append(
            {
                "kind": kind,
                "process": process,
                "rules": [rule for rule in rules if rule.where.startswith(f"processes.{kind}.")],
                "electorate": [category.value.replace("_", " ") for category in process.electorate],
            }
        )
    context = {"version": shown, "rulebook": rulebook, "processes": processes, "siblings": siblings}
    return render(request, "rulebooks/version.html", context)


@login_required
@require_safe
def diff(request: HttpRequest, key: str, other: str) -> HttpResponse:
    _version(request, key), _version(request, other)
    return render(request, "rulebooks/diff.html", {"diff": service.diff(key, other)})


@login_required
def adopt(request: HttpRequest) -> HttpResponse:
    organisations = list(access.whole_organisations(request.user, "rulebooks.manage").order_by("name"))
    if not organisations:
        raise PermissionDenied("only an organisation-wide general secretary can adopt a rulebook")
    choices = [(o.slug, o.name) for o in organisations]
    form = AdoptForm(request.POST or None, request.FILES or None, organisations=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(o for o in organisations if o.slug == data["organisation"])
        try:
            row = service.adopt(
                request.user, organisation, data["yaml"], data["version"], data["adopted_on"], data["note"]
            )
        except service.AdoptionError as error:
            if error.field in ("version", "note", "yaml"):
                form.add_error(error.field, error.message)
            else:
                form.add_error(
                    "yaml", _("At %(field)s: %(message)s") % {"field": error.field, "message": error.message}
                )
        else:
            messages.success(
                request,
                _("Adopted %(row)s as version %(version)s of %(organisation)s.")
                % {"row": row.name, "version": row.version, "organisation": organisation.name},
            )
            return redirect("rulebooks:version", key=row.key)
    return render(request, "rulebooks/adopt.html", {"form": form})
