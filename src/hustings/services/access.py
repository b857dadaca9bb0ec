"""Use case: may this user do this, here? The one place where permissions are decided.

Roles (`hustings.store.accounts.models.Role`) are scoped to a unit and cover that unit and every unit
beneath it, nothing above or beside it; a role with no unit covers the whole organisation.
`PERMISSIONS` maps each permission to the role kinds that hold it. Three questions, each with its
own function, so that no caller can ask the wrong one by leaving out an argument:

- `has(user, permission, unit)` / `require(...)`: over this unit (a role on it or an ancestor, or an
  organisation-wide role of its organisation);
- `has_whole(user, permission, organisation)` / `require_whole(...)`: over the organisation as a
  whole (an organisation-wide role): adopting its rulebook, its organisation-wide roles, processes,
  ballots and debates, suspending a unit with nothing above it;
- `has_anywhere(user, permission)`: somewhere, in some organisation: only for navigation (whether
  to show a menu or a form); the page behind it asks one of the two above before it shows or does
  anything.

Apart from permissions, `organisations_of(user)` says which organisations a signed-in user belongs
to (a membership of their person, or a role): the only ones whose ballots, processes, debates, units
and adopted rulebooks they may read (`hustings.services.visible`, the selectors every such page and
API operation reads through).

Views and API endpoints call them on the server, whatever the page showed; a member's own record is
`is_self`. While a unit is suspended (`hustings.store.processes.models.Suspension` in force) the roles
over it and beneath it give no powers.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import models as auth
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from hustings.services.units import descendants
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.members.models import Membership, Person
from hustings.store.organisations.models import Organisation, Unit

User = AbstractBaseUser | AnonymousUser
"""Whoever makes a request: signed in or not. Services that only read or decide take it."""
Account = auth.User
"""A signed-in person's account: what the rows a service writes in someone's name point to
(`signed_in` and `account` narrow a `User` to it)."""


def signed_in(user: User) -> Account | None:
    """The account of a signed-in user (what a row's author, reporter or owner refers to), None for
    anyone signed out. The one place a request's user is narrowed to the account model."""
    if isinstance(user, Account) and user.is_authenticated:
        return user
    return None


def account(user: User) -> Account:
    """The account of a signed-in user, for services that write a row in their name;
    `PermissionDenied` for anyone signed out."""
    found = signed_in(user)
    if found is None:
        raise PermissionDenied(gettext("sign in first"))
    return found


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
    holder = signed_in(user)
    if holder is None or not holder.is_active:
        return Role.objects.none()
    return Role.objects.filter(user=holder, kind__in=PERMISSIONS[permission])


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
    from hustings.store.processes.models import Suspension

    return set(Suspension.objects.filter(lifted_at__isnull=True).values_list("unit_id", flat=True))


def _in_force(rows: list[tuple[int | None]]) -> bool:
    """Whether any of these roles (by unit id) still has powers: a role over a unit that is suspended,
    or lies beneath a suspended unit, has none until the suspension is lifted (the unit's "officers'
    powers stop"); organisation-wide roles are never suspended with a unit."""
    unit_ids = [unit_id for (unit_id,) in rows if unit_id is not None]
    if len(unit_ids) < len(rows):
        return True
    if not rows:
        return False
    suspended = suspended_units()
    if not suspended:
        return True
    units = Unit.objects.select_related("parent__parent__parent__parent")
    return any(not suspended & {u.pk for u in lineage(units.get(pk=unit_id))} for unit_id in unit_ids)


def has(user: User, permission: str, unit: Unit | None = None, organisation: Organisation | None = None) -> bool:
    """Whether `user` holds `permission` over `unit` (through a role on it or an ancestor, or an
    organisation-wide role of its organisation); with no unit, over the whole of `organisation`
    (`has_whole`): a role scoped to a unit never covers the organisation as a whole. With neither,
    `has_anywhere` (navigation only; call it by that name). Roles over a suspended unit, or beneath
    one, count for nothing while the suspension is in force."""
    if unit is None:
        if organisation is None:
            return has_anywhere(user, permission)
        return has_whole(user, permission, organisation)
    if organisation is not None and unit.organisation_id != organisation.pk:
        return False
    ids = [u.pk for u in lineage(unit)]
    roles = _roles(user, permission).filter(
        Q(unit__in=ids) | Q(unit__isnull=True, organisation_id=unit.organisation_id)
    )
    return _in_force(list(roles.values_list("unit_id")))


def has_whole(user: User, permission: str, organisation: Organisation) -> bool:
    """Whether `user` holds `permission` over the whole of `organisation`: an organisation-wide role."""
    return _roles(user, permission).filter(organisation=organisation, unit__isnull=True).exists()


def has_anywhere(user: User, permission: str, organisation: Organisation | None = None) -> bool:
    """Whether `user` holds `permission` over some unit (of `organisation`, or of any organisation),
    with a role in force. For navigation only: a menu, a link, an empty form."""
    roles = _roles(user, permission)
    if organisation is not None:
        roles = roles.filter(organisation=organisation)
    return _in_force(list(roles.values_list("unit_id")))


def require(user: User, permission: str, unit: Unit | None = None, organisation: Organisation | None = None) -> None:
    """Raise `PermissionDenied` unless `has(user, permission, unit, organisation)` (with neither a
    unit nor an organisation, `require_anywhere`: the gate of a page that filters by scope)."""
    if not has(user, permission, unit, organisation):
        where = unit.name if unit is not None else f"the whole of {organisation.name}" if organisation else "here"
        raise PermissionDenied(
            gettext("you do not have the {permission} permission over {where}").format(
                permission=permission, where=where
            )
        )


def require_whole(user: User, permission: str, organisation: Organisation) -> None:
    """Raise `PermissionDenied` unless `has_whole(user, permission, organisation)`."""
    if not has_whole(user, permission, organisation):
        raise PermissionDenied(
            gettext("acting on the whole of {name} needs an organisation-wide {permission} role").format(
                name=organisation.name, permission=permission
            )
        )


def require_anywhere(user: User, permission: str) -> None:
    """Raise `PermissionDenied` unless `has_anywhere`: the gate of an officer's page whose rows or
    actions are then each checked, or filtered, by `has`, `has_whole` or `units_in_scope`."""
    if not has_anywhere(user, permission):
        raise PermissionDenied(gettext("you do not have the {permission} permission").format(permission=permission))


def whole_organisations(user: User, permission: str) -> QuerySet[Organisation]:
    """The organisations over whose whole `user` holds `permission`."""
    ids = _roles(user, permission).filter(unit__isnull=True).values_list("organisation_id", flat=True)
    return Organisation.objects.filter(pk__in=list(ids))


def organisations_anywhere(user: User, permission: str) -> QuerySet[Organisation]:
    """The organisations where `user` holds `permission` over some unit or the whole (roles in force
    or not: a filter to narrow a list before each row is decided)."""
    return Organisation.objects.filter(pk__in=list(_roles(user, permission).values_list("organisation_id", flat=True)))


def oversees(user: User, other: User, permission: str) -> bool:
    """Whether `user` holds `permission` over everything `other` holds it over (each of `other`'s
    roles: the same organisation as a whole, or a unit in `user`'s scope). Someone with no such role
    is overseen by nobody but themselves."""
    theirs = list(_roles(other, permission).values_list("organisation_id", "unit_id"))
    if not theirs:
        return False
    whole = set(whole_organisations(user, permission).values_list("pk", flat=True))
    scope: set[int] | None = None
    for organisation_id, unit_id in theirs:
        if organisation_id in whole:
            continue
        if unit_id is None:
            return False
        if scope is None:
            scope = set(units_in_scope(user, permission).values_list("pk", flat=True))
        if unit_id not in scope:
            return False
    return True


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


def organisations_of(user: User) -> QuerySet[Organisation]:
    """The organisations `user` belongs to: where the person linked to their account holds a
    membership (whatever its standing: the register keeps it), or where they hold a role (in force or
    not: a suspension stops an officer's powers, not their belonging). Nobody else's internal
    business is theirs to read; an anonymous or deactivated account belongs nowhere."""
    holder = signed_in(user)
    if holder is None or not holder.is_active:
        return Organisation.objects.none()
    members = Membership.objects.filter(person__user=holder).values("unit__organisation_id")
    officers = Role.objects.filter(user=holder).values("organisation_id")
    return Organisation.objects.filter(Q(pk__in=members) | Q(pk__in=officers))


def person_of(user: User) -> Person | None:
    """The register's person linked to this account, if any."""
    holder = signed_in(user)
    if holder is None:
        return None
    return Person.objects.filter(user=holder).first()


def is_self(user: User, person: Person) -> bool:
    return user.is_authenticated and person.user_id == user.pk


def role_names(user: User) -> Iterable[str]:
    """The user's roles in words ("secretary of Islington North CLP"), for the page header."""
    holder = signed_in(user)
    if holder is None:
        return []
    return [str(role) for role in Role.objects.filter(user=holder).select_related("unit", "organisation")]
