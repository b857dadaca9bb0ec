"""Use case: publish a ballot's counted result, and move on the process it belongs to.

A leadership contest's process waits in its `ballot` state until the result is known; once the
returning officer publishes the ballot's result, the process takes it and is decided
(`processes.record_contest_result`) in the same transaction, so that the process never says
"ballot open" about a ballot already published. A ballot outside any process, or a process that
has moved on already, is only published. A sibling of `ballots` and `processes`, above both, so
that neither imports the other for this.
"""

from __future__ import annotations

from django.db import transaction

from hustings.services import ballots, processes
from hustings.services.access import User
from hustings.services.processes.contests import LEADERSHIP
from hustings.store.ballots.models import Ballot
from hustings.store.processes.models import Process, ProcessState


def publish(actor: User, ballot: Ballot) -> tuple[Ballot, Process | None]:
    """Publish (`ballots.publish`, which checks the officer and the state), then record the result
    in the ballot's waiting leadership contest, if any: (the ballot, the process moved on or None).
    Should the officer not manage that process, the publication stands and the process waits for
    one who does ("Record the counted result" on its page)."""
    with transaction.atomic():
        published = ballots.publish(actor, ballot)
        process = _waiting(published)
        if process is None:
            return published, None
        try:
            with transaction.atomic():
                processes.record_contest_result(actor, process)
        except processes.ProcessError:
            return published, None
    return published, process


def _waiting(ballot: Ballot) -> Process | None:
    waiting = Process.objects.filter(ballot_id=ballot.pk, state=ProcessState.BALLOT, kind__in=LEADERSHIP)
    return waiting.first()
