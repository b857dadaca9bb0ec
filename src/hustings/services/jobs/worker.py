"""The worker's loop (`hustings worker`): recover jobs whose worker died, then take the next task
queued in the database and run it; `drain` runs every ready task in this process and returns.

Tasks are taken as django-tasks-db's own `db_worker` takes them (a row locked `FOR UPDATE SKIP
LOCKED`, or an exclusive transaction on SQLite, then claimed), so any number of workers on any
number of hosts share one queue and never run a task twice at once.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from hustings.services.jobs import tasks
from hustings.services.jobs.queue import recover

log = logging.getLogger(__name__)


def _worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def _take(worker_id: str) -> DBTaskResult[Any, Any] | None:
    ready = DBTaskResult.objects.ready().filter(backend_name="default")
    try:
        with exclusive_transaction(ready.db):
            found = ready.get_locked()
            if found is not None:
                found.claim(worker_id)
            return found
    except OperationalError as problem:
        if is_locked_database_exception(problem):
            return None
        raise


def drain(stale_after: float = 60.0) -> int:
    """Recover dead workers' jobs, then run every ready task here, one after another; returns how many."""
    worker_id = get_random_string(32)
    runner = _worker(worker_id)
    recover(stale_after)
    count = 0
    while (found := _take(worker_id)) is not None:
        runner.run_task(found)
        count += 1
    return count


def run(interval: float = 1.0, stale_after: float = 60.0, until_idle: bool = False) -> int:
    """Serve the queue until stopped (SIGTERM or Ctrl-C ends it after the task in hand); with
    `until_idle`, stop when nothing is ready. Returns the number of tasks run."""
    tasks.heartbeat_thread = True
    worker_id = get_random_string(32)
    runner = _worker(worker_id)
    runner.configure_signals()
    count = 0
    while runner.running:
        close_old_connections()
        for row in recover(stale_after):
            log.warning("job %s (%s): its worker died; now %s", row.pk, row.kind, row.state)
        found = _take(worker_id)
        if found is not None:
            runner.run_task(found)
            count += 1
            continue
        if until_idle:
            break
        time.sleep(interval)
    return count
