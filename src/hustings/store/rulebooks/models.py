"""An organisation's adopted rulebook: versioned configuration, not code. Each adoption stores the
YAML text as adopted (validated by `hustings.rules.parse_rulebook`), who adopted it and when; past
versions are kept, so any two can be compared."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hustings.store.organisations.models import Organisation


class AdoptedRulebook(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="rulebooks")
    name = models.CharField(max_length=100, help_text="The rulebook's own name (its `name:` field).")
    version = models.CharField(max_length=100, help_text="The organisation's label for this version.")
    yaml = models.TextField(help_text="The rulebook as adopted, in YAML.")
    adopted_on = models.DateField()
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-adopted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="rulebook_version_once_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.name} version {self.version} of {self.organisation}"

    @property
    def key(self) -> str:
        """How pages name this version beside the shipped rulebooks."""
        return f"adopted-{self.pk}"
