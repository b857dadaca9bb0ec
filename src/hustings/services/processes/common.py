"""What every process use case shares: the error a user sees, permission, the rulebook of a
process, suspensions in force over a unit, and recording a gate decision."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from hustings.rules import GateCheck, GateDecision, Rulebook, load_rulebook
from hustings.services import access, audit
from hustings.store.organisations.models import Unit
from hustings.store.processes.models import Process, ProcessState, Stage, StageDecision, StageState, Suspension

User = AbstractBaseUser | AnonymousUser
MANAGE = "processes.manage"


class ProcessError(ValueError):
    """A transition the rules or the process's state do not allow; its message is for the user."""


def require_manage(actor: User, process: Process) -> None:
    access.require(actor, MANAGE, unit=process.unit, organisation=process.organisation)


def rulebook_of(process: Process) -> Rulebook:
    return _shipped(process.rulebook_name)


@functools.lru_cache(maxsize=32)
def _shipped(name: str) -> Rulebook:
    """A shipped rulebook, read and validated once per process (they are package data, never edited)."""
    return load_rulebook(name)


def require_state(process: Process, *states: str) -> None:
    if process.state not in states:
        raise ProcessError(f"{process.title} is {process.get_state_display()}: this cannot be done now")


def stage(process: Process, key: str) -> Stage:
    try:
        return process.stages.get(key=key)
    except Stage.DoesNotExist:
        raise ProcessError(f"{process.title} has no {key.replace('_', ' ')} stage") from None


def require_stage_open(process: Process, key: str) -> Stage:
    found = stage(process, key)
    if found.state != StageState.OPEN:
        raise ProcessError(f"the {found.name.lower()} stage of {process.title} is {found.state}")
    return found


def move_stage(actor: User | str, process: Process, key: str, state: str) -> Stage:
    found = stage(process, key)
    before = found.state
    found.state = state
    found.save(update_fields=["state"])
    audit.record(actor, f"processes.stage.{state}", found, {"state": before}, {"state": state})
    return found


def suspension_over(unit: Unit | None) -> Suspension | None:
    """The suspension in force over `unit` or any unit above it (a suspended CLP stops its branches too)."""
    if unit is None:
        return None
    ids = [u.pk for u in access.lineage(unit)]
    return Suspension.objects.filter(unit__in=ids, lifted_at__isnull=True).select_related("unit").first()


def refuse_if_suspended(unit: Unit | None, what: str) -> None:
    found = suspension_over(unit)
    if found is not None:
        raise ProcessError(
            f"{what} refused: {found.unit.name} is suspended under {found.rule} "
            f"(by {found.suspended_by} on {timezone.localtime(found.suspended_at):%d %B %Y})"
        )


def check_record(check: GateCheck) -> dict[str, Any]:
    return {
        "rule": check.rule,
        "citation": check.citation,
        "met": check.met,
        "required": check.required,
        "received": check.received,
        "arithmetic": check.arithmetic,
        "reason": check.reason,
    }


def record_decision(
    actor: User | str,
    process: Process,
    stage_row: Stage | None,
    decision: GateDecision,
    reason: str | None = None,
) -> StageDecision:
    """Write a gate decision as the rules gave it (threshold, rounding, reason) with its audit entry."""
    first = decision.checks[0] if decision.checks else None
    deciding = next((c for c in decision.checks if c.rule in decision.met_by), None) or next(
        (c for c in decision.checks if not c.met), first
    )
    row = StageDecision.objects.create(
        process=process,
        stage=stage_row,
        subject=decision.candidate,
        rule=", ".join(decision.met_by) if decision.met and decision.met_by else (deciding.rule if deciding else ""),
        citation=(deciding.citation if deciding else ""),
        met=decision.met,
        required=(deciding.required if deciding else None),
        received=(deciding.received if deciding else None),
        arithmetic=(deciding.arithmetic if deciding else ""),
        reason=reason or decision.reason,
        checks=[check_record(c) for c in decision.checks],
        decided_by=audit.actor_name(actor),
    )
    audit.record(actor, "processes.gate", row, None, {"subject": row.subject, "met": row.met, "reason": row.reason})
    return row


def finish(actor: User | str, process: Process, outcome: str, result: dict[str, Any] | None = None) -> Process:
    before = {"state": process.state, "outcome": process.outcome}
    process.state = ProcessState.DECIDED
    process.outcome = outcome
    if result is not None:
        process.result = result
    process.save(update_fields=["state", "outcome", "result"])
    audit.record(actor, "processes.decided", process, before, {"state": process.state, "outcome": outcome})
    return process


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A rulebook's wall-clock time (Europe/London) as an aware datetime."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone.get_current_timezone())
