"""Recording a gate decision (a nomination threshold, a trigger, a confidence vote) exactly as the
rules gave it: the deciding check's rule, citation, threshold, count and arithmetic, every check,
and who decided, with its audit entry."""

from __future__ import annotations

from typing import Any

from hustings.rules import GateCheck, GateDecision
from hustings.services import audit
from hustings.services.access import User
from hustings.store.processes.models import Process, Stage, StageDecision


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
