"""The returning officer's count (`services.ballots.count_jobs`): a POST that counts a small box
at once and shows the result, or queues a large box's count for `hustings worker` and shows its
progress page, `/ballots/<id>/counting/`. That page reads the job's row (so any web process shows
it), refreshes itself every few seconds while the count waits or runs (a meta refresh: no script,
so the site's `script-src 'self'` policy holds), and then says the ballot is counted, with a link
to the result, or why the count failed. Both answer only the returning officer of that ballot."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hustings.services import ballots as svc
from hustings.services import jobs
from hustings.services.ballots import count_jobs
from hustings.web.ballots.views import officer_ballot

REFRESH_SECONDS = 3
STEPS = {
    "waiting for a worker": gettext_lazy("Waiting for a worker to take the count"),
    "started": gettext_lazy("Started"),
    "reading the box": gettext_lazy("Reading the box"),
    "counting": gettext_lazy("Counting"),
    "recording the result": gettext_lazy("Recording the result on the bulletin board"),
}
"""The count job's steps (`counting.COUNT_STEPS` and the queue's own), in the reader's language."""


@login_required
@require_POST
def count(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = officer_ballot(request, pk)
    try:
        outcome = count_jobs.start_count(request.user, ballot)
    except svc.BallotError as exc:
        messages.error(request, str(exc))
        return redirect("ballots:detail", pk=ballot.pk)
    if isinstance(outcome, jobs.Job):
        messages.info(
            request, _("%(title)s has a large box: it is being counted in the background.") % {"title": ballot.title}
        )
        return redirect("ballots:counting", pk=ballot.pk)
    messages.success(request, _("Counted %(title)s.") % {"title": ballot.title})
    return redirect("ballots:results", pk=ballot.pk)


@login_required
@require_GET
def counting(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = officer_ballot(request, pk)
    job = count_jobs.latest(request.user, ballot)
    running = job is not None and job.state in count_jobs.UNDER_WAY
    context = {
        "ballot": ballot,
        "job": job,
        "running": running,
        "refresh": REFRESH_SECONDS,
        "step": STEPS.get(job.phase, job.phase) if job is not None else "",
    }
    return render(request, "ballots/counting.html", context)
