"""Run an import job's dry run or its import: inline for a small file (at most `INLINE_ROWS`
rows, checked in well under a second), and for a larger one as a background job run by `hustings
worker` (`hustings.services.jobs`, kinds `import.check` and `import.apply`), whose progress every
web process reads from the job's row (`live`). A job that fails records its error in words.

The import is one transaction: a worker that dies in the middle of it writes nothing, and the job
is run again from the start by the next worker (`jobs.recover`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone

from hustings.services import importing, jobs
from hustings.services.importing import jobs as import_jobs
from hustings.services.importing.checking import Progress
from hustings.services.importing.jobs import ImportJob

INLINE_ROWS = 2000
PROGRESS_EVERY = 5000  # rows between two writes of a running job's progress to its row
INLINE_BYTES = INLINE_ROWS * 80  # a register's row is 60 to 100 bytes of CSV
log = logging.getLogger(__name__)
STEPS = ("check", "apply")


def start(job: ImportJob, step: str) -> None:
    """Run `step` ("check" or "apply") of the import now if the file is small (at most
    `INLINE_BYTES`, about `INLINE_ROWS` rows of a register), else queue it for a worker (the
    import's state says it is under way from now on)."""
    if import_jobs.upload_size(job.pk) <= INLINE_BYTES:
        if step == "check":
            check(job)
        else:
            apply(job)
        return
    state = import_jobs.State.CHECKING if step == "check" else import_jobs.State.APPLYING
    _set(job, state=state, phase="waiting for a worker", rows_done=0)
    jobs.enqueue(f"import.{step}", {"import": job.pk}, job.user)


def check_job(row: jobs.Job, progress: jobs.Progress) -> dict[str, Any]:
    """The background job `import.check`."""
    found = import_jobs.job(int(row.params["import"]))
    check(found, progress)
    return {"import": found.pk}


def apply_job(row: jobs.Job, progress: jobs.Progress) -> dict[str, Any]:
    """The background job `import.apply`; run again from the start after a worker died, unless
    the import it was doing committed first (then it is done)."""
    found = import_jobs.job(int(row.params["import"]))
    if found.state != import_jobs.State.DONE:
        apply(found, progress)
    return {"import": found.pk}


def live(job: ImportJob) -> tuple[str, int, int]:
    """The import's phase, rows done and rows in all: from its background job while one runs."""
    if job.running:
        row = jobs.latest_for("import.", "import", job.pk)
        if row is not None and row.state in (jobs.Job.State.RUNNING, jobs.Job.State.QUEUED):
            return row.phase, row.done, row.total
    return job.phase, job.rows_done, job.rows_total


def _progress(job: ImportJob, write: bool, outer: Progress | None) -> Progress:
    last = [0]

    def report(phase: str, done: int, total: int) -> None:
        if outer is not None:
            outer(phase, done, total)
        if write and (done - last[0] >= PROGRESS_EVERY or done in (0, total)):
            last[0] = done
            import_jobs.record_progress(job.pk, phase, done, total)

    return report


def check(job: ImportJob, progress: Progress | None = None) -> None:
    """The dry run: the job ends `checked` with its report, or `failed` with the reason."""
    _set(job, state=import_jobs.State.CHECKING, phase="reading the file")
    try:
        report = importing.dry_run(
            job.user, import_jobs.stored_upload(job.pk), job.file_name, _progress(job, True, progress)
        )
    except importing.ImportFileError as problem:
        _fail(job, str(problem))
        return
    except Exception as problem:
        log.exception("import job %s: dry run failed", job.pk)
        _fail(job, f"{job.file_name} could not be checked: {type(problem).__name__}: {problem}")
        return
    _finish(job, report, import_jobs.State.CHECKED)


def apply(job: ImportJob, progress: Progress | None = None) -> None:
    """The import: all or nothing. A file refused now (the register changed since the check) goes
    back to `checked` with its new report; any other error fails the job and writes nothing."""
    _set(job, state=import_jobs.State.APPLYING, phase="checking again", rows_done=0)
    try:
        report = importing.apply(
            job.user, import_jobs.stored_upload(job.pk), job.file_name, _progress(job, False, progress), job
        )
    except importing.ImportRefused as refused:
        _finish(job, refused.report, import_jobs.State.CHECKED)
        return
    except importing.ImportFileError as problem:
        _fail(job, str(problem))
        return
    except Exception as problem:
        log.exception("import job %s: import failed", job.pk)
        _fail(job, f"{job.file_name} could not be imported, nothing was written: {type(problem).__name__}: {problem}")
        return
    _finish(job, report, import_jobs.State.DONE)


def _set(job: ImportJob, **fields: Any) -> None:
    import_jobs.update(job, **fields)


def _fail(job: ImportJob, error: str) -> None:
    _set(job, state=import_jobs.State.FAILED, error=error, phase="failed", finished=timezone.now())


def _finish(job: ImportJob, report: importing.Report, state: str) -> None:
    _set(
        job,
        state=state,
        phase=state,
        rows_done=report.total,
        rows_total=report.total,
        report=summary(report),
        report_csv=report.csv_gz,
        finished=timezone.now() if state == import_jobs.State.DONE else None,
    )


def summary(report: importing.Report) -> dict[str, Any]:
    """Counts and the first `KEPT_ROWS` rows of each outcome, as JSON for the page."""
    shown: dict[str, list[dict[str, Any]]] = {outcome: [] for outcome in importing.OUTCOMES}
    for row in report.rows:
        shown[row.outcome].append(
            {"line": row.line, "ref": row.ref, "reasons": list(row.reasons), "changes": [list(c) for c in row.changes]}
        )
    return {
        "counts": report.counts,
        "total": report.total,
        "to_write": report.to_write,
        "accepted": report.accepted,
        "ignored_columns": report.ignored_columns,
        "rows": shown,
        "shown": importing.KEPT_ROWS,
    }
