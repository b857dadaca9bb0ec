"""`ImportJob`: one uploaded member file, its dry run and (once accepted) its import.

The upload is kept in the database with the job (no media directory to configure), the full
per-row report as gzip-compressed CSV beside a JSON summary (counts and the first rows of each
outcome) that the page shows. States: uploaded → checking → checked → applying → done, or failed
with the error in words."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class State(models.TextChoices):
        UPLOADED = "uploaded"
        CHECKING = "checking"
        CHECKED = "checked"
        APPLYING = "applying"
        DONE = "done"
        FAILED = "failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs")
    file_name = models.CharField(max_length=255)
    upload = models.BinaryField(help_text="The uploaded file as it came.")
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=State.choices, default=State.UPLOADED)
    phase = models.CharField(max_length=60, blank=True, help_text="What the job is doing now, in words.")
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(null=True, blank=True, help_text="Counts and the first rows of each outcome.")
    report_csv = models.BinaryField(null=True, blank=True, help_text="The full per-row report, gzip-compressed CSV.")
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"import of {self.file_name} ({self.state})"

    @property
    def running(self) -> bool:
        return self.state in (self.State.UPLOADED, self.State.CHECKING, self.State.APPLYING)

    @property
    def accepted(self) -> bool:
        return bool(self.report and self.report.get("accepted", False))
