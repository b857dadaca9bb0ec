"""The register's tables, one per `hustings.rules.register` type (Person, Membership, StatusChange,
Payment, Office); `hustings.services.register` reads them back into a `PersonHistory`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hustings.rules import Category, OfficeKind, Status
from hustings.store.organisations.models import Unit


def _choices(kind: type[Category] | type[Status] | type[OfficeKind]) -> list[tuple[str, str]]:
    return [(item.value, item.value.replace("_", " ")) for item in kind]


class Person(models.Model):
    ref = models.CharField(max_length=64, unique=True, help_text="Membership number: the rules' person id.")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})"


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    category = models.CharField(max_length=32, choices=_choices(Category))
    affiliate_member_since = models.DateField(
        null=True, blank=True, help_text="An affiliated supporter: when they joined the affiliate."
    )

    def __str__(self) -> str:
        return f"{self.person} in {self.unit} as {self.category}"


class StatusChange(models.Model):
    """An event of a membership's history, effective from `on`; history is kept, never rewritten."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=16, choices=_choices(Status))
    on = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["membership", "on"])]

    def __str__(self) -> str:
        return f"{self.status} on {self.on}"


class Payment(models.Model):
    """Dues or a supporter's fee, in whole pence."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="payments")
    at = models.DateTimeField()
    pence = models.PositiveIntegerField()
    covers_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Office(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="offices")
    kind = models.CharField(max_length=32, choices=_choices(OfficeKind))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="offices")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.unit} from {self.start}"
