"""An organisation and its units; a unit maps onto `hustings.rules.Unit` (its `code` is the rules' id)."""

from __future__ import annotations

from django.db import models


class Organisation(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A node of the organisation's tree; `parent` is None at the top (a nation, or the whole party)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(max_length=64, unique=True, help_text="The unit's identifier in the register.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, help_text="nation, region, constituency party, branch, affiliate...")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"
