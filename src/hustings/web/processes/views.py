"""Process pages: the list, a process (stages, timetable, gates with reasons, nominations, what is
due and blocked), the officers' forms for each transition, suspensions, and the payment
provider's webhook. Every signed-in member may read those of their own organisations
(`hustings.services.visible`: another organisation's process is not found, and its suspensions are
not listed); transitions need `processes.manage`, checked here before anything is read from the form
and again by the service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hustings.rules import shipped_rulebooks
from hustings.rules.processes import KINDS
from hustings.services import access, visible
from hustings.services import processes as svc
from hustings.services.processes.payments import PaymentRefused, configured_provider
from hustings.services.processes.permission import MANAGE, require_manage
from hustings.store.members.models import Person
from hustings.store.organisations.models import Organisation, Unit
from hustings.store.processes.models import Process


@login_required
def process_list(request: HttpRequest) -> HttpResponse:
    processes = visible.processes(request.user).select_related("organisation", "unit")
    may_open = access.has_anywhere(request.user, MANAGE)
    return render(request, "processes/list.html", {"processes": processes, "may_open": may_open})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE)
    organisations = [o for o in Organisation.objects.all() if access.has_anywhere(request.user, MANAGE, o)]
    form = {"kind": "leadership_challenge", "rulebook": "labour-2016"}
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in ("organisation", "kind", "rulebook", "title", "subject")}
        form["trigger"] = request.POST.get("trigger", "").strip()
        form["unit"] = request.POST.get("unit", "").strip()
        organisation = next((o for o in organisations if o.slug == form["organisation"]), None)
        unit = Unit.objects.filter(code=form["unit"]).first() if form["unit"] else None
        if organisation is None:
            messages.error(request, "Choose an organisation you manage.")
        elif form["unit"] and unit is None:
            messages.error(request, f"There is no unit with the code {form['unit']!r}.")
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
                messages.success(request, f"{process.title} is open.")
                return redirect("processes:detail", pk=process.pk)
    context = {
        "organisations": organisations,
        "kinds": KINDS,
        "rulebooks": shipped_rulebooks(),
        "form": form,
    }
    return render(request, "processes/new.html", context)


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
        "stage_state": {s.key: s.state for s in view.stages},
    }
    return render(request, "processes/detail.html", context)


# --- transitions --------------------------------------------------------------------------------

Handler = Callable[[HttpRequest, Process], str]


def _int(request: HttpRequest, name: str, label: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise svc.ProcessError(f"{label} must be a whole number") from None


def _person(request: HttpRequest, name: str = "person") -> Person:
    ref = request.POST.get(name, "").strip()
    person = Person.objects.filter(ref=ref).first()
    if person is None:
        raise svc.ProcessError(f"nobody on the register has the reference {ref!r}")
    return person


def _unit(request: HttpRequest, name: str = "unit") -> Unit:
    code = request.POST.get(name, "").strip()
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise svc.ProcessError(f"there is no unit with the code {code!r}")
    return unit


def _nominate(request: HttpRequest, process: Process) -> str:
    nominee = request.POST.get("nominee", "")
    if request.POST.get("person", "").strip():
        row, decision = svc.nominate(request.user, process, nominee, person=_person(request))
    else:
        row, decision = svc.nominate(request.user, process, nominee, unit=_unit(request))
    said = f"Nomination of {row.nominee} entered."
    return f"{said} Gate {'met' if decision.met else 'not met'}: {decision.reason}" if decision else said


def _withdraw(request: HttpRequest, process: Process) -> str:
    row = svc.withdraw(request.user, process, request.POST.get("candidate", "").strip(), request.POST.get("reason", ""))
    return f"{row.candidate} has withdrawn."


def _close_nominations(request: HttpRequest, process: Process) -> str:
    decided = svc.close_nominations(request.user, process)
    return f"Nominations closed; {len(decided)} gate decisions recorded."


def _supporter(request: HttpRequest, process: Process) -> str:
    try:
        paid_at = dt.datetime.fromisoformat(request.POST.get("paid_at", ""))
    except ValueError:
        raise svc.ProcessError("give the time of payment as YYYY-MM-DD HH:MM") from None
    row = svc.register_supporter(
        request.user, process, _person(request), pence=_int(request, "pence", "The fee"), paid_at=paid_at
    )
    inside = "within the window" if row.within_window else "outside the window or below the fee: the rules exclude it"
    return f"{row.person.name}'s payment of {row.fee_pence}p recorded ({inside})."


def _open_ballot(request: HttpRequest, process: Process) -> str:
    from hustings.services.ballots import BallotError

    try:
        ballot = svc.open_contest_ballot(request.user, process, method=request.POST.get("method", "irv") or "irv")
    except BallotError as error:
        raise svc.ProcessError(str(error)) from None
    except PermissionDenied:
        raise svc.ProcessError("opening the ballot needs the ballots.run permission: ask a returning officer") from None
    if ballot is None:
        return "Only one candidate: elected unopposed."
    return f"The ballot is open and its roll frozen: {ballot.roll_size} may vote."


def _result(request: HttpRequest, process: Process) -> str:
    svc.record_contest_result(request.user, process)
    return "The result is recorded."


def _letters(request: HttpRequest, process: Process) -> str:
    last = request.POST.get("last_vote", "").strip()
    try:
        last_vote = dt.date.fromisoformat(last) if last else None
    except ValueError:
        raise svc.ProcessError("give the last vote's date as YYYY-MM-DD") from None
    row = svc.record_letters(
        request.user, process, _int(request, "letters", "Letters"), _int(request, "mps", "MPs"), last_vote=last_vote
    )
    return row.reason


def _confidence_vote(request: HttpRequest, process: Process) -> str:
    votes_for, against = _int(request, "for", "Votes for"), _int(request, "against", "Votes against")
    svc.record_confidence_vote(request.user, process, votes_for, against)
    return process.outcome


def _motion(request: HttpRequest, process: Process) -> str:
    abstentions = _int(request, "abstentions", "Abstentions") if request.POST.get("abstentions") else 0
    svc.record_advisory_motion(
        request.user, process, _int(request, "for", "Votes for"), _int(request, "against", "Votes against"), abstentions
    )
    return process.outcome


def _unit_vote(request: HttpRequest, process: Process) -> str:
    choice = request.POST.get("for_selection")
    if choice not in ("yes", "no"):
        raise svc.ProcessError("say whether the unit voted for a full selection")
    row = svc.record_unit_vote(request.user, process, _unit(request), choice == "yes")
    return f"{row.unit.name}'s vote is recorded."


def _decide_trigger(request: HttpRequest, process: Process) -> str:
    return svc.decide_trigger(request.user, process).reason


def _meeting_candidates(request: HttpRequest, process: Process) -> str:
    names = request.POST.get("candidates", "").splitlines()
    svc.set_candidates(request.user, process, names, _int(request, "attending", "Attending members"))
    return "Candidates and attendance recorded."


def _meeting_round(request: HttpRequest, process: Process) -> str:
    tally = {name: _int(request, f"votes-{i}", f"Votes for {name}") for i, name in enumerate(svc.standing(process))}
    row = svc.record_round(request.user, process, tally)
    action = row.record["actions"][0]
    return f"Round {row.number}: {action['candidate']} {'elected' if action['action'] == 'elect' else 'eliminated'}."


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
        unit = Unit.objects.filter(code=request.POST.get("unit", "").strip()).first()
        if unit is None:
            access.require_anywhere(request.user, MANAGE)
            messages.error(request, "There is no unit with that code.")
        else:
            try:
                svc.suspend_unit(
                    request.user,
                    unit,
                    rule=request.POST.get("rule", ""),
                    reason=request.POST.get("reason", ""),
                    members_keep_votes=request.POST.get("members_keep_votes") != "no",
                )
            except svc.ProcessError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"{unit.name} is suspended.")
        return redirect("processes:suspensions")
    context = {"suspensions": rows, "may_manage": access.has_anywhere(request.user, MANAGE)}
    return render(request, "processes/suspensions.html", context)


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(visible.suspensions(request.user).select_related("unit", "unit__organisation"), pk=pk)
    try:
        svc.lift_suspension(request.user, row)
    except svc.ProcessError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The suspension of {row.unit.name} is lifted.")
    return redirect("processes:suspensions")


# --- payment provider -----------------------------------------------------------------------------


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, pk: int) -> JsonResponse:
    """A payment provider's signed notice of a supporter's fee (no session; the signature is the key)."""
    process = get_object_or_404(Process, pk=pk)
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
