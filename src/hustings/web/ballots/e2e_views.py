"""Pages of end-to-end verifiable ballots: a trustee's own page (what to do next, the files to
download, the upload of what `hustings trustee` wrote) and the files it offers. Thin views over
`hustings.services.ballots.e2e`; the services decide who is a trustee (`setup.trustee_of`).

The vote page and the board of an end-to-end ballot are `views.vote` and `views.board`, which
render `vote_e2e.html` and `board_e2e.html` for such a ballot.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hustings.services import ballots as svc
from hustings.services import visible
from hustings.services.ballots.e2e import keys, steps, tally
from hustings.services.ballots.e2e.setup import trustee_of, trustees
from hustings.web.ballots.forms import TrusteeUploadForm


def _e2e_ballot(request: HttpRequest, pk: int) -> Any:
    ballot = get_object_or_404(visible.ballots(request.user).select_related("organisation"), pk=pk, e2e=True)
    return ballot


@login_required
@require_http_methods(["GET", "POST"])
def trustee_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A trustee's page for one ballot: their next step, the exact command, and the upload."""
    ballot = _e2e_ballot(request, pk)
    me = trustee_of(request.user, ballot)
    form = TrusteeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = _upload(request, ballot, form)
        except svc.BallotError as exc:
            form.add_error(None, str(exc)[:1].upper() + str(exc)[1:] + ".")
        except (json.JSONDecodeError, RecursionError, ValueError) as exc:
            form.add_error(None, _("Not the JSON file hustings trustee wrote: %(exc)s") % {"exc": exc})
        else:
            messages.success(request, done)
            return redirect("ballots:trustee", pk=ballot.pk)
    context = {
        "ballot": ballot,
        "me": me,
        "step": steps.next_step(ballot, me),
        "progress": steps.progress(ballot),
        "others": [t.position for t in trustees(ballot)],
        "form": form,
    }
    return render(request, "ballots/trustee.html", context, status=400 if form.errors else 200)


def _upload(request: HttpRequest, ballot: Any, form: TrusteeUploadForm) -> str:
    step = form.cleaned_data["step"]
    text = form.content()
    if step == "keys":
        keys.register_keys(request.user, ballot, json.loads(text), form.cleaned_data.get("signing_key") or "")
        return _("Your keys are registered.")
    document = json.loads(text)
    actions = {
        "deal": (keys.upload_dealing, _("Your dealing is checked and stored.")),
        "confirm": (keys.confirm, _("You have confirmed the election's key.")),
        "mix": (tally.upload_shuffle, _("Your shuffle's proof holds; it is stored.")),
        "decrypt": (tally.upload_partial, _("Your partial decryption's proof holds; it is stored.")),
        "sign": (tally.record_signature, _("Your signature of the board is stored.")),
    }
    if step not in actions:
        raise svc.BallotError(f"no step {step!r}")
    use_case, words = actions[step]
    use_case(request.user, ballot, document)
    return words


@login_required
@require_GET
def trustee_file(request: HttpRequest, pk: int, name: str) -> JsonResponse:
    """The files a trustee downloads: election.json, roster.json, dealing-<i>.json, list.json (to
    mix), ciphertexts.json (to decrypt). Public data all, offered to the ballot's trustees."""
    ballot = _e2e_ballot(request, pk)
    trustee_of(request.user, ballot)
    try:
        if name == "election.json":
            data: object = keys.election_document(ballot)
        elif name == "roster.json":
            data = keys.roster_document(ballot)
        elif name.startswith("dealing-") and name.endswith(".json") and name[8:-5].isdigit():
            documents = keys.dealing_documents(ballot)
            chosen = [d for d in documents if d["dealing"]["trustee"] == int(name[8:-5])]
            if not chosen:
                raise Http404("no such dealing yet")
            data = chosen[0]
        elif name == "list.json":
            data = tally.mix_document(ballot)
        elif name == "ciphertexts.json":
            data = tally.decryption_document(ballot)
        else:
            raise Http404("no such file")
    except svc.BallotError as exc:
        raise Http404(str(exc)) from None
    response = JsonResponse(data, safe=False, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
