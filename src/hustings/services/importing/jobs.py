"""Selectors and writes for import jobs: an uploaded file, its dry run's report and its import's
progress, read and updated by the web's import pages and their runner."""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from django.db.models import BinaryField, Q, QuerySet
from django.db.models.functions import Length, Substr

from hustings.services import access
from hustings.services.importing.reading import Opener
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


SLICE = 1 << 20  # bytes of a stored upload read per query


class _StoredUpload(io.RawIOBase):
    """A job's upload read from its row `SLICE` bytes at a time (`substr` on SQLite's blob and on
    PostgreSQL's bytea), so that a worker never holds the whole file."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.length = upload_size(pk)
        self.position = 0
        self.slice_at = -1
        self.slice = b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.length}[whence]
        self.position = max(0, base + offset)
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: Any) -> int:
        if self.position >= self.length:
            return 0
        start = self.position - self.position % SLICE
        if start != self.slice_at:
            part = (
                ImportJob.objects.filter(pk=self.pk)
                .annotate(part=Substr("upload", start + 1, SLICE, output_field=BinaryField()))
                .values_list("part", flat=True)
                .get()
            )
            self.slice_at, self.slice = start, bytes(part)
        data = self.slice[self.position - start : self.position - start + len(buffer)]
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)


def stored_upload(pk: int) -> Opener:
    """An opener of the job's upload as a buffered binary stream read from the database in slices."""

    def open_() -> BinaryIO:
        return io.BufferedReader(_StoredUpload(pk), SLICE)

    return open_


def upload_size(pk: int) -> int:
    """The upload's length in bytes, without reading it."""
    return int(ImportJob.objects.filter(pk=pk).annotate(n=Length("upload")).values_list("n", flat=True).get())
