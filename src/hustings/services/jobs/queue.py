"""Queue jobs, find them, and recover those whose worker died (see the package's docstring)."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from hustings.services import access
from hustings.store.jobs.models import Job as Job

Progress = Callable[[str, int, int], None]
MAX_ATTEMPTS = 3
RUN_JOB = "hustings.services.jobs.tasks.run_job"

KINDS: dict[str, str] = {
    "import.check": "hustings.services.importing.runner.check_job",
    "import.apply": "hustings.services.importing.runner.apply_job",
    "ballot.codes": "hustings.services.ballots.mailing.codes_job",
    "ballot.reminders": "hustings.services.ballots.mailing.reminders_job",
    "ballot.count": "hustings.services.ballots.count_jobs.count_job",
    "debates.closing_soon": "hustings.services.debates.notifications.closing_soon_job",
    "debates.reply": "hustings.services.debates.notifications.reply_job",
    "explorer.count": "hustings.services.background_counts.count_job",
}
"""Each kind of job and the function that does it (imported when a worker runs one)."""


def enqueue(kind: str, params: dict[str, Any], user: access.Account | None = None) -> Job:
    """Record a job of `kind` and queue the task that runs it (in the caller's transaction, if any)."""
    if kind not in KINDS:
        raise ValueError(f"no such kind of job: {kind!r}")
    with transaction.atomic():
        row = Job.objects.create(kind=kind, params=params, user=user, phase="waiting for a worker")
        _queue(row)
    return row


def _queue(row: Job) -> None:
    # The task is named, not imported: it imports this module (tasks -> queue, never back).
    result = import_string(RUN_JOB).enqueue(row.pk)
    Job.objects.filter(pk=row.pk).update(task_id=str(result.id), state=Job.State.QUEUED)
    row.task_id, row.state = str(result.id), Job.State.QUEUED


def job(pk: int) -> Job:
    return Job.objects.get(pk=pk)


def latest_for(kind_prefix: str, key: str, value: int) -> Job | None:
    """The newest job whose kind starts with `kind_prefix` and whose `params[key]` is `value`."""
    rows = Job.objects.filter(kind__startswith=kind_prefix, **{f"params__{key}": value})
    return rows.order_by("-created", "-id").first()


def this_host() -> str:
    return socket.gethostname()


def _alive(pid: int | None) -> bool:
    if not pid or pid == os.getpid():  # this process runs no job while it looks for dead ones
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _dead(row: Job, now: dt.datetime, stale_after: float) -> bool:
    if row.worker_host == this_host():
        return not _alive(row.worker_pid)
    return row.heartbeat is None or now - row.heartbeat > dt.timedelta(seconds=stale_after)


def recover(stale_after: float = 60.0) -> list[Job]:
    """Queue again, or fail with the reason, every running job whose worker died; returns them."""
    now = timezone.now()
    found = []
    for candidate in Job.objects.filter(state=Job.State.RUNNING):
        if not _dead(candidate, now, stale_after):
            continue
        with transaction.atomic():
            row = Job.objects.select_for_update().get(pk=candidate.pk)
            if row.state != Job.State.RUNNING or not _dead(row, now, stale_after):
                continue
            _fail_task(row.task_id)
            where = f"{row.worker_host or 'an unknown host'}, process {row.worker_pid}"
            if row.attempts < MAX_ATTEMPTS:
                row.phase = f"queued again: its worker ({where}) stopped"
                row.save(update_fields=["phase"])
                _queue(row)
            else:
                row.state, row.finished = Job.State.FAILED, now
                row.error = f"its worker ({where}) stopped while running it, {row.attempts} times; not tried again"
                row.phase = "failed"
                row.save(update_fields=["state", "finished", "error", "phase"])
            found.append(row)
    return found


def _fail_task(task_id: str) -> None:
    """Mark the dead worker's task failed, so that the queue shows what happened to it."""
    from django_tasks_db.models import DBTaskResult

    if not task_id:
        return
    task = DBTaskResult.objects.filter(pk=task_id, status="RUNNING").first()
    if task is not None:
        task.set_failed(RuntimeError("the worker running this task stopped"))
