"""Ballot pages: thin views over `hustings.services.ballots`.

Public (no sign-in; a voter may have only a printed code): the vote page, the bulletin board and
its JSON, the scrutineers' page and its signature upload (a signature is self-authenticating), the
BLT export once counted, the results once published. Signed-in users: the list and
a ballot's page, for the ballots of their own organisations (`hustings.services.visible`: another
organisation's ballot is not found). Returning officers (`ballots.run`, checked by the service and here): open, issue
credentials, close, count, publish, paper batches.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hustings.count.report import round_table
from hustings.rules import shipped_rulebooks
from hustings.services import access, officer_choices, publishing, visible
from hustings.services import ballots as svc
from hustings.services.ballots import board as board_service
from hustings.services.ballots import count_jobs, mailing, officers, scrutiny
from hustings.services.ballots import selectors as ballot_lookup
from hustings.services.ballots.e2e import steps as e2e_steps
from hustings.services.ballots.e2e.setup import trusteeships
from hustings.services.ballots.selectors import Ballot, Status
from hustings.services.units import Organisation
from hustings.web.ballots.college import college_rows
from hustings.web.ballots.forms import (
    CardVoteForm,
    Chosen,
    DeliveryForm,
    OpenBallotForm,
    PaperBatchForm,
    ProxyForm,
    SignatureForm,
    TrackingCodeForm,
    VoteForm,
)
from hustings.web.ballots.forms import Choice as ChoiceForm
from hustings.web.ballots.rounds import round_rows


def _may_run(request: HttpRequest, ballot: Ballot) -> bool:
    return officers.may_run(request.user, ballot.organisation, list(ballot.units) or None)


def officer_ballot(request: HttpRequest, pk: int) -> Ballot:
    """The ballot `pk`, answered only to its returning officer (`officers.require_for`)."""
    ballot = get_object_or_404(visible.ballots(request.user).select_related("organisation"), pk=pk)
    officers.require_for(request.user, ballot)
    return ballot


@login_required
@require_GET
def ballot_list(request: HttpRequest) -> HttpResponse:
    ballots = visible.ballots(request.user).select_related("organisation").order_by("-opened_on", "-pk")
    groups = {status.label: [b for b in ballots if b.status == status] for status in Status}
    context = {"groups": groups, "may_open": access.has_anywhere(request.user, "ballots.run")}
    return render(request, "ballots/list.html", context)


@login_required
@require_GET
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_object_or_404(visible.ballots(request.user).select_related("organisation"), pk=pk)
    box = ballot.encrypted_box if ballot.e2e else ballot.box
    context = {
        "ballot": ballot,
        "officer": _may_run(request, ballot),
        "cast": box.count() if ballot.status != Status.OPEN or _may_run(request, ballot) else None,
        "board": board_service.entries(ballot),
        "trustees": e2e_steps.progress(ballot) if ballot.e2e else None,
        "is_trustee": ballot.e2e and any(t.ballot_id == ballot.pk for t in trusteeships(request.user)),
        "mine": svc.standing_on(access.person_of(request.user), ballot),
    }
    if context["officer"] and ballot.status == Status.CLOSED and not ballot.e2e:
        context["count_job"] = count_jobs.latest(request.user, ballot)
    if context["officer"] and not ballot.e2e:
        context["proxy_counts"] = svc.proxy_counts(request.user, ballot)  # counts only: never who voted how
    return render(request, "ballots/detail.html", context)


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter the credential, rank the candidates with numbered boxes, confirm, get the tracking code.

    Nothing is read from the query string: a voting code in a URL would land in access logs and
    browser history (the e-mailed link carries it in the fragment, which `voting-code.js` reads).
    The submission id is drawn here, when the form is first rendered, and travels in a hidden field.
    """
    ballot = get_object_or_404(ballot_lookup.public(), pk=pk)
    if ballot.e2e:
        return _vote_e2e(request, ballot)
    candidates = list(ballot.candidates)
    form = VoteForm(request.POST if request.method == "POST" else None, candidates)
    data = form.data  # what the voter typed, shown again as typed
    context: dict[str, object] = {
        "ballot": ballot,
        "credential": data.get("credential", ""),
        "submission": data.get("submission") or secrets.token_urlsafe(16),
        "rows": [(i, name, data.get(f"rank-{i}", "")) for i, name in enumerate(candidates)],
        "numbers": range(1, len(candidates) + 1),
    }
    if ballot.status != Status.OPEN:
        context["error"] = _("This ballot is closed: no more votes can be cast.")
        return render(request, "ballots/vote.html", context, status=410 if request.method == "POST" else 200)
    valid = form.is_valid()
    if not form.is_bound or form.cleaned_data.get("action") == "edit":
        return render(request, "ballots/vote.html", context)
    if not valid:
        context["error"] = form.problem()
        return render(request, "ballots/vote.html", context, status=400)
    preferences = form.cleaned_data["preferences"]
    if form.cleaned_data["action"] != "cast":
        context["preferences"] = preferences
        return render(request, "ballots/confirm.html", context)
    try:
        receipt = svc.cast(ballot.pk, str(context["credential"]), preferences, str(context["submission"]))
    except svc.BallotError as exc:
        context["error"] = str(exc)[:1].upper() + str(exc)[1:] + "."
        return render(request, "ballots/vote.html", context, status=400)
    return render(request, "ballots/receipt.html", {"ballot": ballot, "receipt": receipt})


def _vote_e2e(request: HttpRequest, ballot: Ballot) -> HttpResponse:
    """An end-to-end ballot's vote page: its script (`e2e/vote.js`) encrypts in the browser and
    casts or audits through the API; the page itself takes no POST."""
    if request.method == "POST":
        return render(request, "ballots/vote_e2e.html", {"ballot": ballot, "post": True}, status=400)
    context = {"ballot": ballot, "election": e2e_steps.vote_context(ballot) if ballot.status == Status.OPEN else None}
    return render(request, "ballots/vote_e2e.html", context)


@require_http_methods(["GET", "POST"])
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The board; a voter looks up their tracking code by POST, so the code is in no URL or log.

    Tracking codes are listed only once the box is closed, and the number of ballots cast is shown
    only then: a watcher polling an open board could otherwise time each cast. While the ballot is
    open the lookup confirms only a code the voter already holds (see docs/ballots.md).
    """
    ballot = get_object_or_404(ballot_lookup.public(), pk=pk)
    lookup = TrackingCodeForm(request.POST if request.method == "POST" else None)
    code = lookup.cleaned_data["code"] if lookup.is_valid() else ""
    if ballot.e2e:
        context = {
            "ballot": ballot,
            "code": code,
            "found": e2e_steps.find(ballot, code) if code else None,
            "listing": e2e_steps.listing(ballot),
            "trustees": e2e_steps.progress(ballot),
        }
        return render(request, "ballots/board_e2e.html", context)
    found = board_service.find(ballot, code) if code else None
    closed = ballot.status != Status.OPEN
    context = {
        "ballot": ballot,
        "entries": board_service.entries(ballot),
        "code": code,
        "found": found,
        "ballots": board_service.ballots(ballot) if closed and request.GET.get("all") else None,
        "cast": ballot.box.count() if closed else None,
    }
    return render(request, "ballots/board.html", context)


@require_GET
def board_json(request: HttpRequest, pk: int) -> JsonResponse:
    ballot = get_object_or_404(ballot_lookup.public(), pk=pk)
    response = JsonResponse(svc.bulletin_board(ballot), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="board-{ballot.pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
def scrutineers(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot's scrutineers with their keys' fingerprints and stages signed; anyone may upload a
    signature record, since only one that verifies against a scrutineer's key is stored."""
    ballot = get_object_or_404(ballot_lookup.public(), pk=pk)
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = svc.record_signature(ballot.pk, json.loads(form.cleaned_data["record"]))
        except (json.JSONDecodeError, RecursionError):
            form.add_error("record", _("not JSON: paste the record hustings scrutineer sign printed"))
        except svc.SignatureRefused as exc:
            form.add_error("record", str(exc)[:1].upper() + str(exc)[1:] + ".")
        else:
            messages.success(
                request,
                _("Recorded %(scrutineer)s's signature of the %(stage)s head.")
                % {"scrutineer": stored.scrutineer.name, "stage": stored.stage},
            )
            return redirect("ballots:scrutineers", pk=ballot.pk)
    context = {"ballot": ballot, "scrutineers": scrutiny.signers(ballot), "form": form}
    return render(request, "ballots/scrutineers.html", context, status=400 if form.errors else 200)


@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_object_or_404(ballot_lookup.plain(), pk=pk)
    if ballot.status not in (Status.COUNTED, Status.PUBLISHED):
        raise Http404("the box is exported when it is counted")
    response = HttpResponse(ballot.export, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ballot-{ballot.pk}.blt"'
    return response


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_object_or_404(ballot_lookup.public(), pk=pk)
    if ballot.status == Status.COUNTED and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if ballot.status != Status.PUBLISHED and not (ballot.status == Status.COUNTED and _may_run(request, ballot)):
        raise Http404("no published result")
    result = ballot.result or {}
    context = {
        "ballot": ballot,
        "result": result,
        **round_rows(result, ballot.candidates),
        **college_rows(result, ballot.sections),  # an electoral college: its sections, and the combined Sankey
        "text": round_table(svc.recount(ballot), ballot.title),
        "officer": ballot.status == Status.COUNTED and _may_run(request, ballot),
    }
    return render(request, "ballots/results.html", context)


def _chosen(request: HttpRequest) -> tuple[Chosen, Organisation]:
    """The organisation and rulebook the officer chose (by GET, or posted back with the ballot),
    defaulting to their first organisation and its rulebook in force. Naming an organisation where
    they run no ballots is refused outright (403), as the service would refuse opening one there."""
    data = request.POST if request.method == "POST" else request.GET
    step = ChoiceForm(data)
    step.is_valid()  # every field is optional text, judged here
    asked = step.cleaned_data
    mine = officer_choices.organisations_for(request.user, "ballots.run")
    if not mine:
        raise PermissionDenied("only a returning officer can open a ballot")
    organisation = next((o for o in mine if o.slug == asked.get("organisation")), None)
    if organisation is None:
        if asked.get("organisation"):
            raise PermissionDenied("you do not run ballots in that organisation")
        organisation = mine[0]
    rulebook = asked.get("rulebook") or ""
    if request.method == "GET" and rulebook not in shipped_rulebooks():
        rulebook = officer_choices.rulebook_in_force(organisation) or ""  # none in force: the officer chooses
    return Chosen(organisation.slug, rulebook, asked.get("process", ""), asked.get("q", "")), organisation


def _unit_choices(request: HttpRequest, organisation: Organisation, search: str) -> tuple[list[Any], list[Any]]:
    """(every unit of the officer's scope in the organisation, those the search shows), as choices."""
    every = officer_choices.units_for(request.user, "ballots.run", organisation)
    found = officer_choices.units_for(request.user, "ballots.run", organisation, search)[: officer_choices.UNITS_SHOWN]
    label = _("%(name)s (%(kind)s)")
    return (
        [(u.code, label % {"name": u.name, "kind": u.kind}) for u in every],
        [(u.code, label % {"name": u.name, "kind": u.kind}) for u in found],
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_view(request: HttpRequest) -> HttpResponse:
    chosen, organisation = _chosen(request)
    accepted, shown = _unit_choices(request, organisation, chosen.search)
    nominated = officer_choices.nominated_processes(request.user, organisation)
    form = OpenBallotForm(request.POST or None, chosen, accepted, shown, nominated)
    if request.method == "POST" and form.is_valid():
        try:
            ballot = svc.open_ballot(
                request.user,
                organisation=organisation.slug,
                title=form.cleaned_data["title"],
                rulebook=form.cleaned_data["rulebook"],
                process_kind=form.cleaned_data["process_kind"],
                method=form.cleaned_data["method"],
                seats=form.cleaned_data["seats"],
                candidates=form.candidate_list(),
                closes=form.cleaned_data["closes"],
                freeze_date=form.cleaned_data["freeze_date"],
                units=form.unit_list(),
                scrutineers=form.scrutineer_list(),
                trustees=form.trustee_list(),
                quorum=form.cleaned_data.get("quorum"),
                weights=form.card_vote_list() or None,
                accept_small_classes=form.cleaned_data["accept_small_classes"],
            )
        except (svc.BallotError, KeyError, ValueError) as exc:
            form.add_error(None, str(exc).strip("'\""))
        else:
            words = _("; the trustees now make its key") if ballot.e2e else ""
            messages.success(
                request,
                _("Opened %(title)s: %(roll_size)s on the roll%(words)s.")
                % {"title": ballot.title, "roll_size": ballot.roll_size, "words": words},
            )
            return redirect("ballots:detail", pk=ballot.pk)
    context = {
        "form": form,
        "chosen": chosen,
        "organisation": organisation,
        "organisations": officer_choices.organisations_for(request.user, "ballots.run"),
        "rulebooks": officer_choices.rulebook_choices(organisation),
        "more_units": len(shown) < len(accepted),
    }
    return render(request, "ballots/open.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def credentials(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = officer_ballot(request, pk)
    if request.method == "GET":
        return render(request, "ballots/credentials.html", {"ballot": ballot})
    delivery = DeliveryForm(request.POST)
    if delivery.is_valid() and delivery.cleaned_data["delivery"] == "email":
        # Sent by `hustings worker`, each voter's new code as their message goes (services.ballots.mailing).
        try:
            job = mailing.queue_code_mail(
                request.user, ballot, request.build_absolute_uri(reverse("ballots:vote", args=[ballot.pk]))
            )
        except svc.BallotError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Voting codes are being sent by e-mail (job %(job_id)s).") % {"job_id": job.pk})
        return redirect("ballots:detail", pk=ballot.pk)
    try:
        issued = svc.issue_credentials(request.user, ballot)
    except svc.BallotError as exc:
        messages.error(request, str(exc))
        return redirect("ballots:detail", pk=ballot.pk)
    return codes_sheet(ballot, issued, f"voting-codes-{ballot.pk}.csv")


def codes_sheet(ballot: Ballot, issued: dict[str, str], filename: str) -> HttpResponse:
    """The printed sheet of freshly issued voting codes as a CSV download, sent once, never cached."""
    response = HttpResponse(svc.printed_codes_csv(ballot, issued), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _publish(request: HttpRequest, ballot: Ballot) -> None:
    """Publish; the ballot's leadership contest, if it waits for the result, takes it too."""
    process = publishing.publish(request.user, ballot)[1]  # (not `_, process`: `_` is gettext here)
    if process is not None:
        messages.info(
            request,
            _("%(title)s has taken the result: %(outcome)s.") % {"title": process.title, "outcome": process.outcome},
        )


def _officer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    ballot = officer_ballot(request, pk)
    try:
        if action == "publish":
            _publish(request, ballot)
        else:
            svc.close_ballot(request.user, ballot)
    except svc.BallotError as exc:
        messages.error(request, str(exc))
    else:
        done = {
            "close": _("Closed the box of %(title)s."),
            "publish": _("Published the result of %(title)s."),
        }[action]
        messages.success(request, done % {"title": ballot.title})
        if action != "close":
            return redirect("ballots:results", pk=ballot.pk)
    return redirect("ballots:detail", pk=ballot.pk)


def _confirm(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The page before an irreversible step: what closing or publishing will do, and the button.
    The step itself is the POST, as before (a POST with no visit here still acts)."""
    ballot = officer_ballot(request, pk)
    box = ballot.encrypted_box if ballot.e2e else ballot.box
    context = {"ballot": ballot, "action": action, "cast": box.count()}
    return render(request, "ballots/confirm_action.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET":
        return _confirm(request, pk, "close")
    return _officer_action(request, pk, "close")


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET":
        return _confirm(request, pk, "publish")
    return _officer_action(request, pk, "publish")


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = officer_ballot(request, pk)
    form = PaperBatchForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = svc.enter_paper_batch(
                request.user,
                ballot,
                form.cleaned_data["label"],
                form.papers(list(ballot.candidates)),
                form.cleaned_data["entry"],
            )
        except svc.BallotError as exc:
            form.add_error(None, str(exc))
    context = {
        "ballot": ballot,
        "form": form,
        "outcome": outcome,
        "batches": ballot.paper_entries.order_by("label", "entry"),
    }
    return render(request, "ballots/paper.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def cards(request: HttpRequest, pk: int) -> HttpResponse:
    """The returning officer records delegates' card votes as shown in the room (docs/ballots.md,
    "Card votes in the room"): each carries the delegate's weight from the roll, and a card whose
    number is not the delegate's is refused (`hustings.services.ballots.cards`)."""
    ballot = officer_ballot(request, pk)
    form = CardVoteForm(request.POST or None)
    recorded = None
    if request.method == "POST" and form.is_valid():
        try:
            recorded = svc.record_card_vote(
                request.user,
                ballot,
                form.cleaned_data["delegate"],
                form.cleaned_data["card"],
                form.preferences(list(ballot.candidates)),
            )
        except svc.BallotError as exc:
            form.add_error(None, _sentence(str(exc)))
        else:
            form = CardVoteForm()
    try:
        delegates = svc.card_delegates(request.user, ballot)
    except svc.BallotError as exc:
        delegates, refusal = [], _sentence(str(exc))
    else:
        refusal = ""
    context = {"ballot": ballot, "form": form, "recorded": recorded, "delegates": delegates, "refusal": refusal}
    return render(request, "ballots/cards.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def proxy(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's proxies in one ballot (docs/ballots.md, "Proxies"): appoint another member of the
    roll, revoke, or, holding proxies, vote for each appointer; each with a confirmation step. The
    services decide everything (`hustings.services.ballots.proxies`)."""
    ballot = get_object_or_404(visible.ballots(request.user).select_related("organisation"), pk=pk)
    candidates = list(ballot.candidates)
    form = ProxyForm(request.POST if request.method == "POST" else None, candidates)
    context: dict[str, object] = {
        "ballot": ballot,
        "numbers": range(1, len(candidates) + 1),
        "candidates": list(enumerate(candidates)),
    }
    status = 200
    if form.is_bound and not form.is_valid():
        context["error"] = _sentence(str(next(iter(form.errors.values()))[0]))
        status = 400
    elif form.is_bound and form.cleaned_data.get("step") != "done":
        context["confirm"] = form.cleaned_data
        context["rows"] = [(i, name, form.data.get(f"rank-{i}", "")) for i, name in enumerate(candidates)]
    elif form.is_bound:
        try:
            context["done"] = _proxy_action(request, ballot, form.cleaned_data)
        except (svc.BallotError, PermissionDenied) as exc:
            context["error"] = _sentence(str(exc))
            status = 400
    context["mine"] = svc.my_proxies(request.user, ballot)
    return render(request, "ballots/proxy.html", context, status=status)


def _proxy_action(request: HttpRequest, ballot: Ballot, data: dict[str, object]) -> str:
    """Carry out the confirmed action; what to tell the member."""
    action = data["action"]
    if action == "appoint":
        svc.appoint_proxy(request.user, ballot, str(data["proxy_ref"]))
        return "appointed"
    if action == "revoke":
        svc.revoke_proxy(request.user, ballot)
        return "revoked"
    preferences = data["preferences"]
    assert isinstance(preferences, list)
    receipt = svc.cast_as_proxy(request.user, ballot.pk, str(data["appointer"]), preferences)
    return str(receipt.tracking_code)


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:] + ("" if words.endswith(".") else ".")
