"""Write one row of the audit log (`record`), with the organisation and unit of its object
(`place`). It sits in the store so that the admin's `AuditedAdmin` and the services both write
through it; `hustings.services.audit` re-exports it beside the reading side (`visible`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import F

from hustings.store.audit.models import AuditEntry

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
    organisation_id, unit_id = place(obj)
    return AuditEntry.objects.create(
        organisation_id=organisation_id,
        unit_id=unit_id,
        actor=actor_name(actor),
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
    )


def actor_name(actor: AbstractBaseUser | AnonymousUser | str | None) -> str:
    """Who did it, as every row that records an actor writes it (audit rows, gate decisions, paper
    entries...): the username, "system" for None, "anonymous" signed out. The one such helper."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return "anonymous"
    return str(actor.get_username())


# A row's object leads to its organisation through these fields, tried in order: its own unit,
# its own organisation, then what it belongs to (a comment's debate, a stage's process...).
_UNIT_FIELDS = ("unit",)
_ORGANISATION_FIELDS = ("organisation",)
_OWNER_FIELDS = ("membership", "comment", "debate", "process", "ballot", "person", "user")


def place(obj: models.Model, depth: int = 0) -> tuple[int | None, int | None]:
    """(organisation id, unit id) of an audited object: an organisation is itself, a unit is in its
    organisation; an object with a unit is in that unit, else one with an organisation is in the
    organisation as a whole; else it is where its owner is (a person: their membership's unit if they
    have one, else that membership's organisation; an account: its person's, else its first role's).
    (None, None) when nothing leads to an organisation: only the admin's superusers see those rows."""
    label = obj._meta.label
    if label == "organisations.Organisation":
        return obj.pk, None
    if label == "organisations.Unit":
        return obj.organisation_id, obj.pk  # type: ignore[attr-defined]
    if label == "members.Person":
        units = list(obj.memberships.values_list("unit__organisation_id", "unit_id")[:2])  # type: ignore[attr-defined]
        if not units:
            return None, None
        return units[0][0], units[0][1] if len(units) == 1 else None
    if label.lower() == settings.AUTH_USER_MODEL.lower():
        return _place_of_user(obj, depth)
    names = {f.name for f in obj._meta.get_fields() if f.many_to_one}
    for name in _UNIT_FIELDS:
        unit = getattr(obj, name, None) if name in names else None
        if unit is not None and unit._meta.label == "organisations.Unit":
            return unit.organisation_id, unit.pk
    for name in _ORGANISATION_FIELDS:
        if name in names and getattr(obj, f"{name}_id", None) is not None:
            return getattr(obj, f"{name}_id"), None
    if depth < 4:
        for name in _OWNER_FIELDS:
            owner = getattr(obj, name, None) if name in names else None
            if owner is not None:
                return place(owner, depth + 1)
    return None, None


def _place_of_user(user: models.Model, depth: int) -> tuple[int | None, int | None]:
    # By label, not by import: the members' and accounts' admins import the audit log.
    Person, Role = apps.get_model("members", "Person"), apps.get_model("accounts", "Role")
    person = Person.objects.filter(user=user).first()
    if person is not None:
        found = place(person, depth + 1)
        if found != (None, None):
            return found
    role = Role.objects.filter(user=user).order_by(F("unit_id").asc(nulls_first=True), "pk").first()
    return (role.organisation_id, role.unit_id) if role is not None else (None, None)
