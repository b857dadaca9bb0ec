"""Selector: what an officer needs to see of a process — its stages and dates, the gate decisions
with their reasons, the nominations, and what is due and what is blocked, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from hustings.services.processes.contests import LEADERSHIP, candidates, nominees
from hustings.services.processes.meetings import standing
from hustings.services.processes.suspensions import suspension_over
from hustings.store.processes.models import Process as Process
from hustings.store.processes.models import ProcessState, Stage, StageDecision, StageState


@dataclass
class NomineeLine:
    name: str
    received: int
    required: int | None
    met: bool | None
    reason: str
    arithmetic: str
    withdrawn: bool


@dataclass
class Overview:
    process: Process
    stages: list[Stage]
    decisions: list[StageDecision]
    nominees: list[NomineeLine] = field(default_factory=list)
    on_ballot: list[str] = field(default_factory=list)
    due: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def every_process() -> QuerySet[Process]:
    """Every process, whoever asks: a payment provider's notice names its process by number."""
    return Process.objects.all()


def overview(process: Process) -> Overview:
    stages = list(process.stages.all())
    decisions = list(process.decisions.all())
    view = Overview(process, stages, decisions)
    now = timezone.now()
    suspended = suspension_over(process.unit)
    if suspended is not None and process.state == ProcessState.OPEN:
        view.blocked.append(
            f"{suspended.unit.name} is suspended under {suspended.rule}: its meetings, nominations and "
            "officers' powers are stopped until the suspension is lifted"
        )
    for row in stages:
        if row.state == StageState.OPEN:
            when = f", closes {timezone.localtime(row.closes):%H:%M on %d %B %Y}" if row.closes else ""
            late = " (its closing time has passed: close it)" if row.closes and row.closes < now else ""
            view.due.append(f"{row.name} is open{when}{late}")
    if process.kind in LEADERSHIP:
        _contest(process, view)
    elif process.kind == "branch_nomination" and process.state == ProcessState.OPEN:
        names = standing(process)
        if names:
            view.due.append(f"Round {process.rounds.count() + 1}: enter the votes for {', '.join(names)}")
        else:
            view.blocked.append("The meeting cannot vote until its candidates and attendance are entered")
    elif process.kind == "trigger_ballot" and process.state == ProcessState.OPEN:
        voted = process.unit_votes.count()
        if voted:
            view.due.append(f"{voted} units have voted; decide when every branch and affiliate has voted")
        else:
            view.blocked.append("No decision until branches or affiliates have voted")
    return view


def _contest(process: Process, view: Overview) -> None:
    latest: dict[str, StageDecision] = {}
    for row in view.decisions:
        latest[row.subject] = row
    withdrawn = set(process.withdrawals.values_list("candidate", flat=True))
    names = ([process.subject] if process.subject in latest else []) + nominees(process)
    for name in dict.fromkeys(names):
        decision = latest.get(name)
        view.nominees.append(
            NomineeLine(
                name=name,
                received=process.nominations.filter(nominee=name).count(),
                required=decision.required if decision else None,
                met=decision.met if decision else None,
                reason=decision.reason if decision else "not yet decided",
                arithmetic=decision.arithmetic if decision else "",
                withdrawn=name in withdrawn,
            )
        )
    view.on_ballot = candidates(process)
    if process.state != ProcessState.OPEN:
        return
    nominations = next((s for s in view.stages if s.key == "nominations"), None)
    if nominations is not None and nominations.state != StageState.CLOSED:
        view.blocked.append("The ballot cannot open before nominations close")
    if len(view.on_ballot) == 0:
        view.blocked.append("Nobody has met the nomination gate yet: there is no one to vote for")
    elif len(view.on_ballot) == 1 and nominations is not None and nominations.state == StageState.CLOSED:
        view.due.append(f"Only {view.on_ballot[0]} is on the ballot: opening it declares them elected unopposed")
