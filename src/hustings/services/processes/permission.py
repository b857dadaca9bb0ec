"""Who may run a process: an officer holding `processes.manage` over its unit (or, for a process of
the whole organisation, over the organisation as a whole), decided by `hustings.services.access`."""

from __future__ import annotations

from hustings.services import access
from hustings.services.access import User
from hustings.store.processes.models import Process

MANAGE = "processes.manage"


def require_manage(actor: User, process: Process) -> None:
    access.require(actor, MANAGE, unit=process.unit, organisation=process.organisation)
