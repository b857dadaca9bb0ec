"""What is due from an officer (issue #14: "each officer's home lists what is due"): nominations
closing soon, open ballots whose close time has passed or is near, counted results not yet
published, and reported comments awaiting moderation. Each list holds only what the officer may do
something about: a process they manage, a ballot they may run (`ballots.officers.may_run`), a
report in a debate of a unit they moderate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F

from hustings.services import access
from hustings.services.ballots.officers import may_run
from hustings.services.debates.moderation import queue
from hustings.services.processes.permission import MANAGE
from hustings.store.ballots.models import Ballot, Status
from hustings.store.processes.models import ProcessState, Stage, StageState

SOON = dt.timedelta(days=3)
"""How near a closing time must be to be listed as due."""


@dataclass(frozen=True)
class Due:
    """One thing to do: `kind` is `nominations`, `close`, `publish` or `moderate`; `pk` the process,
    ballot or debate it is done on; `when` the time it falls due (None: now), `passed` whether that
    time has gone by; `count` the reports."""

    kind: str
    pk: int
    title: str
    when: dt.datetime | None = None
    passed: bool = False
    count: int = 0


def nominations_closing(user: access.User, now: dt.datetime) -> list[Due]:
    """Open nominations of processes the user manages that close within `SOON` (or have passed)."""
    stages = (
        Stage.objects.filter(
            key="nominations",
            state=StageState.OPEN,
            closes__lte=now + SOON,
            process__state=ProcessState.OPEN,
            process__organisation__in=access.organisations_anywhere(user, MANAGE),
        )
        .select_related("process", "process__organisation", "process__unit")
        .order_by(F("closes").asc(nulls_last=True), "pk")
    )
    return [
        Due("nominations", s.process.pk, s.process.title, s.closes, passed=s.closes is not None and s.closes <= now)
        for s in stages
        if access.has(user, MANAGE, unit=s.process.unit, organisation=s.process.organisation)
    ]


def _ballots(user: access.User, status: str) -> list[Ballot]:
    rows = Ballot.objects.filter(
        status=status, organisation__in=access.organisations_anywhere(user, "ballots.run")
    ).select_related("organisation")
    rows = rows.order_by(F("closes").asc(nulls_last=True), "pk")
    return [b for b in rows if may_run(user, b.organisation, list(b.units) or None)]


def ballots_to_close(user: access.User, now: dt.datetime) -> list[Due]:
    """Open ballots the user runs whose close time has passed or falls within `SOON`, and those
    with no close time at all (nothing will remind the officer to close them)."""
    return [
        Due("close", b.pk, b.title, b.closes, passed=b.closes is not None and b.closes <= now)
        for b in _ballots(user, Status.OPEN)
        if b.closes is None or b.closes <= now + SOON
    ]


def results_to_publish(user: access.User) -> list[Due]:
    """Counted ballots the user runs whose result is not yet published."""
    return [Due("publish", b.pk, b.title) for b in _ballots(user, Status.COUNTED)]


def reports_to_moderate(user: access.User) -> list[Due]:
    """Debates with open reports in the user's moderation queue, with how many each has."""
    debates = (
        queue(user)
        .order_by()
        .values("comment__debate_id", "comment__debate__title")
        .annotate(reports=Count("id"))
        .order_by("comment__debate__title", "comment__debate_id")
    )
    return [
        Due("moderate", row["comment__debate_id"], row["comment__debate__title"], count=row["reports"])
        for row in debates
    ]


def due_for(user: access.User, now: dt.datetime) -> list[Due]:
    """Everything due from the user, in the order the home page lists it."""
    return [
        *nominations_closing(user, now),
        *ballots_to_close(user, now),
        *results_to_publish(user),
        *reports_to_moderate(user),
    ]
