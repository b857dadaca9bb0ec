"""Use case: may this user do this to this unit? The one place where permissions are decided.

Roles (`hustings.web.accounts.models.Role`) are scoped to a unit and cover every unit beneath it;
a role with no unit covers the whole organisation. `PERMISSIONS` maps each permission to the role
kinds that hold it. Views and API endpoints call `require(user, permission, unit)` on the server,
whatever the page showed; a member's own record is `is_self`. While a unit is suspended
(`hustings.web.processes.models.Suspension` in force) the roles over it and beneath it give no powers.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from hustings.services.units import descendants
from hustings.web.accounts.models import Role, RoleKind
from hustings.web.members.models import Person
from hustings.web.organisations.models import Organisation, Unit

User = AbstractBaseUser | AnonymousUser

_OFFICERS = {RoleKind.SECRETARY, RoleKind.GENERAL_SECRETARY}
PERMISSIONS: dict[str, frozenset[RoleKind]] = {
    "members.view": frozenset(_OFFICERS),
    "members.edit": frozenset(_OFFICERS),
    "members.import": frozenset(_OFFICERS),
    "units.manage": frozenset({RoleKind.GENERAL_SECRETARY}),
    "rulebooks.manage": frozenset({RoleKind.GENERAL_SECRETARY}),
    "audit.view": frozenset({RoleKind.AUDITOR, RoleKind.GENERAL_SECRETARY}),
    "ballots.run": frozenset({RoleKind.RETURNING_OFFICER}),
    "processes.manage": frozenset({RoleKind.GENERAL_SECRETARY, RoleKind.RETURNING_OFFICER}),
    "debates.moderate": frozenset({RoleKind.MODERATOR, RoleKind.GENERAL_SECRETARY}),
    "accounts.unlock": frozenset(_OFFICERS),
}


def _roles(user: User, permission: str) -> QuerySet[Role]:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if not user.is_authenticated or not user.is_active:
        return Role.objects.none()
    return Role.objects.filter(user=user, kind__in=PERMISSIONS[permission])


def lineage(unit: Unit) -> list[Unit]:
    """The unit and its ancestors, nearest first."""
    chain = [unit]
    while chain[-1].parent_id is not None:
        parent = chain[-1].parent
        assert parent is not None
        chain.append(parent)
    return chain


def suspended_units() -> set[int]:
    """Ids of the units under a suspension in force."""
    from hustings.web.processes.models import Suspension

    return set(Suspension.objects.filter(lifted_at__isnull=True).values_list("unit_id", flat=True))


def _in_force(rows: list[tuple[int | None]]) -> bool:
    """Whether any of these roles (by unit id) still has powers: a role over a unit that is suspended,
    or lies beneath a suspended unit, has none until the suspension is lifted (the unit's "officers'
    powers stop"); organisation-wide roles are never suspended with a unit."""
    if any(unit_id is None for (unit_id,) in rows):
        return True
    if not rows:
        return False
    suspended = suspended_units()
    if not suspended:
        return True
    units = Unit.objects.select_related("parent__parent__parent__parent")
    return any(not suspended & {u.pk for u in lineage(units.get(pk=unit_id))} for (unit_id,) in rows)


def has(user: User, permission: str, unit: Unit | None = None, organisation: Organisation | None = None) -> bool:
    """Whether `user` holds `permission` over `unit` (through a role on it or an ancestor, or an
    organisation-wide role), or, with no unit, anywhere in `organisation` (or any organisation).
    Roles over a suspended unit, or beneath one, count for nothing while the suspension is in force."""
    roles = _roles(user, permission)
    if unit is None:
        if organisation is not None:
            roles = roles.filter(organisation=organisation)
    else:
        ids = [u.pk for u in lineage(unit)]
        roles = roles.filter(Q(unit__in=ids) | Q(unit__isnull=True, organisation_id=unit.organisation_id))
    return _in_force(list(roles.values_list("unit_id")))


def require(user: User, permission: str, unit: Unit | None = None, organisation: Organisation | None = None) -> None:
    """Raise `PermissionDenied` unless `has(user, permission, unit, organisation)`."""
    if not has(user, permission, unit, organisation):
        raise PermissionDenied(f"you do not have the {permission} permission here")


def units_in_scope(user: User, permission: str) -> QuerySet[Unit]:
    """Every unit over which `user` holds `permission`: the units of their roles and all beneath them."""
    roles = [
        (org, unit)
        for org, unit in _roles(user, permission).values_list("organisation_id", "unit_id")
        if unit is None or _in_force([(unit,)])
    ]
    whole = {org for org, unit in roles if unit is None}
    found = descendants(unit for _, unit in roles if unit is not None)
    return Unit.objects.filter(Q(pk__in=found) | Q(organisation__in=whole))


def person_of(user: User) -> Person | None:
    """The register's person linked to this account, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def is_self(user: User, person: Person) -> bool:
    return user.is_authenticated and person.user_id == user.pk


def role_names(user: User) -> Iterable[str]:
    """The user's roles in words ("secretary of Islington North CLP"), for the page header."""
    if not user.is_authenticated:
        return []
    return [str(role) for role in Role.objects.filter(user=user).select_related("unit", "organisation")]
