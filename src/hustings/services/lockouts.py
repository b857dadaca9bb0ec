"""Use cases: see which accounts are locked out after failed sign-ins, and unlock one.

django-axes counts failed sign-ins (`AccessAttempt` rows, per account name and address; set by
the `AXES_*` settings). An account is locked out once its failures within the cool-off reach
`AXES_FAILURE_LIMIT`. An officer with `accounts.unlock` over the account may unlock it: over a
unit where the person linked to it holds a membership, or over the unit of one of its roles (an
organisation-wide role: the organisation's top units). An account with neither takes an
organisation-wide officer. Unlocking forgets the account's failed sign-ins and is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from hustings.services import access
from hustings.services.audit import record
from hustings.store.accounts.models import Role
from hustings.store.organisations.models import Unit

PERMISSION = "accounts.unlock"


class UnlockError(ValueError):
    """An account that cannot be unlocked, in words for the officer."""


@dataclass(frozen=True)
class Lockout:
    username: str
    failures: int


def units_of(user: User) -> list[Unit]:
    """The units an account belongs to: its person's memberships and its roles' units."""
    units = list(Unit.objects.filter(memberships__person__user=user).distinct())
    for role in Role.objects.filter(user=user).select_related("unit", "organisation"):
        if role.unit is not None:
            units.append(role.unit)
        else:
            units.extend(Unit.objects.filter(organisation=role.organisation, parent=None))
    return units


def may_unlock(actor: access.User, user: User) -> bool:
    """Whether `actor` holds the permission over a unit the account belongs to; an account that
    belongs to no unit may be unlocked only by an organisation-wide officer."""
    units = units_of(user)
    if not units:
        return access.whole_organisations(actor, PERMISSION).exists()
    return any(access.has(actor, PERMISSION, unit) for unit in units)


def locked_out(actor: access.User) -> list[Lockout]:
    """The accounts locked out now that `actor` may unlock, most failures first: those with at
    least `AXES_FAILURE_LIMIT` failures within the cool-off."""
    access.require_anywhere(actor, PERMISSION)
    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)  # older failures have expired
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-failures", "username")
    )
    users = {u.username: u for u in User.objects.filter(username__in=[row["username"] for row in rows])}
    return [
        Lockout(row["username"], row["failures"])
        for row in rows
        if row["username"] in users and may_unlock(actor, users[row["username"]])
    ]


def unlock(actor: access.User, username: str) -> int:
    """Forget the failed sign-ins of the account `username`, so that it may sign in again at once;
    returns how many there were. Raises `PermissionDenied` outside the actor's scope, and
    `UnlockError` for an account that does not exist."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise UnlockError(gettext("no account is called {username!r}").format(username=username))
    if not may_unlock(actor, user):
        raise PermissionDenied(
            gettext("you do not have the {PERMISSION} permission over the account {username}").format(
                PERMISSION=PERMISSION, username=username
            )
        )
    with transaction.atomic():
        attempts = AccessAttempt.objects.filter(username=username)
        failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        attempts.delete()
        record(actor, "unlock account", user, {"failed sign-ins": failures}, {"failed sign-ins": 0})
    return failures
