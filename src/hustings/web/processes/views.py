"""Process pages: the list, a process (stages, timetable, gates with reasons, nominations, what is
due and blocked), the officers' forms for each transition, suspensions, and the payment
provider's webhook. Every signed-in member may read those of their own organisations
(`hustings.services.visible`: another organisation's process is not found, and its suspensions are
not listed); transitions need `processes.manage`, checked here before anything is read from the form
and again by the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hustings.rules import shipped_rulebooks
from hustings.rules.processes import KINDS
from hustings.services import access, officer_choices, units, visible
from hustings.services import processes as svc
from hustings.services.members import Person
from hustings.services.processes import Process
from hustings.services.processes.payments import PaymentRefused, configured_provider
from hustings.services.processes.permission import MANAGE, require_manage
from hustings.services.processes.suspensions import require_above
from hustings.services.units import Organisation, Unit
from hustings.web import methods
from hustings.web.confirming import confirmation, confirmed
from hustings.web.processes import forms


@login_required
def process_list(request: HttpRequest) -> HttpResponse:
    processes = visible.processes(request.user).select_related("organisation", "unit")
    may_open = access.has_anywhere(request.user, MANAGE)
    return render(request, "processes/list.html", {"processes": processes, "may_open": may_open})


def _new_choice(request: HttpRequest, organisations: list[Organisation]) -> tuple[Organisation | None, str]:
    """The organisation and rulebook chosen by GET: the first organisation and its rulebook in force
    unless the officer chose others ("" when nothing says which rulebook is in force)."""
    step = forms.ChoiceForm(request.GET)
    step.is_valid()  # optional text, judged here
    chosen = next((o for o in organisations if o.slug == step.cleaned_data.get("organisation")), None)
    organisation = chosen or (organisations[0] if organisations else None)
    rulebook = step.cleaned_data.get("rulebook") or ""
    if rulebook not in shipped_rulebooks():
        rulebook = (officer_choices.rulebook_in_force(organisation) if organisation else None) or ""
    return organisation, rulebook


@login_required
def new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE)
    organisations = officer_choices.organisations_for(request.user, MANAGE)
    organisation, rulebook = _new_choice(request, organisations)
    form: dict[str, Any] = {"organisation": organisation.slug if organisation else "", "rulebook": rulebook}
    if request.method == "POST":
        posted = forms.NewProcessForm(request.POST)
        posted.is_valid()  # every field is optional text, checked below and by the services
        form = {name: posted.cleaned_data.get(name, "") for name in posted.fields}
        organisation = next((o for o in organisations if o.slug == form["organisation"]), None)
        rulebook = form["rulebook"]
        opened = _open(request, organisation, form)
        if opened is not None:
            return opened
    search = request.GET.get("q", "")
    options, more = (
        officer_choices.first_units(request.user, MANAGE, organisation, search) if organisation else ([], False)
    )
    context = {
        "organisations": organisations,
        "organisation": organisation,
        "kinds": officer_choices.process_kinds(rulebook) if rulebook else [],
        "rulebooks": officer_choices.rulebook_choices(organisation),
        "rulebook": rulebook,
        "units": options,
        "more_units": more,
        "search": search,
        "form": form,
    }
    return render(request, "processes/new.html", context)


def _open(request: HttpRequest, organisation: Organisation | None, form: dict[str, Any]) -> HttpResponse | None:
    """Open the process the form describes and go to it; None (with the reason said) if it cannot be.
    The unit is looked up among the organisation's units; the service decides whether the officer's
    scope covers it (a unit beyond it is refused with 403, as any other attempt on it would be)."""
    unit = officer_choices.unit_of(organisation, form["unit"]) if organisation and form["unit"] else None
    if organisation is None:
        messages.error(request, _("Choose an organisation you manage."))
    elif form["unit"] and unit is None:
        messages.error(request, _("%(organisation)s has no such unit.") % {"organisation": organisation.name})
    else:
        try:
            process = svc.open_process_with_contest(
                request.user,
                organisation=organisation,
                kind=form["kind"],
                rulebook=form["rulebook"],
                title=form["title"],
                unit=unit,
                subject=form["subject"],
                trigger=form["trigger"],
            )
        except svc.ProcessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(title)s is open.") % {"title": process.title})
            return redirect("processes:detail", pk=process.pk)
    return None


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(visible.processes(request.user).select_related("organisation", "unit"), pk=pk)
    view = svc.overview(process)
    context = {
        "process": process,
        "view": view,
        "kind": KINDS[process.kind],
        "may_manage": access.has(request.user, MANAGE, unit=process.unit, organisation=process.organisation),
        "withdrawals": process.withdrawals.all(),
        "supporters": process.supporters.select_related("person"),
        "unit_votes": process.unit_votes.select_related("unit"),
        "rounds": process.rounds.all(),
        "standing": svc.standing(process) if process.kind == "branch_nomination" else [],
        "meeting_proxies": svc.meeting_proxies(process) if process.kind == "branch_nomination" else [],
        "proxy_rule": svc.meeting_proxy_rule(process) if process.kind == "branch_nomination" else None,
        "stage_state": {s.key: s.state for s in view.stages},
        **_officer_lists(request, process),
    }
    return render(request, "processes/detail.html", context)


def _officer_lists(request: HttpRequest, process: Process) -> dict[str, Any]:
    """What the officer's forms on a process page offer: the methods by name, the nominees who may
    withdraw, and the units of the officer's scope (for a <datalist>: typing a name finds its code)."""
    if not access.has(request.user, MANAGE, unit=process.unit, organisation=process.organisation):
        return {}
    return {
        "methods": methods.choices(),
        "withdrawable": officer_choices.withdrawable(process),
        "office_holders": officer_choices.office_holders(process),
        "scope_units": officer_choices.units_for(request.user, MANAGE, process.organisation),
    }


# --- transitions --------------------------------------------------------------------------------

Handler = Callable[[HttpRequest, Process], str]
FormWithData = Callable[[Any], Form]


def _parsed(form_class: FormWithData, request: HttpRequest) -> dict[str, Any]:
    """The form's values, or the first thing wrong with them as the error the officer sees."""
    form = form_class(request.POST)
    if not form.is_valid():
        raise svc.ProcessError(forms.first_error(form))
    data: dict[str, Any] = form.cleaned_data
    return data


def _nominate(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.NominateForm, request)
    if isinstance(data["person"], Person):
        row, decision = svc.nominate(request.user, process, data["nominee"], person=data["person"])
    else:
        row, decision = svc.nominate(request.user, process, data["nominee"], unit=data["unit"])
    said = _("Nomination of %(nominee)s entered.") % {"nominee": row.nominee}
    if decision is None:
        return said
    gate = _("Gate met: %(reason)s") if decision.met else _("Gate not met: %(reason)s")
    return f"{said} {gate % {'reason': decision.reason}}"


def _withdraw(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.WithdrawForm, request)
    row = svc.withdraw(request.user, process, data["candidate"], data["reason"])
    return f"{row.candidate} has withdrawn."


def _close_nominations(request: HttpRequest, process: Process) -> str:
    decided = svc.close_nominations(request.user, process)
    return _("Nominations closed; %(count)s gate decisions recorded.") % {"count": len(decided)}


def _supporter(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.SupporterForm, request)
    row = svc.register_supporter(request.user, process, data["person"], pence=data["pence"], paid_at=data["paid_at"])
    inside = "within the window" if row.within_window else "outside the window or below the fee: the rules exclude it"
    return f"{row.person.name}'s payment of {row.fee_pence}p recorded ({inside})."


def _open_ballot(request: HttpRequest, process: Process) -> str:
    from hustings.services.ballots import BallotError

    method = _parsed(forms.OpenBallotForm, request)["method"]
    try:
        ballot = svc.open_contest_ballot(request.user, process, method=method)
    except BallotError as error:
        raise svc.ProcessError(str(error)) from None
    except PermissionDenied:
        raise svc.ProcessError("opening the ballot needs the ballots.run permission: ask a returning officer") from None
    if ballot is None:
        return _("Only one candidate: elected unopposed.")
    return _("The ballot is open and its roll frozen: %(roll_size)s may vote.") % {"roll_size": ballot.roll_size}


def _result(request: HttpRequest, process: Process) -> str:
    svc.record_contest_result(request.user, process)
    return _("The result is recorded.")


def _letters(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.LettersForm, request)
    row = svc.record_letters(request.user, process, data["letters"], data["mps"], last_vote=data["last_vote"])
    return row.reason


def _confidence_vote(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.VotesForm, request)
    svc.record_confidence_vote(request.user, process, data["for"], data["against"])
    return process.outcome


def _motion(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.MotionForm, request)
    svc.record_advisory_motion(request.user, process, data["for"], data["against"], data["abstentions"])
    return process.outcome


def _unit_vote(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.UnitVoteForm, request)
    row = svc.record_unit_vote(request.user, process, data["unit"], data["for_selection"])
    return f"{row.unit.name}'s vote is recorded."


def _decide_trigger(request: HttpRequest, process: Process) -> str:
    return svc.decide_trigger(request.user, process).reason


def _meeting_candidates(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.MeetingCandidatesForm, request)
    svc.set_candidates(request.user, process, data["candidates"].splitlines(), data["attending"])
    return _("Candidates and attendance recorded.")


def _meeting_round(request: HttpRequest, process: Process) -> str:
    form = forms.MeetingRoundForm(request.POST, svc.standing(process))
    if not form.is_valid():
        raise svc.ProcessError(forms.first_error(form))
    row = svc.record_round(request.user, process, form.tally())
    action = row.record["actions"][0]
    return f"Round {row.number}: {action['candidate']} {'elected' if action['action'] == 'elect' else 'eliminated'}."


def _meeting_proxy(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.MeetingProxyForm, request)
    svc.appoint_meeting_proxy(request.user, process, data["appointer"], data["proxy"])
    return _("%(proxy)s holds the proxy of %(appointer)s.") % {"proxy": data["proxy"], "appointer": data["appointer"]}


def _meeting_proxy_revoke(request: HttpRequest, process: Process) -> str:
    data = _parsed(forms.MeetingProxyRevokeForm, request)
    svc.revoke_meeting_proxy(request.user, process, data["appointer"])
    return _("The proxy of %(appointer)s is revoked.") % {"appointer": data["appointer"]}


ACTIONS: dict[str, Handler] = {
    "nominate": _nominate,
    "withdraw": _withdraw,
    "close-nominations": _close_nominations,
    "supporter": _supporter,
    "open-ballot": _open_ballot,
    "result": _result,
    "letters": _letters,
    "confidence-vote": _confidence_vote,
    "motion": _motion,
    "unit-vote": _unit_vote,
    "decide-trigger": _decide_trigger,
    "meeting-candidates": _meeting_candidates,
    "meeting-round": _meeting_round,
    "meeting-proxy": _meeting_proxy,
    "meeting-proxy-revoke": _meeting_proxy_revoke,
}


@login_required
@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    process = get_object_or_404(visible.processes(request.user).select_related("organisation", "unit"), pk=pk)
    handler = ACTIONS.get(name)
    if handler is None:
        return HttpResponse(status=404)
    require_manage(request.user, process)  # before reading anything from the form
    try:
        said = handler(request, process)
    except svc.ProcessError as error:
        messages.error(request, str(error)[:1].upper() + str(error)[1:])
    else:
        messages.success(request, said)
    return redirect("processes:detail", pk=process.pk)


# --- suspensions ----------------------------------------------------------------------------------


@login_required
def suspensions(request: HttpRequest) -> HttpResponse:
    rows = visible.suspensions(request.user).select_related("unit", "unit__organisation")
    if request.method == "POST":
        posted = forms.SuspendForm(request.POST)
        posted.is_valid()  # every field is optional text: the unit is looked up, the rest is the service's
        data = posted.cleaned_data
        unit = units.by_code(data.get("unit", ""))
        if unit is None:
            access.require_anywhere(request.user, MANAGE)
            messages.error(request, _("There is no unit with that code."))
        elif not confirmed(request) and data.get("rule", "").strip():  # no rule: the service's refusal
            return _confirm_suspension(request, unit, data)
        else:
            _suspend(request, unit, data)
        return redirect("processes:suspensions")
    may_manage = access.has_anywhere(request.user, MANAGE)
    scope = officer_choices.every_unit_for(request.user, MANAGE) if may_manage else []
    context = {"suspensions": rows, "may_manage": may_manage, "scope_units": scope}
    return render(request, "processes/suspensions.html", context)


def _confirm_suspension(request: HttpRequest, unit: Unit, data: dict[str, Any]) -> HttpResponse:
    """What suspending `unit` will do, in words, before it is done (issue #14)."""
    require_above(request.user, unit)
    beneath = len(units.descendants([unit.pk])) - 1
    words = {"unit": unit.name, "rule": data["rule"], "beneath": beneath}
    what = (
        _(
            "%(unit)s will be suspended under %(rule)s: its meetings, nominations and officers' powers stop "
            "until the suspension is lifted."
        )
        if beneath == 0
        else ngettext(
            "%(unit)s and the %(beneath)d unit beneath it will be suspended under %(rule)s: their meetings, "
            "nominations and officers' powers stop until the suspension is lifted.",
            "%(unit)s and the %(beneath)d units beneath it will be suspended under %(rule)s: their meetings, "
            "nominations and officers' powers stop until the suspension is lifted.",
            beneath,
        )
    )
    consequences = [
        what % words,
        _("Members keep their individual votes.")
        if data.get("members_keep_votes", True)
        else _("Members' individual votes are suspended too: they cannot vote in ballots while it lasts."),
    ]
    if data.get("reason"):
        consequences.append(_("The reason recorded: %(reason)s") % {"reason": data["reason"]})
    consequences.append(_("The suspension is written in the audit log under your name."))
    return confirmation(
        request,
        title=_("Suspend %(unit)s?") % {"unit": unit.name},
        consequences=consequences,
        fields=("unit", "rule", "reason", "members_keep_votes"),
        button=_("Yes, suspend %(unit)s") % {"unit": unit.name},
        back=reverse("processes:suspensions"),
        back_label=_("No, go back"),
    )


def _suspend(request: HttpRequest, unit: Unit, data: dict[str, Any]) -> None:
    try:
        svc.suspend_unit(
            request.user,
            unit,
            rule=data.get("rule", ""),
            reason=data.get("reason", ""),
            members_keep_votes=data.get("members_keep_votes", True),
        )
    except svc.ProcessError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(unit)s is suspended.") % {"unit": unit.name})


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(visible.suspensions(request.user).select_related("unit", "unit__organisation"), pk=pk)
    try:
        svc.lift_suspension(request.user, row)
    except svc.ProcessError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The suspension of %(unit)s is lifted.") % {"unit": row.unit.name})
    return redirect("processes:suspensions")


# --- payment provider -----------------------------------------------------------------------------


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, pk: int) -> JsonResponse:
    """A payment provider's signed notice of a supporter's fee (no session; the signature is the key)."""
    process = get_object_or_404(svc.every_process(), pk=pk)
    provider = configured_provider()
    if provider is None:
        return JsonResponse({"error": "no payment provider is configured"}, status=503)
    try:
        row = svc.payment_notice(process, provider, request.body, request.headers)
    except PaymentRefused as error:
        return JsonResponse({"error": str(error)}, status=403)
    except svc.ProcessError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"registered": row.person.ref, "within_window": row.within_window}, status=200)
