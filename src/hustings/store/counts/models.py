"""`SavedCount`: a count a signed-in user chose to keep from the count page, at a permalink.

Only a count its user asked to save is stored (the count page stores nothing otherwise): the
uploaded file's bytes (at most `services.counting.MAX_UPLOAD_BYTES`), the method and options as
asked for (the command line's words), and the result record `hustings count --format json` prints.
The `key` is the permalink's unguessable part (128 random bits); anyone who has the link may read
the count, and only its owner may delete it.
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
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"saved count {self.key} of {self.file_name}"
