"""`AuditEntry`: append-only. The model refuses to save a row twice or delete one, its queryset
refuses bulk updates and deletes, and a database trigger (migration 0002) refuses both to anyone
who goes round Django."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: they cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: they cannot be deleted")


class AuditEntry(models.Model):
    """Who did what to which object, when, with the object's state before and after (JSON), and where:
    the organisation and unit of the object (`hustings.store.audit.log.place`), which decide whose
    auditors see the row."""

    actor = models.CharField(max_length=150, help_text="The username, or 'system'.")
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, help_text="app_label.Model")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the row outlives what it records, and is never updated
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation the object belongs to (empty: none is known); whose auditors see the row.",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the row outlives what it records, and is never updated
        null=True,
        blank=True,
        related_name="+",
        help_text="The unit the object belongs to, if one; empty: the organisation as a whole.",
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only: they cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: they cannot be deleted")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.action} {self.object_type} {self.object_id}"
