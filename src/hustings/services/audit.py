"""Use case: write one row of the audit log for an officer's action."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from hustings.web.audit.models import AuditEntry

JSON = dict[str, Any] | list[Any] | str | int | float | bool | None


def record(
    actor: AbstractBaseUser | AnonymousUser | str | None,
    action: str,
    obj: models.Model,
    before: JSON = None,
    after: JSON = None,
) -> AuditEntry:
    """Append who (`actor`: a user, a name, or None for the system) did `action` to `obj`, with the
    object's state before and after as JSON. Call it inside the transaction that makes the change,
    so that the change and its record stand or fall together."""
    return AuditEntry.objects.create(
        actor=_actor_name(actor),
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
    )


def _actor_name(actor: AbstractBaseUser | AnonymousUser | str | None) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return "anonymous"
    return str(actor.get_username())
