"""Use cases of confidence votes.

Binding (Conservative, 1922 Committee, as applied on 6 June 2022): letters from 15% of MPs trigger
a secret ballot (`confidence_trigger`), the leader survives with more than half the votes cast
(`confidence_survived`) and is then immune for 12 months. Advisory (a PLP-style motion, e.g.
172 to 40 on 28 June 2016): the result is recorded, and the process says in so many words that it
changes nothing in the rulebook, because no rule gives such a motion any effect."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hustings.rules import confidence_survived, confidence_trigger
from hustings.rules.processes import immunity_until
from hustings.services import audit
from hustings.services.access import User
from hustings.services.audit import actor_name
from hustings.services.processes.decisions import record_decision
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.permission import require_manage
from hustings.services.processes.rulebook import rulebook_of
from hustings.services.processes.stages import finish, move_stage, require_stage_open, require_state
from hustings.store.processes.models import Process, ProcessState, StageDecision, StageState


def record_letters(
    actor: User,
    process: Process,
    letters: int,
    mps: int,
    *,
    on: dt.date | None = None,
    last_vote: dt.date | None = None,
) -> StageDecision:
    """Letters received so far, of `mps` MPs: is the vote triggered? (Immunity after `last_vote` first.)"""
    require_manage(actor, process)
    _require(process, "confidence_vote")
    require_state(process, ProcessState.OPEN)
    if letters < 0 or mps <= 0 or letters > mps:
        raise ProcessError(gettext("letters must be between 0 and the number of MPs"))
    rules = rulebook_of(process)
    decision = confidence_trigger(
        letters, rules, process.kind, {"mps": mps}, on or timezone.localdate(), last_vote=last_vote
    )
    with transaction.atomic():
        stage = require_stage_open(process, "letters")
        row = record_decision(actor, process, stage, decision)
        if decision.met:
            move_stage(actor, process, "letters", StageState.CLOSED)
            move_stage(actor, process, "vote", StageState.OPEN)
    return row


def record_confidence_vote(actor: User, process: Process, votes_for: int, votes_against: int) -> Process:
    """The parliamentary party's vote: survived (and immune until ...) or removed."""
    require_manage(actor, process)
    _require(process, "confidence_vote")
    require_state(process, ProcessState.OPEN)
    if votes_for < 0 or votes_against < 0 or votes_for + votes_against == 0:
        raise ProcessError(gettext("enter the votes for and against the leader"))
    rules = rulebook_of(process)
    decision = confidence_survived(votes_for, votes_for + votes_against, rules, process.kind)
    confidence = rules.process(process.kind).confidence
    leader = process.subject or "the leader"
    with transaction.atomic():
        stage = require_stage_open(process, "vote")
        record_decision(actor, process, stage, decision)
        move_stage(actor, process, "vote", StageState.CLOSED)
        move_stage(actor, process, "result", StageState.CLOSED)
        if decision.met:
            outcome = f"{leader} survives, {votes_for} to {votes_against}"
            if confidence is not None and confidence.immunity is not None:
                until = immunity_until(timezone.localdate(), confidence.immunity.months)
                outcome += f"; no further vote before {until:%d %B %Y} (rule {confidence.immunity.id})"
        else:
            outcome = (
                f"{leader} loses, {votes_for} to {votes_against}, and is removed as leader; "
                "a leadership election follows"
            )
        finish(actor, process, outcome, {"for": votes_for, "against": votes_against, "survived": decision.met})
    return process


def record_advisory_motion(
    actor: User, process: Process, votes_for: int, votes_against: int, abstentions: int = 0
) -> Process:
    """Record an advisory motion's result; it binds nobody, and the process says so."""
    require_manage(actor, process)
    _require(process, "advisory_confidence")
    require_state(process, ProcessState.OPEN)
    if min(votes_for, votes_against, abstentions) < 0:
        raise ProcessError(gettext("votes cannot be negative"))
    passed = votes_for > votes_against
    leader = process.subject or "the leader"
    effect = (
        f"It is advisory: no rule of {process.rulebook_name} gives this motion any effect, so {leader} "
        "remains leader and nothing in the rulebook changes. Only the rulebook's own procedures "
        "(a challenge with nominations) can change the leadership."
    )
    outcome = f"The motion of no confidence {'passed' if passed else 'fell'}, {votes_for} to {votes_against}. {effect}"
    with transaction.atomic():
        stage = require_stage_open(process, "motion")
        row = StageDecision.objects.create(
            process=process,
            stage=stage,
            subject=leader,
            rule="none (advisory)",
            met=passed,
            received=votes_for,
            reason=outcome,
            decided_by=actor_name(actor),
        )
        audit.record(actor, "processes.gate", row, None, {"met": passed, "reason": outcome})
        move_stage(actor, process, "motion", StageState.CLOSED)
        move_stage(actor, process, "result", StageState.CLOSED)
        finish(
            actor,
            process,
            outcome,
            {"for": votes_for, "against": votes_against, "abstentions": abstentions, "binding": False},
        )
    return process


def _require(process: Process, kind: str) -> None:
    if process.kind != kind:
        raise ProcessError(gettext("{title} is not a {kind}").format(title=process.title, kind=kind.replace("_", " ")))
