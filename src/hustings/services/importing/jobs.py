"""Selectors and writes for import jobs: an uploaded file, its dry run's report and its import's
progress, read and updated by the web's import pages and their runner."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hustings.services import access
from hustings.services.importing.writing import digest
from hustings.store.imports.models import ImportJob as ImportJob

State = ImportJob.State
LIGHT = ("upload", "report_csv")  # the heavy columns a page need not load


def jobs(light: bool = True) -> QuerySet[ImportJob]:
    """Every job with its creator; without the upload and report columns when `light`."""
    rows = ImportJob.objects.defer(*LIGHT) if light else ImportJob.objects.all()
    return rows.select_related("user")


def job(pk: int) -> ImportJob:
    """The job, whole (`ImportJob.DoesNotExist` if there is none)."""
    return ImportJob.objects.get(pk=pk)


def create(user: access.Account, file_name: str, data: bytes) -> ImportJob:
    """A new job for the file `data` uploaded by `user`."""
    return ImportJob.objects.create(user=user, file_name=file_name[:255], upload=data, sha256=digest(data))


def candidates(user: access.User) -> QuerySet[ImportJob]:
    """The jobs `user` may be able to see, light and newest as stored: their own and those of
    users with a role in an organisation where `user` holds `members.import` (each still to be
    decided with `access.oversees`)."""
    organisations = access.organisations_anywhere(user, "members.import")
    rows = ImportJob.objects.filter(Q(user=user) | Q(user__roles__organisation__in=organisations))
    return rows.distinct().defer(*LIGHT).select_related("user")


def update(job: ImportJob, **fields: Any) -> None:
    """Write `fields` to the job's row (and to `job`)."""
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def record_progress(pk: int, phase: str, done: int, total: int) -> None:
    """Write a running job's progress to its row."""
    ImportJob.objects.filter(pk=pk).update(phase=phase[:60], rows_done=done, rows_total=total)
