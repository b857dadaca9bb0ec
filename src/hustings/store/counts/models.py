"""`SavedCount`: a count a signed-in user chose to keep from the count page, at a permalink.
`BackgroundCount`: a large upload waiting for, or counted by, `hustings worker`.

Only a count its user asked to save is kept (the count page keeps nothing else but a large upload,
until a worker has counted it): the uploaded file's bytes (at most
`services.counting.MAX_UPLOAD_BYTES`), the method and options as asked for (the command line's
words), the result record `hustings count --format json` prints, and for an RCTab contest its URCVT
summaries as `hustings rctab` writes them. The `key` is the permalink's unguessable part (128 random
bits); anyone who has the link may read the count, and only its owner may delete it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedCount(models.Model):
    key = models.CharField(max_length=32, unique=True, help_text="The permalink's unguessable part.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_counts")
    file_name = models.CharField(max_length=200)
    upload = models.BinaryField(help_text="The ballot file as uploaded.")
    method = models.CharField(max_length=60)
    options = models.JSONField(default=dict, help_text="seats, tie_break, seed and NAME=VALUE options as asked.")
    record = models.JSONField(help_text="The result record, as `hustings count --format json` prints it.")
    summaries = models.JSONField(
        default=list,
        blank=True,
        help_text="An RCTab contest's URCVT summaries: [file name, text], as `hustings rctab`.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"saved count {self.key} of {self.file_name}"


class BackgroundCount(models.Model):
    """A count of a large upload run as a background job (`services.background_counts`).

    The upload is kept only until the job ends (then emptied); the row, with the result or the
    refusal, until `expires` (a day after it was queued), and can be found only by its `key`
    (128 random bits), the page's link: anyone without it, signed in or not, finds nothing."""

    key = models.CharField(max_length=32, unique=True, help_text="The progress page's unguessable part.")
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    save_count = models.BooleanField(default=False, help_text="Whether the owner asked to save the count.")
    file_name = models.CharField(max_length=200)
    upload = models.BinaryField(blank=True, help_text="The file as uploaded, until the job ends.")
    request = models.JSONField(default=dict, help_text="method, seats, tie_break, seed and options as asked.")
    record = models.JSONField(null=True, blank=True, help_text="The result record, once counted.")
    text = models.TextField(blank=True, help_text="The count as text (the round table).")
    downloads = models.JSONField(default=list, blank=True, help_text="[label, file name, media type, text].")
    error = models.TextField(blank=True, help_text="The one-line refusal of a file that cannot be counted.")
    saved_key = models.CharField(max_length=32, blank=True, help_text="The saved count's key, if saved.")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["expires"])]

    def __str__(self) -> str:
        return f"background count {self.pk} of {self.file_name}"
