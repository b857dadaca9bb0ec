"""Use cases: grant and revoke a role. Granting a role over a unit needs `units.manage` over that
unit (a general secretary everywhere); each grant and revocation is one transaction with its audit row."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from hustings.services import access
from hustings.services.audit import record
from hustings.web.accounts.models import Role, RoleKind
from hustings.web.organisations.models import Organisation, Unit


class RoleError(ValueError):
    """A grant or revocation that cannot be made, in words for the officer."""


def _state(role: Role) -> dict[str, object]:
    return {
        "user": role.user.get_username(),
        "kind": role.kind,
        "organisation": role.organisation.slug,
        "unit": role.unit.code if role.unit else None,
    }


def grant(actor: access.User, organisation: Organisation, username: str, kind: str, unit_code: str = "") -> Role:
    """Give `username` a role of `kind` over the unit `unit_code` (blank: the whole organisation)."""
    if kind not in RoleKind.values:
        raise RoleError(f"there is no role called {kind!r}")
    user = User.objects.filter(username=username).first()
    if user is None:
        raise RoleError(f"no account is called {username!r}")
    unit = None
    if unit_code:
        unit = Unit.objects.filter(organisation=organisation, code=unit_code).first()
        if unit is None:
            raise RoleError(f"{organisation.name} has no unit with the code {unit_code!r}")
        access.require(actor, "units.manage", unit)
    else:
        access.require(actor, "units.manage", organisation=organisation)
        if not Role.objects.filter(
            user=actor.pk, kind=RoleKind.GENERAL_SECRETARY, organisation=organisation, unit=None
        ).exists():
            raise RoleError("only an organisation-wide general secretary can grant an organisation-wide role")
    with transaction.atomic():
        role, created = Role.objects.get_or_create(user=user, kind=kind, organisation=organisation, unit=unit)
        if not created:
            raise RoleError(f"{username} already holds that role")
        record(actor, "grant role", role, None, _state(role))
    return role


def revoke(actor: access.User, role: Role) -> None:
    """Take the role away; the audit row keeps what it was."""
    if role.unit is not None:
        access.require(actor, "units.manage", role.unit)
    else:
        access.require(actor, "units.manage", organisation=role.organisation)
    if role.user_id == actor.pk and role.kind == RoleKind.GENERAL_SECRETARY:
        raise RoleError("you cannot revoke your own general secretary role: ask another general secretary")
    with transaction.atomic():
        record(actor, "revoke role", role, _state(role), None)
        role.delete()
