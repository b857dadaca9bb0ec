"""The one task every job runs through: `run_job(pk)` looks the job's kind up in `KINDS` and runs
it, recording on the job's row that it started, its progress, and how it ended.

While it runs, a heartbeat thread (in `hustings worker`) writes the job's progress and the time to
the row every `BEAT` seconds on a connection of its own, outside the job's transaction, so every
web process sees how far it is while an import's writes are still uncommitted (on SQLite, whose
writer holds the one write lock, the row catches up when the transaction ends).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from hustings.services.jobs.queue import KINDS, Job, this_host

BEAT = 2.0
log = logging.getLogger(__name__)
heartbeat_thread = False
"""Set by `hustings worker`: write progress and heartbeats from a thread of their own."""


class Reporter:
    """The `progress(phase, done, total)` a job is given; keeps the latest and writes it."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.latest: tuple[str, int, int] | None = None
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, phase: str, done: int, total: int) -> None:
        with self.lock:
            if self.latest is None or self.latest[0] != phase[:80]:
                log.info("job %s: %s", self.pk, phase)  # the worker's log shows each phase as it begins
            self.latest = (phase[:80], done, total)
        if not heartbeat_thread:
            self.write()

    def write(self) -> None:
        with self.lock:
            latest, self.latest = self.latest, None
        fields: dict[str, Any] = {"heartbeat": timezone.now()}
        if latest is not None:
            fields.update(phase=latest[0], done=latest[1], total=latest[2])
        Job.objects.filter(pk=self.pk, state=Job.State.RUNNING).update(**fields)

    def beat(self) -> None:
        try:
            while not self.stop.wait(BEAT):
                try:
                    self.write()
                except Exception:  # a busy SQLite file: the next beat tries again
                    log.debug("job %s: heartbeat not written", self.pk, exc_info=True)
        finally:
            connection.close()


@task()
def run_job(pk: int) -> str:
    """Run job `pk` (see the module's docstring); returns its final state."""
    row = Job.objects.get(pk=pk)
    if row.state in (Job.State.DONE, Job.State.FAILED):
        return str(row.state)
    Job.objects.filter(pk=pk).update(
        state=Job.State.RUNNING,
        attempts=row.attempts + 1,
        started=timezone.now(),
        heartbeat=timezone.now(),
        worker_host=this_host(),
        worker_pid=os.getpid(),
        phase="started",
    )
    row.refresh_from_db()
    reporter = Reporter(pk)
    beating = threading.Thread(target=reporter.beat, name=f"job-{pk}-heartbeat", daemon=True)
    if heartbeat_thread:
        beating.start()
    try:
        result = import_string(KINDS[row.kind])(row, reporter)
    except Exception as problem:
        log.exception("job %s (%s) failed", pk, row.kind)
        _end(pk, Job.State.FAILED, error=f"{type(problem).__name__}: {problem}", phase="failed")
        return Job.State.FAILED
    finally:
        reporter.stop.set()
        if beating.is_alive():
            beating.join()
    latest = reporter.latest
    _end(pk, Job.State.DONE, result=result, phase="done", **({"done": latest[1], "total": latest[2]} if latest else {}))
    return Job.State.DONE


def _end(pk: int, state: str, **fields: Any) -> None:
    Job.objects.filter(pk=pk).update(state=state, finished=timezone.now(), heartbeat=timezone.now(), **fields)
