"""Use case: a large upload on the count page is counted by `hustings worker`, not in the request
(issue #15: "big files run as background tasks with progress").

- `in_background(size, name)`: whether an upload of `size` bytes waits for a worker (over
  `BACKGROUND_FROM_BYTES`, or `CONTEST_FROM_BYTES` for an RCTab contest zip; every upload is
  still refused over `counting.MAX_UPLOAD_BYTES`).
- `queue(user, name, data, request, save)` keeps the upload on a `BackgroundCount` row whose `key`
  (128 random bits, `secrets.token_urlsafe(16)`) is the progress page's link, and queues the job
  `explorer.count` (`services.jobs`). Anyone, signed in or not, may queue one; the row is found
  only by its key, so the result reaches only whoever holds the link.
- `count_job(job, progress)` counts the upload exactly as the page would inline
  (`counting.count_upload`: the same record, the same one-line refusal), then empties the upload:
  only the result (or the refusal) is kept, and for a signed-in user who ticked *Save this count*
  the saved count is made (`saved_counts.save`) and the page moves to its permalink. It is
  idempotent: a job run again after its worker died (`jobs.recover`) finds the row counted and
  leaves it, or counts the upload that is still there.
- `find(key)`: the row, or `NoSuchCount` for a key that is not one or has expired. Every row is
  deleted `KEEP_FOR` after it was queued (`sweep`, run whenever a count is queued or looked for),
  with its job, so a file whose job never ended (no worker ran) is not kept either.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hustings.services import access, counting, jobs, saved_counts
from hustings.services.saved_counts import NoSuchCount
from hustings.store.counts.models import BackgroundCount

BACKGROUND_FROM_BYTES = 1024 * 1024
"""Uploads larger than this (1 MiB: about 200,000 ballots of a CSV of rankings, or an RCTab
contest's zip of cast vote records) are counted by a worker; smaller ones within the request.
A 5 MB CSV counted by STV or a contest of a few hundred thousand records can take longer than a
web request should, and the size is known before anything is read."""
CONTEST_FROM_BYTES = 256 * 1024
"""An RCTab contest zip larger than this (256 KiB) is counted by a worker: its records are
compressed, often tenfold, so a small archive may hold a large contest."""
KEEP_FOR = dt.timedelta(hours=24)
"""How long a background count's row (its result, or the upload of a job no worker took) is kept."""
KIND = "explorer.count"
STEPS = (counting.READING, counting.COUNTING, "recording the result")
UNDER_WAY = (jobs.Job.State.QUEUED, jobs.Job.State.RUNNING)

__all__ = ["BACKGROUND_FROM_BYTES", "KEEP_FOR", "BackgroundCount", "NoSuchCount", "find", "in_background", "queue"]


def in_background(size: int, name: str = "") -> bool:
    """Whether an upload of `size` bytes named `name` is counted by a worker."""
    contest = counting.is_contest(counting.upload_name(name))
    return size > (min(BACKGROUND_FROM_BYTES, CONTEST_FROM_BYTES) if contest else BACKGROUND_FROM_BYTES)


def _request_fields(request: counting.CountRequest) -> dict[str, Any]:
    """The request as the row keeps it (JSON: the options as a list)."""
    return dataclasses.asdict(request) | {"options": list(request.options)}


def _request_of(fields: dict[str, Any]) -> counting.CountRequest:
    return counting.CountRequest(**(fields | {"options": tuple(fields["options"])}))


def queue(
    user: access.User, name: str, data: bytes, request: counting.CountRequest, save: bool = False
) -> BackgroundCount:
    """Keep the upload and queue its count; returns the row whose `key` makes the progress page's
    link. `counting.TooLarge` over `counting.MAX_UPLOAD_BYTES`."""
    if counting.too_large(len(data)):
        raise counting.TooLarge.of(name, len(data))
    sweep()
    owner = access.signed_in(user)
    with transaction.atomic():
        row = BackgroundCount.objects.create(
            key=secrets.token_urlsafe(16),
            owner=owner,
            save_count=save and owner is not None,
            file_name=counting.upload_name(name),
            upload=data,
            request=_request_fields(request),
            expires=timezone.now() + KEEP_FOR,
        )
        row.job = jobs.enqueue(KIND, {"count": row.pk}, owner)
        row.save(update_fields=["job"])
    return row


def sweep() -> int:
    """Delete every background count past its expiry, and its job; returns how many."""
    expired = BackgroundCount.objects.filter(expires__lte=timezone.now())
    job_ids = [pk for pk in expired.values_list("job_id", flat=True) if pk is not None]
    deleted, _ = expired.delete()
    jobs.Job.objects.filter(pk__in=job_ids, kind=KIND).delete()
    return deleted


def find(key: str) -> BackgroundCount:
    """The background count at this link; `NoSuchCount` for none (or one expired)."""
    sweep()
    row = BackgroundCount.objects.filter(key=key).defer("upload").select_related("job").first()
    if row is None:
        raise NoSuchCount(gettext("no count at this link (a count is kept for a day)"))
    return row


def under_way(row: BackgroundCount) -> bool:
    """Whether the count still waits for a worker or runs."""
    return row.job is not None and row.job.state in UNDER_WAY and row.record is None and not row.error


def count_job(job: jobs.Job, progress: jobs.Progress) -> dict[str, Any]:
    """The background job `explorer.count` (see the module's docstring)."""
    total = len(STEPS)
    row = BackgroundCount.objects.filter(pk=int(job.params["count"])).first()
    if row is None:  # expired and deleted before a worker took it
        return {"count": int(job.params["count"]), "counted": False}
    if row.record is not None or row.error:
        return {"count": row.pk, "counted": row.record is not None}
    try:
        counted = counting.count_upload(
            row.file_name,
            bytes(row.upload),
            _request_of(row.request),
            lambda step: progress(step, STEPS.index(step), total),
        )
    except Exception as exc:
        message = counting.refusal(exc)
        _finish(row, error=message or "the count failed: a fault in Hustings, not in the file")
        if message is None:
            raise
        progress("refused", total, total)
        return {"count": row.pk, "counted": False}
    progress(STEPS[2], 2, total)
    _record(row, counted)
    progress("counted", total, total)
    return {"count": row.pk, "counted": True}


def _record(row: BackgroundCount, counted: counting.Counted) -> None:
    """Keep the result (what the page shows), save it if asked, and empty the upload."""
    saved_key = ""
    if row.save_count and row.owner is not None:
        request = _request_of(row.request)
        saved_key = saved_counts.save(row.owner, bytes(row.upload), request, counted).key
    # (Not the ballots as BLT: they are the user's own file, not kept again, so not written either.)
    downloads = [[d.label, d.filename, d.media_type, d.text] for d in counting.downloads(counted, ballots=False)]
    _finish(
        row,
        record=counted.record(),
        text=counted.text(),
        downloads=downloads,
        saved_key=saved_key,
    )


def _finish(row: BackgroundCount, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(row, name, value)
    row.upload = b""
    BackgroundCount.objects.filter(pk=row.pk).update(upload=b"", **fields)


def shown_downloads(row: BackgroundCount) -> list[counting.Download]:
    return [counting.Download(*d) for d in row.downloads]
