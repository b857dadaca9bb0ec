"""Roles scoped to units, and API tokens.

A `Role` gives a user a kind of office (branch secretary, general secretary, returning officer,
auditor, moderator) over one unit and everything beneath it in the tree, or over the whole
organisation when `unit` is empty. What each kind may do is `hustings.services.access.PERMISSIONS`;
every view and API call asks `access.require` on the server.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hustings.store.organisations.models import Organisation, Unit


class RoleKind(models.TextChoices):
    SECRETARY = "secretary", _("secretary")
    GENERAL_SECRETARY = "general_secretary", _("general secretary")
    RETURNING_OFFICER = "returning_officer", _("returning officer")
    AUDITOR = "auditor", _("auditor")
    MODERATOR = "moderator", _("moderator")


class Role(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=32, choices=RoleKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        help_text="The unit the role covers, and all beneath it; empty: the whole organisation.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "organisation", "unit"], name="one_role_each")]

    def __str__(self) -> str:
        scope = self.unit.name if self.unit is not None else self.organisation.name
        return gettext("%(kind)s of %(scope)s") % {"kind": self.get_kind_display(), "scope": scope}


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 digest is stored: the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user: models.Model, name: str) -> tuple[ApiToken, str]:
        """A new token for `user`; returns the row and the key, which is not kept."""
        key = "hst_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=_digest(key)), key

    @classmethod
    def user_for(cls, key: str) -> models.Model | None:
        """The active user whose token this key is, or None."""
        token = cls.objects.select_related("user").filter(digest=_digest(key)).first()
        if token is None or not token.user.is_active:
            return None
        return token.user
