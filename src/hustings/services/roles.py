"""Use cases: list, grant and revoke roles. A role over a unit is granted or revoked by an officer
with `units.manage` over that unit (so at or beneath their own unit); an organisation-wide role only
by an organisation-wide one. Each grant and revocation is one transaction with its audit row."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from hustings.services import access
from hustings.services.audit import record
from hustings.store.accounts.models import Role as Role
from hustings.store.accounts.models import RoleKind as RoleKind
from hustings.store.organisations.models import Organisation, Unit


class RoleError(ValueError):
    """A grant or revocation that cannot be made, in words for the officer."""


def _state(role: Role) -> dict[str, object]:
    return {
        "user": role.user.get_username(),
        "kind": role.kind,
        "organisation": role.organisation.slug,
        "unit": role.unit.code if role.unit else None,
    }


def visible(actor: access.User) -> QuerySet[Role]:
    """The roles `actor` may see and manage: every role of an organisation they manage as a whole,
    and the roles over units in their scope; none of any other organisation."""
    whole = access.whole_organisations(actor, "units.manage")
    scope = access.units_in_scope(actor, "units.manage")
    return Role.objects.filter(Q(organisation__in=whole) | Q(unit__in=scope))


def organisations(actor: access.User) -> QuerySet[Organisation]:
    """The organisations in which `actor` may grant roles: those of the units in their scope."""
    return Organisation.objects.filter(units__in=access.units_in_scope(actor, "units.manage")).distinct()


def grant(actor: access.User, organisation: Organisation, username: str, kind: str, unit_code: str = "") -> Role:
    """Give `username` a role of `kind` over the unit `unit_code` (blank: the whole organisation)."""
    unit = None
    if unit_code:
        unit = Unit.objects.filter(organisation=organisation, code=unit_code).first()
        if unit is None:
            access.require_anywhere(actor, "units.manage")
            raise RoleError(
                gettext("{name} has no unit with the code {unit_code!r}").format(
                    name=organisation.name, unit_code=unit_code
                )
            )
    access.require(actor, "units.manage", unit, organisation)
    if kind not in RoleKind.values:
        raise RoleError(gettext("there is no role called {kind!r}").format(kind=kind))
    user = User.objects.filter(username=username).first()
    if user is None:
        raise RoleError(gettext("no account is called {username!r}").format(username=username))
    with transaction.atomic():
        role, created = Role.objects.get_or_create(user=user, kind=kind, organisation=organisation, unit=unit)
        if not created:
            raise RoleError(gettext("{username} already holds that role").format(username=username))
        record(actor, "grant role", role, None, _state(role))
    return role


def revoke(actor: access.User, role: Role) -> None:
    """Take the role away; the audit row keeps what it was."""
    access.require(actor, "units.manage", role.unit, role.organisation)
    if role.user_id == actor.pk and role.kind == RoleKind.GENERAL_SECRETARY:
        raise RoleError(gettext("you cannot revoke your own general secretary role: ask another general secretary"))
    with transaction.atomic():
        record(actor, "revoke role", role, _state(role), None)
        role.delete()
