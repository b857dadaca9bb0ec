"""Counting a large box in the background (issue #13): a box of more than `INLINE_BALLOTS`
ballots is counted by `hustings worker` as the job `ballot.count`, not in the officer's request;
a smaller one is counted at once, as before.

- `start_count(actor, ballot)` counts a small box now (returning the `Result`) or queues the job
  (returning it). A count already queued or running for the ballot is returned, not queued twice.
- `count_job` runs `counting.count_ballot` in one transaction with the ballot row locked. It is
  idempotent: a ballot no longer closed (counted by an earlier run, or by hand) is left as it is,
  so a job run again after its worker died, or queued twice, counts the box exactly once. A worker
  that dies mid-count writes nothing (the transaction never commits), and `jobs.recover` runs the
  job again.
- `latest(actor, ballot)` is the ballot's newest count job, whose row every web process reads for
  the officer's progress page (its state, step, and for a failure the reason in words).

End-to-end ballots are never counted here: they are counted when their trustees decrypt.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from hustings.count.result import Result
from hustings.services import audit, jobs
from hustings.services.access import User, account
from hustings.services.ballots import counting, officers
from hustings.services.ballots.errors import BallotError
from hustings.store.ballots.models import Ballot, BoxEntry, Status

INLINE_BALLOTS = 50_000
"""The largest box counted inside the officer's request (a 600,000-ballot box counts in about
1.2 s: docs/ballots.md, "Counting"; a larger one waits for a worker rather than a web request)."""
KIND = "ballot.count"
UNDER_WAY = (jobs.Job.State.QUEUED, jobs.Job.State.RUNNING)


def start_count(actor: User, ballot: Ballot) -> Result | jobs.Job:
    """Count the closed box now if it holds at most `INLINE_BALLOTS` ballots; else queue the job
    `ballot.count` (or return the one already under way). Requires `ballots.run` over the ballot."""
    if ballot.e2e:
        return counting.count_ballot(actor, ballot)  # refused there, with the reason
    officers.require_for(actor, ballot)
    size = BoxEntry.objects.filter(ballot_id=ballot.pk).count()
    if size <= INLINE_BALLOTS:
        return counting.count_ballot(actor, ballot)
    with transaction.atomic():
        row = Ballot.objects.select_for_update().get(pk=ballot.pk)  # two officers' clicks queue one job
        if row.status != Status.CLOSED:
            raise BallotError(
                gettext("cannot count a ballot that is {status}; it must be {CLOSED}").format(
                    status=row.status, CLOSED=Status.CLOSED
                )
            )
        pending = _under_way(row)
        if pending is not None:
            return pending
        job = jobs.enqueue(KIND, {"ballot": row.pk}, account(actor))
        audit.record(actor, "ballot.queue_count", row, None, {"job": job.pk, "ballots": size})
    return job


def _under_way(ballot: Ballot) -> jobs.Job | None:
    found = jobs.latest_for(KIND, "ballot", ballot.pk)
    return found if found is not None and found.state in UNDER_WAY else None


def latest(actor: User, ballot: Ballot) -> jobs.Job | None:
    """The ballot's newest count job, if any. Requires `ballots.run` over the ballot."""
    officers.require_for(actor, ballot)
    return jobs.latest_for(KIND, "ballot", ballot.pk)


def count_job(job: jobs.Job, progress: jobs.Progress) -> dict[str, Any]:
    """The background job `ballot.count` (see the module's docstring), in the name of the officer
    who queued it."""
    steps = len(counting.COUNT_STEPS)
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=int(job.params["ballot"]))
        if ballot.status != Status.CLOSED:
            progress(f"already {ballot.status}: left as it is", steps, steps)
            return {"ballot": ballot.pk, "counted": False, "status": str(ballot.status)}
        if job.user is None:
            raise BallotError(gettext("the account of the officer who asked for this count no longer exists"))
        result = counting.count_ballot(job.user, ballot, progress)
    progress("counted", steps, steps)
    return {"ballot": ballot.pk, "counted": True, "elected": list(result.elected)}
