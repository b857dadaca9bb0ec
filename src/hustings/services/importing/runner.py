"""Run an import job's dry run or its import: inline for a small file (at most `INLINE_ROWS`
rows, checked in well under a second), and for a larger one as a background job run by `hustings
worker` (`hustings.services.jobs`, kinds `import.check` and `import.apply`), whose progress every
web process reads from the job's row (`live`). A job that fails records its error in words.

The import is one transaction: a worker that dies in the middle of it writes nothing, and the job
is run again from the start by the next worker (`jobs.recover`).
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
from typing import Any

from django.utils import timezone

from hustings.services import importing, jobs
from hustings.services.importing import jobs as import_jobs
from hustings.services.importing.checking import PROGRESS_EVERY, Progress
from hustings.services.importing.jobs import ImportJob

INLINE_ROWS = 2000
SHOWN_ROWS = 200  # rows of each outcome kept in the job's JSON report for the page
log = logging.getLogger(__name__)
STEPS = ("check", "apply")


def estimated_rows(data: bytes, file_name: str) -> int:
    """A quick estimate of the rows of a file: its lines, or for a workbook its size / 40 bytes."""
    if data.startswith(b"PK"):
        return len(data) // 40
    return data.count(b"\n")


def start(job: ImportJob, step: str) -> None:
    """Run `step` ("check" or "apply") of the import now if the file is small, else queue it for
    a worker (the import's state says it is under way from now on)."""
    if estimated_rows(bytes(job.upload), job.file_name) <= INLINE_ROWS:
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
        report = importing.dry_run(job.user, bytes(job.upload), job.file_name, _progress(job, True, progress))
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
        report = importing.apply(job.user, bytes(job.upload), job.file_name, _progress(job, False, progress), job)
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
    total = len(report.rows)
    _set(
        job,
        state=state,
        phase=state,
        rows_done=total,
        rows_total=total,
        report=summary(report),
        report_csv=gzip.compress(report_csv(report).encode(), compresslevel=5),
        finished=timezone.now() if state == import_jobs.State.DONE else None,
    )


def summary(report: importing.Report) -> dict[str, Any]:
    """Counts and the first `SHOWN_ROWS` rows of each outcome, as JSON for the page."""
    shown: dict[str, list[dict[str, Any]]] = {outcome: [] for outcome in importing.OUTCOMES}
    for row in report.rows:
        kept = shown[row.outcome]
        if len(kept) < SHOWN_ROWS:
            kept.append(
                {
                    "line": row.line,
                    "ref": row.ref,
                    "reasons": list(row.reasons),
                    "changes": [list(c) for c in row.changes],
                }
            )
    return {
        "counts": report.counts,
        "total": len(report.rows),
        "to_write": report.to_write,
        "accepted": report.accepted,
        "ignored_columns": report.ignored_columns,
        "rows": shown,
        "shown": SHOWN_ROWS,
    }


def report_csv(report: importing.Report) -> str:
    """Every row: line, membership number, outcome, reasons and changes (field: before → after)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["line", "membership number", "outcome", "reasons", "changes"])
    for row in report.rows:
        changes = "; ".join(f"{field}: {before or '(none)'} → {after}" for field, before, after in row.changes)
        writer.writerow([row.line, row.ref, row.outcome, "; ".join(row.reasons), changes])
    return out.getvalue()
