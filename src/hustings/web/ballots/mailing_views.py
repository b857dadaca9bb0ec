"""The returning officer's pages for what code mail leaves behind (`services.ballots.mailing`):

- reminders: a confirmation page with counts only (how many voters a reminder would go to, what the
  last reminder job sent), and a POST that queues `ballot.reminders` for `hustings worker`; never a
  list of voters, which would be a list of who has not voted;
- the printed sheet of the voters the last code mail did not reach: a page with how many there
  are and why, and a POST that gives exactly them fresh codes (their earlier ones stop working) and
  answers with the sheet as CSV (ref, name, code), sent once and never cached.
Both answer only the returning officer of that ballot (`ballots.run` over it, checked by the services).
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hustings.services import ballots as svc
from hustings.services.ballots import mailing
from hustings.web.ballots.views import codes_sheet, officer_ballot


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = officer_ballot(request, pk)
    if request.method == "GET":
        counts = mailing.reminder_counts(request.user, ballot)
        return render(request, "ballots/reminders.html", {"ballot": ballot, "counts": counts})
    try:
        job = mailing.queue_reminders(request.user, ballot)
    except svc.BallotError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Reminders are being sent by e-mail (job %(job)s).") % {"job": job.pk})
    return redirect("ballots:reminders", pk=ballot.pk)


@login_required
@require_http_methods(["GET", "POST"])
def not_reached(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = officer_ballot(request, pk)
    if request.method == "GET":
        found = mailing.not_reached(request.user, ballot)
        why = Counter(reason.split(":", 1)[0] for _, _, reason in found)
        return render(
            request, "ballots/not_reached.html", {"ballot": ballot, "count": len(found), "why": sorted(why.items())}
        )
    try:
        issued = mailing.reissue_not_reached(request.user, ballot)
    except svc.BallotError as exc:
        messages.error(request, str(exc))
        return redirect("ballots:not_reached", pk=ballot.pk)
    return codes_sheet(ballot, issued, f"voting-codes-not-reached-{ballot.pk}.csv")
