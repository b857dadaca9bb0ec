"""`Job`: one piece of background work (a member import, voting-code mail, reminders, a large count, debate
notices, a large upload on the count page), queued as a task of Django's task API (`task_id`, a row
of django-tasks-db) and run by
`hustings worker`.

The job's row is what people read: its state, its progress in words and numbers, and for a job
that failed the reason. Which worker runs it (`worker_host`, `worker_pid`) and when it last said it
was alive (`heartbeat`) let another worker notice a worker that died (`hustings.services.jobs`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    kind = models.CharField(max_length=40, help_text="What the job does, e.g. 'import.apply'.")
    params = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(max_length=80, blank=True, help_text="What the job is doing now, in words.")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True, help_text="The queued task (django-tasks-db's id).")
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.state})"
