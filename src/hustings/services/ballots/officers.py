"""Who may run a ballot: a returning officer over every unit the ballot's electorate is drawn from,
or, when the ballot names no units (the whole organisation votes), an organisation-wide one."""

from __future__ import annotations

from django.utils.translation import gettext

from hustings.services import access
from hustings.services.access import User
from hustings.services.ballots.errors import BallotError
from hustings.store.ballots.models import Ballot
from hustings.store.organisations.models import Organisation, Unit


def scope(organisation: Organisation, codes: list[str] | None) -> list[Unit]:
    """The units a ballot names (none: the whole organisation)."""
    if not codes:
        return []
    units = list(Unit.objects.filter(organisation=organisation, code__in=codes))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing:
        raise BallotError(
            gettext("no unit {missing} in {name}").format(missing=", ".join(missing), name=organisation.name)
        )
    return units


def may_run(user: User, organisation: Organisation, codes: list[str] | None) -> bool:
    units = scope(organisation, codes)
    if not units:
        return access.has_whole(user, "ballots.run", organisation)
    return all(access.has(user, "ballots.run", unit) for unit in units)


def require(user: User, organisation: Organisation, codes: list[str] | None) -> None:
    """Raise `PermissionDenied` unless `user` may run a ballot over these units ("ballots.run")."""
    units = scope(organisation, codes)
    if not units:
        access.require_whole(user, "ballots.run", organisation)
    for unit in units:
        access.require(user, "ballots.run", unit)


def require_for(user: User, ballot: Ballot) -> None:
    require(user, ballot.organisation, list(ballot.units) or None)
