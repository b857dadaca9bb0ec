"""Run an import job's dry run or its import, inline for a small file and in a background thread
for a large one (more than `INLINE_ROWS` rows): the thread has its own database connection, closed
when it ends, and writes the job's progress every few thousand rows. Progress is also kept in this
process's memory (`live`), because an import's progress written inside its own transaction is not
seen by the progress page until the transaction ends. A job that fails records its error in words.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone

from hustings.services import importing
from hustings.services.importing import jobs as import_jobs
from hustings.services.importing.checking import PROGRESS_EVERY, Progress
from hustings.services.importing.jobs import ImportJob

INLINE_ROWS = 2000
SHOWN_ROWS = 200  # rows of each outcome kept in the job's JSON report for the page
log = logging.getLogger(__name__)
live: dict[int, tuple[str, int, int]] = {}  # job id -> (phase, rows done, rows total), while running
threads: list[threading.Thread] = []  # the background threads started, for tests to wait on


def estimated_rows(data: bytes, file_name: str) -> int:
    """A quick estimate of the rows of a file: its lines, or for a workbook its size / 40 bytes."""
    if data.startswith(b"PK"):
        return len(data) // 40
    return data.count(b"\n")


def start(job: ImportJob, step: Callable[[ImportJob], None]) -> None:
    """Run `step(job)` now if the file is small, else in a thread of its own."""
    if estimated_rows(bytes(job.upload), job.file_name) <= INLINE_ROWS:
        step(job)
        return
    thread = threading.Thread(target=_in_thread, args=(job.pk, step), name=f"import-{job.pk}", daemon=True)
    threads.append(thread)
    thread.start()


def _in_thread(pk: int, step: Callable[[ImportJob], None]) -> None:
    try:
        close_old_connections()
        step(import_jobs.job(pk))
    except Exception:  # the step records its own failures; this is a last resort
        log.exception("import job %s failed", pk)
    finally:
        connection.close()


def _progress(job: ImportJob, write: bool) -> Progress:
    last = [0]

    def report(phase: str, done: int, total: int) -> None:
        live[job.pk] = (phase, done, total)
        if write and (done - last[0] >= PROGRESS_EVERY or done in (0, total)):
            last[0] = done
            import_jobs.record_progress(job.pk, phase, done, total)

    return report


def check(job: ImportJob) -> None:
    """The dry run: the job ends `checked` with its report, or `failed` with the reason."""
    _set(job, state=import_jobs.State.CHECKING, phase="reading the file")
    try:
        report = importing.dry_run(job.user, bytes(job.upload), job.file_name, _progress(job, write=True))
    except importing.ImportFileError as problem:
        _fail(job, str(problem))
        return
    except Exception as problem:
        log.exception("import job %s: dry run failed", job.pk)
        _fail(job, f"{job.file_name} could not be checked: {type(problem).__name__}: {problem}")
        return
    _finish(job, report, import_jobs.State.CHECKED)


def apply(job: ImportJob) -> None:
    """The import: all or nothing. A file refused now (the register changed since the check) goes
    back to `checked` with its new report; any other error fails the job and writes nothing."""
    _set(job, state=import_jobs.State.APPLYING, phase="checking again", rows_done=0)
    try:
        report = importing.apply(job.user, bytes(job.upload), job.file_name, _progress(job, write=False), job)
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
    live.pop(job.pk, None)
    _set(job, state=import_jobs.State.FAILED, error=error, phase="failed", finished=timezone.now())


def _finish(job: ImportJob, report: importing.Report, state: str) -> None:
    live.pop(job.pk, None)
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
