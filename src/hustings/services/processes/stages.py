"""Where a process stands and moving it on: the state a step needs, its stages (found, required
open, moved to a new state) and its end with an outcome, each move audited."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from hustings.services import audit
from hustings.services.access import User
from hustings.services.processes.errors import ProcessError
from hustings.store.processes.models import Process, ProcessState, Stage, StageState


def require_state(process: Process, *states: str) -> None:
    if process.state not in states:
        raise ProcessError(
            gettext("{title} is {state}: this cannot be done now").format(
                title=process.title, state=process.get_state_display()
            )
        )


def stage(process: Process, key: str) -> Stage:
    try:
        return process.stages.get(key=key)
    except Stage.DoesNotExist:
        raise ProcessError(
            gettext("{title} has no {stage} stage").format(title=process.title, stage=key.replace("_", " "))
        ) from None


def require_stage_open(process: Process, key: str) -> Stage:
    found = stage(process, key)
    if found.state != StageState.OPEN:
        raise ProcessError(
            gettext("the {found} stage of {title} is {state}").format(
                found=found.name.lower(), title=process.title, state=found.state
            )
        )
    return found


def move_stage(actor: User | str, process: Process, key: str, state: str) -> Stage:
    found = stage(process, key)
    before = found.state
    found.state = state
    found.save(update_fields=["state"])
    audit.record(actor, f"processes.stage.{state}", found, {"state": before}, {"state": state})
    return found


def finish(actor: User | str, process: Process, outcome: str, result: dict[str, Any] | None = None) -> Process:
    before = {"state": process.state, "outcome": process.outcome}
    process.state = ProcessState.DECIDED
    process.outcome = outcome
    if result is not None:
        process.result = result
    process.save(update_fields=["state", "outcome", "result"])
    audit.record(actor, "processes.decided", process, before, {"state": process.state, "outcome": outcome})
    return process
