"""Background jobs: work queued in the database with Django's task API (the django-tasks backport,
django-tasks-db's backend) and run by `hustings worker`, with its progress on the job's row.

- `enqueue(kind, params, user)` records a `Job` and queues the task that runs it, in one
  transaction: the job exists exactly when its task does.
- A kind is a function `handler(job, progress) -> result` named in `KINDS`; `progress(phase, done,
  total)` reports how far it is, and the row shows it to every web process.
- `recover()` finds running jobs whose worker died: on the worker's own host by its process id
  (at once), elsewhere by a heartbeat older than `stale_after` seconds. A job that may run again
  (every kind here is all-or-nothing or resumes where it stopped) is queued again, up to
  `MAX_ATTEMPTS` starts; after that it is marked failed with the reason in words.
"""

from hustings.services.jobs.queue import (
    KINDS,
    MAX_ATTEMPTS,
    Job,
    Progress,
    enqueue,
    job,
    latest_for,
    recover,
)

__all__ = ["KINDS", "MAX_ATTEMPTS", "Job", "Progress", "enqueue", "job", "latest_for", "recover"]
